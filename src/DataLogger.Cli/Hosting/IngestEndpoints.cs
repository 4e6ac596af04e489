using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading.RateLimiting;
using DataLogger.Cli.Configuration;
using DataLogger.Ingest;
using DataLogger.Readings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DataLogger.Cli.Hosting;

/// <summary>
/// Readings over HTTP into <c>run</c>, beside the site: InfluxDB line protocol at <c>/api/v2/write</c> and <c>/write</c>
/// (with <c>/ping</c>, which InfluxDB 1.x clients ask first), our own JSON readings at <c>/api/readings</c>, Ecowitt's
/// "customized server" form at <c>/api/ecowitt</c>, and a Shelly's sensor report at <c>/api/shelly</c>. Each request
/// needs a device's token (a bearer or <c>Token</c> header, a Basic or InfluxDB password, or <c>?token=</c>); a body
/// over the limit, or more requests a minute than allowed, is refused; a request is read whole before anything is
/// stored, and any bad part refuses it all (400, one line saying what is wrong). Accepted readings go the way a
/// probe's do: created only where nothing is, then the page.
/// </summary>
sealed class IngestEndpoints(IngestSettings settings, Func<string, Reading, Task> store, IReadOnlySet<string> series, TimeProvider time, ILogger logger)
{
    readonly ConcurrentDictionary<string, RateLimiter> _limits = new(StringComparer.Ordinal);

    /// <summary>Maps the endpoints on <paramref name="app"/> (before it starts), when a device is set.</summary>
    public void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (settings.Devices.Count == 0)
        {
            return;
        }

        app.MapMethods("/ping", ["GET", "HEAD"], context =>
        {
            context.Response.Headers["X-Influxdb-Version"] = "1.8.10";
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        });
        app.MapPost("/write", context => HandleAsync(context, LineProtocolAsync));
        app.MapPost("/api/v2/write", context => HandleAsync(context, LineProtocolAsync));
        app.MapPost("/api/readings", context => HandleAsync(context, JsonAsync));
        app.MapPost("/api/ecowitt", context => HandleAsync(context, EcowittAsync));
        app.MapPost("/api/ecowitt/{token}", context => HandleAsync(context, EcowittAsync));
        app.MapGet("/api/shelly", context => HandleAsync(context, ShellyAsync));
    }

    delegate Task<List<(string Series, Reading Reading)>> Reader(HttpContext context, IngestDevice device, DateTimeOffset now);

    async Task HandleAsync(HttpContext context, Reader read)
    {
        if (Device(context.Request) is not { } device)
        {
            await AnswerAsync(context, StatusCodes.Status401Unauthorized, "no token, or not one of a device in the ingest settings: send it as 'Authorization: Bearer TOKEN' or ?token=TOKEN").ConfigureAwait(false);
            return;
        }

        using var lease = _limits.GetOrAdd(device.Token, _ => new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions
        {
            PermitLimit = settings.PerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        })).AttemptAcquire();
        if (!lease.IsAcquired)
        {
            context.Response.Headers.RetryAfter = "60";
            await AnswerAsync(context, StatusCodes.Status429TooManyRequests, $"too many requests from '{device.Name}': at most {settings.PerMinute} a minute (ingest.perMinute)").ConfigureAwait(false);
            return;
        }

        if (context.Request.ContentLength > settings.MaxBytes)
        {
            await AnswerAsync(context, StatusCodes.Status413PayloadTooLarge, $"the body is over {settings.MaxBytes} bytes (ingest.maxBytes): send fewer readings at once").ConfigureAwait(false);
            return;
        }

        List<(string Series, Reading Reading)> readings;
        try
        {
            readings = await read(context, device, time.GetUtcNow()).ConfigureAwait(false);
        }
        catch (IngestException e)
        {
            await AnswerAsync(context, e.Status, e.Message).ConfigureAwait(false);
            return;
        }

        foreach (var (name, reading) in readings)
        {
            await store(name, reading).ConfigureAwait(false);
        }

        logger.LogDebug("{Device}: {Count} readings stored", device.Name, readings.Count);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    IngestDevice? Device(HttpRequest request)
    {
        string? token = request.Query["token"].FirstOrDefault() ?? request.Query["p"].FirstOrDefault() ?? request.RouteValues["token"] as string;
        var header = request.Headers.Authorization.FirstOrDefault();
        if (header is not null)
        {
            var space = header.IndexOf(' ', StringComparison.Ordinal);
            var (scheme, value) = space > 0 ? (header[..space], header[(space + 1)..].Trim()) : (string.Empty, header);
            token = scheme.ToUpperInvariant() switch
            {
                "BEARER" or "TOKEN" => value,
                "BASIC" => Password(value),
                _ => token,
            };
        }

        return token is null ? null : settings.Devices.FirstOrDefault(d => d.Accepts(token));
    }

    static string? Password(string basic)
    {
        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(basic));
            return pair.IndexOf(':', StringComparison.Ordinal) is var colon and >= 0 ? pair[(colon + 1)..] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    async Task<string> BodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int n;
        while ((n = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            buffer.Write(chunk, 0, n);
            if (buffer.Length > settings.MaxBytes)
            {
                throw new IngestException(StatusCodes.Status413PayloadTooLarge, $"the body is over {settings.MaxBytes} bytes (ingest.maxBytes): send fewer readings at once");
            }
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    // InfluxDB line protocol: each point's series from the device's map, its temperature from its value field.
    async Task<List<(string Series, Reading Reading)>> LineProtocolAsync(HttpContext context, IngestDevice device, DateTimeOffset now)
    {
        IReadOnlyList<LinePoint> points;
        try
        {
            points = LineProtocol.Parse(await BodyAsync(context).ConfigureAwait(false), context.Request.Query["precision"].FirstOrDefault());
        }
        catch (FormatException e)
        {
            throw new IngestException(StatusCodes.Status400BadRequest, $"not line protocol: {e.Message}");
        }

        var readings = new List<(string, Reading)>(points.Count);
        for (var i = 0; i < points.Count; i++)
        {
            var point = points[i];
            var what = $"point {i + 1} ({point.Measurement}{string.Concat(point.Tags.Select(t => $",{t.Key}={t.Value}"))})";
            var name = device.SeriesOf(point) ?? throw new IngestException(StatusCodes.Status400BadRequest, $"{what}: '{device.Name}' maps it to no series: add it to its \"map\", such as \"{point.Measurement}\": \"pool\"");
            var celsius = IngestDevice.TemperatureOf(point) ?? throw new IngestException(StatusCodes.Status400BadRequest, $"{what}: no temperature field (value, temperature, or a single numeric field)");
            readings.Add((Known(name, what), Checked(point.Time ?? now, celsius, now, what)));
        }

        return readings;
    }

    // Our reading objects, one or an array: {"timestamp", "celsius" (or "fahrenheit"), "series" (optional)}.
    async Task<List<(string Series, Reading Reading)>> JsonAsync(HttpContext context, IngestDevice device, DateTimeOffset now)
    {
        var body = await BodyAsync(context).ConfigureAwait(false);
        var readings = new List<(string, Reading)>();
        try
        {
            using var document = JsonDocument.Parse(body);
            var items = document.RootElement.ValueKind == JsonValueKind.Array ? [.. document.RootElement.EnumerateArray()] : new List<JsonElement> { document.RootElement };
            for (var i = 0; i < items.Count; i++)
            {
                var what = $"reading {i + 1}";
                var name = items[i].TryGetProperty("series", out var s) && s.GetString() is { } given ? given : device.Series;
                if (name is null || !device.AllSeries.Contains(name))
                {
                    throw new IngestException(StatusCodes.Status400BadRequest, $"{what}: '{device.Name}' may write {string.Join(", ", device.AllSeries)}, not '{name ?? "(no series)"}'");
                }

                readings.Add((Known(name, what), JsonReading(items[i], now, what)));
            }
        }
        catch (Exception e) when (e is JsonException or ReadingFormatException or InvalidOperationException)
        {
            throw new IngestException(StatusCodes.Status400BadRequest, $"not a reading or a list of readings ({{\"timestamp\": 1796256000, \"celsius\": 27.3}}): {e.Message}");
        }

        return readings;
    }

    // A reading object as stored (ReadingJson), or one in °F only ({"timestamp", "fahrenheit"}), as devices in the US send.
    static Reading JsonReading(JsonElement item, DateTimeOffset now, string what)
    {
        if (!item.TryGetProperty("celsius", out _) && !item.TryGetProperty("celcius", out _)
            && item.TryGetProperty("fahrenheit", out var f) && f.TryGetDouble(out var fahrenheit)
            && item.TryGetProperty("timestamp", out var t) && t.TryGetInt64(out var timestamp))
        {
            return Checked(DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(timestamp, 0, Reading.MaxTimestamp)), (fahrenheit - 32) * 5 / 9, now, what);
        }

        var reading = ReadingJson.Decode(Encoding.UTF8.GetBytes(item.GetRawText()));
        return Checked(reading.Time, reading.Celsius, now, what);
    }

    // Ecowitt's customized server (protocol "Ecowitt"): a form of fields in °F; each mapped field a reading.
    async Task<List<(string Series, Reading Reading)>> EcowittAsync(HttpContext context, IngestDevice device, DateTimeOffset now)
    {
        if (!context.Request.HasFormContentType)
        {
            throw new IngestException(StatusCodes.Status400BadRequest, "not a form (application/x-www-form-urlencoded), as an Ecowitt gateway posts");
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        var at = form["dateutc"].FirstOrDefault() is { } date && DateTime.TryParse(date, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var utc)
            ? new DateTimeOffset(utc, TimeSpan.Zero)
            : now;
        var readings = new List<(string, Reading)>();
        foreach (var (field, series) in device.Map)
        {
            if (form[field].FirstOrDefault() is { } text)
            {
                var fahrenheit = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var f)
                    ? f
                    : throw new IngestException(StatusCodes.Status400BadRequest, $"{field}: '{text}' is not a temperature");
                readings.Add((Known(series, field), Checked(at, (fahrenheit - 32) * 5 / 9, now, field)));
            }
        }

        return readings.Count > 0
            ? readings
            : throw new IngestException(StatusCodes.Status400BadRequest, $"none of the fields '{device.Name}' maps ({string.Join(", ", device.Map.Keys)}) is in the form");
    }

    // A Shelly's sensor report (H&T's "report sensor values" URL): ?temp=22.5&id=shellyht-A1B2C3, °C.
    Task<List<(string Series, Reading Reading)>> ShellyAsync(HttpContext context, IngestDevice device, DateTimeOffset now)
    {
        var query = context.Request.Query;
        var id = query["id"].FirstOrDefault() ?? string.Empty;
        var name = device.SeriesOf(id) ?? throw new IngestException(StatusCodes.Status400BadRequest, $"'{device.Name}' maps the Shelly '{id}' to no series");
        var celsius = double.TryParse(query["temp"].FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var t)
            ? t
            : throw new IngestException(StatusCodes.Status400BadRequest, "no temperature: a Shelly reports ?temp=22.5");
        return Task.FromResult(new List<(string, Reading)> { (Known(name, "temp"), Checked(now, celsius, now, "temp")) });
    }

    string Known(string name, string what) => series.Contains(name)
        ? name
        : throw new IngestException(StatusCodes.Status400BadRequest, $"{what}: '{name}' is not a series of this site ({string.Join(", ", series)})");

    static Reading Checked(DateTimeOffset at, double celsius, DateTimeOffset now, string what)
    {
        var (reading, problem) = IngestDevice.ReadingAt(at, celsius, now);
        return reading ?? throw new IngestException(StatusCodes.Status400BadRequest, $"{what}: {problem}");
    }

    static async Task AnswerAsync(HttpContext context, int status, string line)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(line + "\n").ConfigureAwait(false);
    }

    sealed class IngestException(int status, string message) : Exception(message)
    {
        public int Status { get; } = status;
    }
}
