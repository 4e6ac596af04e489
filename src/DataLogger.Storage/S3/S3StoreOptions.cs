namespace DataLogger.Storage.S3;

/// <summary>Where an S3 store is and how to reach it.</summary>
public sealed record S3StoreOptions
{
    /// <summary>The bucket.</summary>
    public required string Bucket { get; init; }

    /// <summary>A prefix under which every key lives (no leading slash; a trailing one is added). Empty for none.</summary>
    public string Prefix { get; init; } = string.Empty;

    /// <summary>
    /// The endpoint of an S3-compatible server (path-style addressing), for example <c>http://127.0.0.1:4569</c>;
    /// null for AWS (the endpoint of the region, or <c>AWS_ENDPOINT_URL_S3</c>).
    /// </summary>
    public Uri? Endpoint { get; init; }

    /// <summary>The region; null for the standard chain (<c>AWS_REGION</c>, the profile), or us-east-1 with an endpoint.</summary>
    public string? Region { get; init; }

    /// <summary>The store named by <c>s3://BUCKET/PREFIX</c>.</summary>
    public static S3StoreOptions FromUri(Uri uri, Uri? endpoint = null, string? region = null)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!string.Equals(uri.Scheme, "s3", StringComparison.OrdinalIgnoreCase) || string.IsNullOrEmpty(uri.Host))
        {
            throw new FormatException($"'{uri}' is not an S3 location: write s3://BUCKET or s3://BUCKET/PREFIX");
        }

        return new S3StoreOptions { Bucket = uri.Host, Prefix = Uri.UnescapeDataString(uri.AbsolutePath).Trim('/'), Endpoint = endpoint, Region = region };
    }
}
