using System.Collections.Concurrent;
using DataLogger.Cli.Configuration;
using DataLogger.Ingest;
using DataLogger.Notes;
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
/// <remarks>
/// A request's readings are stored together and then make one site update; while the data folder takes nothing, the
/// answer is 503 with <c>Retry-After</c> (the device sends them again) and one line is logged; once <c>run</c> is
/// stopping, a new request is refused whole (503) and one in flight is finished before it exits. An address that sent
/// <see cref="IngestLimits.WrongTokensPerMinute"/> wrong tokens in a minute is refused (429) for the rest of it.
/// </remarks>
sealed class IngestEndpoints(
    IngestSettings settings, Func<IReadOnlyList<(string Series, Reading Reading)>, Task> store, Station station, TimeProvider time, ILogger logger, CancellationToken stopping)
{
    /// <summary>Where a posted note goes (<c>run</c>'s notes, then the page), with the station's time zone for its typed times; none without.</summary>
    public (Func<Note, Task<bool>> Add, TimeZoneInfo Zone)? Notes { get; init; }

    readonly IngestReader _reader = new(settings.Devices, station);
    readonly IngestLimits _limits = new(settings.PerMinute, settings.MaxBytes, ("ingest.perMinute", "ingest.maxBytes"));
    readonly ConcurrentDictionary<string, byte> _told = new(StringComparer.Ordinal);
    int _refusing;

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
        if (Notes is not null)
        {
            app.MapPost(NoteRequest.Path, HandleNoteAsync);
        }

        foreach (var (method, path, format) in IngestReader.Routes)
        {
            app.MapMethods(path, [method], HandleAsync);
            if (IngestReader.TakesTokenInPath(format))
            {
                app.MapMethods(path + "/{token}", [method], HandleAsync); // devices that cannot send a header or a query of ours
            }
        }
    }

    async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var request = RequestOf(context);
        IngestDevice? device = null;
        IngestBatch batch;
        try
        {
            device = Authenticate(context, request);
            _limits.Take(device);
            batch = _reader.Read(_limits.Inflated(request with { Body = await BodyAsync(context).ConfigureAwait(false) }), device, time.GetUtcNow());
            if (stopping.IsCancellationRequested)
            {
                throw new IngestRefusedException(StatusCodes.Status503ServiceUnavailable, "datalogger is stopping: nothing of this request is stored; send it again in a minute");
            }
        }
        catch (IngestRefusedException e)
        {
            await AnswerAsync(context, IngestAnswer.Refused(path, e.Status, e.Message)).ConfigureAwait(false);
            return;
        }
        catch (BadHttpRequestException e)
        {
            // A body cut short or malformed on the wire (a bad chunk): the client's fault, one line.
            logger.LogInformation("{Device}: a request's body could not be read ({Message}); nothing of it is stored", device?.Name ?? "a client", e.Message);
            await AnswerAsync(context, IngestAnswer.Refused(path, StatusCodes.Status400BadRequest, $"the body could not be read: {e.Message}")).ConfigureAwait(false);
            return;
        }

        if (!await StoreAsync(context, path, device, batch).ConfigureAwait(false))
        {
            return;
        }

        Tell(device, batch);
        await AnswerAsync(context, IngestAnswer.Of(path, batch)).ConfigureAwait(false);
    }

    // A note posted with a device's token (or the page's form, its token a field): stored once, then the page.
    async Task HandleNoteAsync(HttpContext context)
    {
        var (add, zone) = Notes!.Value;
        try
        {
            var request = NoteRequest.WithFormToken(RequestOf(context) with { Body = await BodyAsync(context).ConfigureAwait(false) });
            var device = Authenticate(context, request);
            _limits.Take(device);
            var note = NoteRequest.Read(request, station, zone, time.GetUtcNow());
            if (stopping.IsCancellationRequested)
            {
                throw new IngestRefusedException(StatusCodes.Status503ServiceUnavailable, "datalogger is stopping: the note is not stored; send it again in a minute");
            }

            var added = await add(note).ConfigureAwait(false);
            logger.LogInformation("{Device}: noted \"{Text}\"{Again}", device.Name, note.Text, added ? string.Empty : " (noted already)");
            await AnswerAsync(context, NoteRequest.Answer(note, added, request)).ConfigureAwait(false);
        }
        catch (IngestRefusedException e)
        {
            await AnswerAsync(context, IngestAnswer.Refused(NoteRequest.Path, e.Status, e.Message)).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e)
        {
            await AnswerAsync(context, IngestAnswer.Refused(NoteRequest.Path, StatusCodes.Status400BadRequest, $"the body could not be read: {e.Message}")).ConfigureAwait(false);
        }
        catch (Exception e) when (HeldReadings.IsRefusal(e))
        {
            await AnswerAsync(context, IngestAnswer.Refused(NoteRequest.Path, StatusCodes.Status503ServiceUnavailable, "the data folder takes nothing now (full or read-only): send the note again in a minute")).ConfigureAwait(false);
        }
    }

    static IngestRequest RequestOf(HttpContext context) => new(
        context.Request.Method,
        context.Request.Path.Value ?? "/",
        context.Request.Query.ToDictionary(q => q.Key, q => q.Value.FirstOrDefault() ?? string.Empty, StringComparer.Ordinal),
        context.Request.Headers.Authorization.FirstOrDefault(),
        context.Request.ContentType,
        ReadOnlyMemory<byte>.Empty)
    {
        ContentEncoding = context.Request.Headers.ContentEncoding.FirstOrDefault(),
        Referer = context.Request.Headers.Referer.FirstOrDefault(),
    };

    // The device whose token the request carries; a wrong one is counted against the address it came from.
    IngestDevice Authenticate(HttpContext context, IngestRequest request)
    {
        var client = context.Connection.RemoteIpAddress?.ToString() ?? "?";
        _limits.CheckGuessing(client);
        if (_reader.Authenticate(request) is { } device)
        {
            return device;
        }

        _limits.WrongToken(client);
        throw new IngestRefusedException(StatusCodes.Status401Unauthorized, IngestReader.NoToken);
    }

    // The batch stored; false (and answered 503) while the data folder takes nothing.
    async Task<bool> StoreAsync(HttpContext context, string path, IngestDevice device, IngestBatch batch)
    {
        try
        {
            await store(batch.Readings).ConfigureAwait(false);
            Interlocked.Exchange(ref _refusing, 0);
            return true;
        }
        catch (Exception e) when (HeldReadings.IsRefusal(e))
        {
            if (Interlocked.Exchange(ref _refusing, 1) == 0)
            {
                logger.LogError("The data folder takes no reading ({Message}): devices are answered 503 and send theirs again", e.Message);
            }

            logger.LogDebug("{Device}: 503, the data folder takes nothing", device.Name);
            await AnswerAsync(context, IngestAnswer.Refused(path, StatusCodes.Status503ServiceUnavailable, "the data folder takes no reading now (full or read-only): send them again in a minute")).ConfigureAwait(false);
            return false;
        }
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
