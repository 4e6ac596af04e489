using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace DataLogger.Ingest;

/// <summary>
/// How both ingest hosts answer a request, shaped as its client reads it. On InfluxDB's paths every answer is
/// InfluxDB's own: 204 when all is stored, and otherwise JSON, <c>{"error": "…"}</c> on <c>/write</c> (1.x) and
/// <c>{"code": "invalid", "message": "…"}</c> on <c>/api/v2/write</c> (2.x), with InfluxDB's headers. Telegraf's
/// <c>influxdb</c> output takes only 204 for done and sends a batch again after anything but a 4xx with a JSON body (a
/// 200 too, body or none; plugins/outputs/influxdb/http.go), so a partial write is answered as InfluxDB answers one: 400 with <c>partial write: … dropped=N</c> (the points that are stored stay stored;
/// both Telegraf outputs log the line and drop the batch, never resend it; Tasmota logs it as <c>IFX: Error</c>; the
/// <c>influx</c> client prints it). Elsewhere (our JSON, Ecowitt, Shelly) the answer is the one line, as text.
/// </summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="ContentType">The body's type, or null when there is no body.</param>
/// <param name="Body">The body; empty with 204.</param>
/// <param name="Headers">Other headers.</param>
public sealed record IngestAnswer(int Status, string? ContentType, string Body, IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>The InfluxDB version the InfluxDB paths answer as (<c>X-Influxdb-Version</c>).</summary>
    public const string InfluxVersion = "1.8.10";

    /// <summary>All stored (or nothing to store): 204.</summary>
    public static IngestAnswer Stored(string path) => new(204, null, string.Empty, Influx(path) ? InfluxHeaders() : new Dictionary<string, string>());

    /// <summary>The answer to a request on <paramref name="path"/> whose readings are <paramref name="batch"/>'s: 204, or 400 with its partial write.</summary>
    public static IngestAnswer Of(string path, IngestBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return batch.PartialWrite is { } partial ? Refused(path, 400, partial) : Stored(path);
    }

    /// <summary>A refusal (<paramref name="status"/> 400, 401, 413, 415, 429, 503) and its line, in the shape of <paramref name="path"/>'s client.</summary>
    public static IngestAnswer Refused(string path, int status, string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var headers = Influx(path) ? InfluxHeaders() : new Dictionary<string, string>();
        if (status is 429 or 503)
        {
            headers["Retry-After"] = "60";
        }

        if (!Influx(path))
        {
            return new IngestAnswer(status, "text/plain; charset=utf-8", line + "\n", headers);
        }

        var body = Trimmed(path) == "/write"
            ? Json(json => json.WriteString("error", line))
            : Json(json =>
            {
                json.WriteString("code", Code(status));
                json.WriteString("message", line);
            });
        return new IngestAnswer(status, "application/json; charset=utf-8", body, headers);
    }

    /// <summary>
    /// The answer to <c>/ping</c>, as InfluxDB 1.8 gives it (services/httpd/handler.go, <c>servePing</c>): 204, or with
    /// <c>?verbose=</c> anything but <c>0</c> or <c>false</c> 200 and <c>{"version": "1.8.10"}</c>; both with InfluxDB's
    /// version headers. Tasmota's InfluxDB driver asks <c>/ping?verbose=true</c> and writes nothing until it is 200.
    /// </summary>
    public static IngestAnswer Ping(IReadOnlyDictionary<string, string> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query.GetValueOrDefault("verbose") is { Length: > 0 } verbose && verbose is not ("0" or "false")
            ? new IngestAnswer(200, "application/json", Json(json => json.WriteString("version", InfluxVersion)), InfluxHeaders())
            : Stored(IngestReader.Ping);
    }

    /// <summary>
    /// The answer to <c>/health</c>, as InfluxDB gives it (1.8's <c>serveHealth</c>, 2.x's <c>HealthHandler</c>): 200 and
    /// <c>{"name": "influxdb", "message": "ready for queries and writes", "status": "pass", "checks": [], "version": …}</c>.
    /// Tasmota's driver in its 2.x mode asks it, and writes nothing until it is 200.
    /// </summary>
    public static IngestAnswer Health() => new(200, "application/json; charset=utf-8", Json(json =>
    {
        json.WriteString("name", "influxdb");
        json.WriteString("message", "ready for queries and writes");
        json.WriteString("status", "pass");
        json.WriteStartArray("checks");
        json.WriteEndArray();
        json.WriteString("version", InfluxVersion);
    }), InfluxHeaders());

    static string Trimmed(string path) => path.Length > 1 ? path.TrimEnd('/') : path;

    static bool Influx(string path) => Trimmed(path) is "/write" or "/api/v2/write" or IngestReader.Ping or IngestReader.Health;

    static Dictionary<string, string> InfluxHeaders() => new(StringComparer.OrdinalIgnoreCase)
    {
        ["X-Influxdb-Version"] = InfluxVersion,
        ["X-Influxdb-Build"] = "OSS",
    };

    // InfluxDB 2.x's error codes (kit/platform/errors).
    static string Code(int status) => status switch
    {
        401 => "unauthorized",
        404 => "not found",
        413 => "request too large",
        415 => "unsupported media type",
        429 => "too many requests",
        503 => "unavailable",
        _ => "invalid",
    };

    static string Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            write(json);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
