namespace DataLogger.Ingest;

/// <summary>
/// A request that may carry readings, as either host received it: <c>run</c>'s Kestrel or the AWS ingest function's
/// Lambda function URL. The host reads the body whole (refusing one over its limit) before it builds this.
/// </summary>
/// <param name="Method">The HTTP method, upper case.</param>
/// <param name="Path">The path, such as <c>/api/v2/write</c>.</param>
/// <param name="Query">The query string's parameters (the first value of each).</param>
/// <param name="Authorization">The <c>Authorization</c> header, if any.</param>
/// <param name="ContentType">The <c>Content-Type</c> header, if any.</param>
/// <param name="Body">The body, whole.</param>
public sealed record IngestRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query, string? Authorization, string? ContentType, ReadOnlyMemory<byte> Body)
{
    /// <summary>The <c>Content-Encoding</c> header, if any (<c>gzip</c>: Telegraf's InfluxDB outputs compress by default); see <see cref="IngestLimits.Inflated"/>.</summary>
    public string? ContentEncoding { get; init; }

    /// <summary>The page a browser's form was posted from (<c>Referer</c>), to send it back there; null for a device.</summary>
    public string? Referer { get; init; }

    /// <summary>The parameters of a query string (<c>a=1&amp;b=x%20y</c>, <c>+</c> a space), the first value of each.</summary>
    public static Dictionary<string, string> ParseQuery(string? text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in (text ?? string.Empty).TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var (name, value) = equals < 0 ? (pair, string.Empty) : (pair[..equals], pair[(equals + 1)..]);
            values.TryAdd(Unescape(name), Unescape(value));
        }

        return values;

        static string Unescape(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
    }
}

/// <summary>A request refused: the HTTP status and the one line that says why (and what to do).</summary>
public sealed class IngestRefusedException : Exception
{
    /// <summary>Creates the refusal.</summary>
    public IngestRefusedException(int status, string message)
        : base(message) => Status = status;

    /// <summary>Creates a bad-request refusal.</summary>
    public IngestRefusedException(string message)
        : this(400, message)
    {
    }

    /// <summary>Creates a bad-request refusal.</summary>
    public IngestRefusedException()
        : this(400, "bad request")
    {
    }

    /// <summary>Creates a bad-request refusal.</summary>
    public IngestRefusedException(string message, Exception innerException)
        : base(message, innerException) => Status = 400;

    /// <summary>The HTTP status: 400, 401, 404, 413, 415 or 429.</summary>
    public int Status { get; }
}
