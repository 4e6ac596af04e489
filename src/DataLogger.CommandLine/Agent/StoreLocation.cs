using DataLogger.Ports;
using DataLogger.Storage.Local;

namespace DataLogger.CommandLine.Agent;

/// <summary>Where the agent uploads: <c>file:///var/lib/datalogger/bucket</c> (or a plain folder), or <c>s3://BUCKET/PREFIX</c>.</summary>
public static class StoreLocation
{
    /// <summary>Opens the store named by <paramref name="text"/>.</summary>
    /// <exception cref="FormatException">The text names no store this build can open; the message says what can.</exception>
    public static IObjectStore Open(string text, Func<Uri, IObjectStore>? s3 = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        if (text.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            var uri = new Uri(text);
            if (string.IsNullOrEmpty(uri.Host))
            {
                throw new FormatException($"'{text}' names no bucket: write s3://BUCKET or s3://BUCKET/PREFIX");
            }

            return s3 is not null
                ? s3(uri)
                : throw new FormatException($"'{text}': this build cannot upload to S3; use file://DIR");
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
