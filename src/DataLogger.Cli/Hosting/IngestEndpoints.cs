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
/// readings go the way a probe's do: created only where nothing is, then the page.
/// </summary>
sealed class IngestEndpoints(IngestSettings settings, Func<string, Reading, Task> store, IReadOnlySet<string> series, TimeProvider time, ILogger logger)
{
    readonly IngestReader _reader = new(settings.Devices, series);
    readonly IngestLimits _limits = new(settings.PerMinute, settings.MaxBytes, ("ingest.perMinute", "ingest.maxBytes"));

    /// <summary>Maps the endpoints on <paramref name="app"/> (before it starts), when a device is set.</summary>
    public void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (settings.Devices.Count == 0)
        {
            return;
        }

        app.MapMethods(IngestReader.Ping, ["GET", "HEAD"], context =>
        {
            context.Response.Headers["X-Influxdb-Version"] = "1.8.10";
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        });
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
        var request = new IngestRequest(
            context.Request.Method,
            context.Request.Path.Value ?? "/",
            context.Request.Query.ToDictionary(q => q.Key, q => q.Value.FirstOrDefault() ?? string.Empty, StringComparer.Ordinal),
            context.Request.Headers.Authorization.FirstOrDefault(),
            context.Request.ContentType,
            ReadOnlyMemory<byte>.Empty);
        if (_reader.Authenticate(request) is not { } device)
        {
            await AnswerAsync(context, StatusCodes.Status401Unauthorized, IngestReader.NoToken).ConfigureAwait(false);
            return;
        }

        IReadOnlyList<(string Series, Reading Reading)> readings;
        try
        {
            _limits.Take(device);
            readings = _reader.Read(request with { Body = await BodyAsync(context).ConfigureAwait(false) }, device, time.GetUtcNow());
        }
        catch (IngestRefusedException e)
        {
            if (e.Status == StatusCodes.Status429TooManyRequests)
            {
                context.Response.Headers.RetryAfter = "60";
            }

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

    // The body, whole, refused (413) as soon as it is over the limit, whatever its Content-Length said.
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

    static async Task AnswerAsync(HttpContext context, int status, string line)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(line + "\n").ConfigureAwait(false);
    }
}
