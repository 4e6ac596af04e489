using DataLogger.Ports;
using DataLogger.Storage.Local;
using DataLogger.Storage.S3;

namespace DataLogger.Cli.Common.Commands;

/// <summary>Where the agent uploads: <c>file:///var/lib/datalogger/bucket</c> (or a plain folder), or <c>s3://BUCKET/PREFIX</c>.</summary>
public static class StoreLocation
{
    /// <summary>Opens the store named by <paramref name="text"/>; <paramref name="s3Endpoint"/> points <c>s3://</c> at an S3-compatible server.</summary>
    /// <exception cref="FormatException">The text names no store; the message says what does.</exception>
    public static IObjectStore Open(string text, Uri? s3Endpoint = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        if (text.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            var uri = new Uri(text);
            if (string.IsNullOrEmpty(uri.Host))
            {
                throw new FormatException($"'{text}' names no bucket: write s3://BUCKET or s3://BUCKET/PREFIX");
            }

            return S3ObjectStore.Create(S3StoreOptions.FromUri(uri, s3Endpoint));
        }

        if (text.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
        {
            text = new Uri(text).LocalPath;
        }
        else if (text.Contains("://", StringComparison.Ordinal))
        {
            throw new FormatException($"'{text}' is not a store: write file://DIR (a folder) or s3://BUCKET/PREFIX");
        }

        return new LocalFolderStore(text);
    }
}
