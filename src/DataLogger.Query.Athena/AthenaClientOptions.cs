namespace DataLogger.Query.Athena;

/// <summary>How to reach Athena.</summary>
public sealed record AthenaClientOptions
{
    /// <summary>The region; default <c>AWS_REGION</c>, else us-east-1.</summary>
    public string Region { get; init; } = Environment.GetEnvironmentVariable("AWS_REGION") ?? Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION") ?? "us-east-1";

    /// <summary>The endpoint; default <c>AWS_ENDPOINT_URL_ATHENA</c>, else <c>https://athena.REGION.amazonaws.com/</c>.</summary>
    public Uri? Endpoint { get; init; } = Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_ATHENA") is { Length: > 0 } url ? new Uri(url) : null;

    /// <summary>How many times a throttled or 5xx request is tried in all.</summary>
    public int Attempts { get; init; } = 4;

    /// <summary>The first wait before a retry; it doubles.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);
}
