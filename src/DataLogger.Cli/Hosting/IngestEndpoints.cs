using System.Collections.Concurrent;
using DataLogger.Cli.Configuration;
using DataLogger.Ingest;
using DataLogger.Readings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DataLogger.Cli.Hosting;

/// <summary>
/// Readings over HTTP into <c>run</c>, beside the site, at the paths <see cref="IngestReader.Routes"/> names (InfluxDB
/// line protocol at <c>/api/v2/write</c> and <c>/write</c>, with <c>/ping</c>, which InfluxDB 1.x clients ask first;
/// our JSON readings at <c>/api/readings</c>; Ecowitt's form at <c>/api/ecowitt</c>; a Shelly's report at
/// <c>/api/shelly</c>), read by the <see cref="IngestReader"/> the AWS ingest function uses too. Kestrel's part: a body
/// over the limit is refused while it arrives (413), more requests a minute than a device may make too (429); accepted
/// readings go the way a probe's do: created only where nothing is, then the page. What a batch leaves out is logged
/// once per device and point, and answered as <see cref="IngestAnswer"/> says (InfluxDB's partial write on its paths).
/// </summary>
sealed class IngestEndpoints(IngestSettings settings, Func<string, Reading, Task> store, IReadOnlySet<string> series, TimeProvider time, ILogger logger)
{
    readonly IngestReader _reader = new(settings.Devices, series);
    readonly IngestLimits _limits = new(settings.PerMinute, settings.MaxBytes, ("ingest.perMinute", "ingest.maxBytes"));
    readonly ConcurrentDictionary<string, byte> _told = new(StringComparer.Ordinal);

    /// <summary>Maps the endpoints on <paramref name="app"/> (before it starts), when a device is set.</summary>
    public void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (settings.Devices.Count == 0)
        {
            return;
        }

        // What InfluxDB clients ask before they write, answered as InfluxDB does, with no token (Tasmota's driver sends
        // nothing until /ping?verbose=true, or /health in its 2.x mode, answers 200).
        app.MapMethods(IngestReader.Ping, ["GET", "HEAD"], context => AnswerAsync(context, IngestAnswer.Ping(context.Request.Query.ToDictionary(q => q.Key, q => q.Value.FirstOrDefault() ?? string.Empty, StringComparer.Ordinal))));
        app.MapMethods(IngestReader.Health, ["GET", "HEAD"], context => AnswerAsync(context, IngestAnswer.Health()));
        foreach (var (method, path, format) in IngestReader.Routes)
        {
            app.MapMethods(path, [method], HandleAsync);
            if (format == IngestFormat.Ecowitt)
            {
                app.MapMethods(path + "/{token}", [method], HandleAsync); // gateways that cannot send a header or a query
            }
        }
    }

    async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var request = new IngestRequest(
            context.Request.Method,
            path,
            context.Request.Query.ToDictionary(q => q.Key, q => q.Value.FirstOrDefault() ?? string.Empty, StringComparer.Ordinal),
            context.Request.Headers.Authorization.FirstOrDefault(),
            context.Request.ContentType,
            ReadOnlyMemory<byte>.Empty)
        {
            ContentEncoding = context.Request.Headers.ContentEncoding.FirstOrDefault(),
        };
        if (_reader.Authenticate(request) is not { } device)
        {
            await AnswerAsync(context, IngestAnswer.Refused(path, StatusCodes.Status401Unauthorized, IngestReader.NoToken)).ConfigureAwait(false);
            return;
        }

        IngestBatch batch;
        try
        {
            _limits.Take(device);
            batch = _reader.Read(_limits.Inflated(request with { Body = await BodyAsync(context).ConfigureAwait(false) }), device, time.GetUtcNow());
        }
        catch (IngestRefusedException e)
        {
            await AnswerAsync(context, IngestAnswer.Refused(path, e.Status, e.Message)).ConfigureAwait(false);
            return;
        }

        foreach (var (name, reading) in batch.Readings)
        {
            await store(name, reading).ConfigureAwait(false);
        }

        Tell(device, batch);
        await AnswerAsync(context, IngestAnswer.Of(path, batch)).ConfigureAwait(false);
    }

    // What a device's requests left out, each point once (a device sends the same every time): a temperature that was
    // no reading as a warning, one line each; points that are none for this site (an uptime, a humidity) as information,
    // one line for those of one reason.
    void Tell(IngestDevice device, IngestBatch batch)
    {
        logger.LogDebug("{Device}: {Count} readings stored", device.Name, batch.Readings.Count);
        foreach (var (point, why) in batch.Skipped.Where(s => New(device, s.Point, skipped: true)))
        {
            logger.LogWarning("{Device}: {Point} is not stored: {Why} (said once for this point)", device.Name, point, why);
        }

        foreach (var group in batch.Ignored.Where(i => New(device, i.Point, skipped: false)).GroupBy(i => i.Why, StringComparer.Ordinal))
        {
            logger.LogInformation("{Device}: {Points} not taken: {Why} (said once for each point)", device.Name, string.Join(", ", group.Select(i => i.Point)), group.Key);
        }
    }

    bool New(IngestDevice device, string point, bool skipped) => _told.Count < 10_000 && _told.TryAdd($"{device.Name}\n{point}\n{skipped}", 0);

    // The body, whole, refused (413) as soon as it is over the limit, whatever its Content-Length said (compressed: the
    // limit holds again as it inflates, IngestLimits.Inflated).
    async Task<ReadOnlyMemory<byte>> BodyAsync(HttpContext context)
    {
        var tooLarge = _limits.TooLarge();
        if (context.Request.ContentLength > settings.MaxBytes)
        {
            throw tooLarge;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int n;
        while ((n = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            buffer.Write(chunk, 0, n);
            if (buffer.Length > settings.MaxBytes)
            {
                throw tooLarge;
            }
        }

        return buffer.ToArray();
    }

    static async Task AnswerAsync(HttpContext context, IngestAnswer answer)
    {
        context.Response.StatusCode = answer.Status;
        foreach (var (name, value) in answer.Headers)
        {
            context.Response.Headers[name] = value;
        }

        if (answer.ContentType is { } type)
        {
            context.Response.ContentType = type;
            await context.Response.WriteAsync(answer.Body).ConfigureAwait(false);
        }
    }
}
