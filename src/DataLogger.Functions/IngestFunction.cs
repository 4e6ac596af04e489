using System.Text;
using System.Text.Json;
using DataLogger.Ingest;
using DataLogger.Readings;

namespace DataLogger.Functions;

/// <summary>
/// The ingest function: behind a Lambda function URL, it takes readings from devices that are not a Pi (Tasmota's or
/// Telegraf's InfluxDB line protocol, our JSON, an Ecowitt gateway's form, a Shelly's report) exactly as <c>run</c>
/// does (<see cref="IngestReader"/>, the same paths, tokens and maps), and creates each as the agent would, the same
/// JSON object at the same key in the data bucket (<see cref="ReadingWriter"/>), from where the usual flow draws it.
/// Handler: <c>DataLogger.Functions::DataLogger.Functions.IngestFunction::HandleAsync</c>.
/// </summary>
public sealed class IngestFunction
{
    readonly FunctionSettings _settings;
    readonly IngestReader _reader;
    readonly IngestLimits _limits;
    readonly ReadingWriter _writer;
    readonly Notes.NoteBook _notes;
    readonly TimeProvider _time;

    /// <summary>The Lambda runtime's constructor: settings from the environment, checked now (cold start).</summary>
    public IngestFunction()
        : this(FunctionSettings.FromEnvironment())
    {
    }

    /// <summary>Creates the function with explicit settings.</summary>
    public IngestFunction(FunctionSettings settings, TimeProvider? time = null)
    {
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _time = time ?? TimeProvider.System;
        _reader = new IngestReader(settings.IngestDevices, settings.Station);
        _limits = new IngestLimits(settings.IngestPerMinute, settings.IngestMaxBytes, (Aws.FunctionVariables.IngestPerMinute, Aws.FunctionVariables.IngestMaxBytes));
        var data = Stores.Data(settings);
        _writer = new ReadingWriter(data);
        _notes = new Notes.NoteBook(data);
    }

    /// <summary>Handles one invocation: a function URL request (payload format 2.0) in, its HTTP response out.</summary>
    public async Task<Stream> HandleAsync(Stream input)
    {
        var (answer, line) = await AnswerAsync(input, CancellationToken.None).ConfigureAwait(false);
        Console.WriteLine($"ingest: {answer.Status}: {line}");
        return Response(answer);
    }

    /// <summary>Handles one request; the status, and the line that says what was stored or why nothing was.</summary>
    public async Task<(int Status, string Line)> RunAsync(Stream input, CancellationToken cancellationToken)
    {
        var (answer, line) = await AnswerAsync(input, cancellationToken).ConfigureAwait(false);
        return (answer.Status, line);
    }

    // The answer as the client reads it (IngestAnswer, the shape run's endpoints answer in too), and the line for the log.
    async Task<(IngestAnswer Answer, string Line)> AnswerAsync(Stream input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        FunctionUrlRequest request;
        try
        {
            request = await FunctionUrlRequest.ReadAsync(input, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            throw new FunctionEventException($"not a Lambda function URL request (payload format 2.0): {e.Message}");
        }

        var path = request.Http.Path;
        if (path is IngestReader.Ping or IngestReader.Health)
        {
            return (path == IngestReader.Ping ? IngestAnswer.Ping(request.Http.Query) : IngestAnswer.Health(), path[1..]);
        }

        try
        {
            var http = Notes.NoteRequest.IsNote(request.Http) ? Notes.NoteRequest.WithFormToken(request.Http) : request.Http;
            var device = Authenticate(http, request.SourceIp);
            if (request.Http.Body.Length > _limits.MaxBytes)
            {
                throw _limits.TooLarge();
            }

            if (Notes.NoteRequest.IsNote(http))
            {
                // A note: stored once under notes/, drawn with the next render that reads it.
                var note = Notes.NoteRequest.Read(http, _settings.Station, _settings.TimeZone, _time.GetUtcNow());
                var added = await _notes.AddAsync(note, cancellationToken).ConfigureAwait(false);
                return (Notes.NoteRequest.Answer(note, added, http), $"{device.Name}: {(added ? "noted" : "noted already")} \"{note.Text}\" ({request.SourceIp})");
            }

            var batch = _reader.Read(_limits.Inflated(request.Http), device, _time.GetUtcNow());
            var outcomes = new List<StoreOutcome>(batch.Readings.Count);
            foreach (var (series, reading) in batch.Readings)
            {
                outcomes.Add(await _writer.StoreAsync(series, reading, cancellationToken).ConfigureAwait(false));
            }

            var answer = IngestAnswer.Of(path, batch);
            var stored = $"{device.Name}: {outcomes.Count(o => o == StoreOutcome.Stored)} readings stored, {outcomes.Count(o => o == StoreOutcome.AlreadyStored)} already there, {outcomes.Count(o => o == StoreOutcome.KeptAside)} kept aside ({request.SourceIp})";
            return (answer, string.Join("; ", new[] { stored, batch.PartialWrite, batch.Ignored.Count > 0 ? $"{batch.Ignored.Count} points not taken (the first: {batch.Ignored[0].Point}: {batch.Ignored[0].Why})" : null }.OfType<string>()));
        }
        catch (IngestRefusedException e)
        {
            return (IngestAnswer.Refused(path, e.Status, e.Message), e.Message);
        }
    }

    // The device whose token the request carries (or, with IAM, that it names), one of its requests of this minute
    // taken; a token guessed at speed is refused after IngestLimits.WrongTokensPerMinute from one address (in this warm instance), 429.
    IngestDevice Authenticate(IngestRequest http, string? sourceIp)
    {
        var client = sourceIp ?? "?";
        _limits.CheckGuessing(client);
        var device = _reader.Authenticate(http) ?? (_settings.IngestSigned ? Named(http) : null);
        if (device is null)
        {
            _limits.WrongToken(client);
            throw new IngestRefusedException(401, IngestReader.NoToken);
        }

        _limits.Take(device);
        return device;
    }

    // With IAM, AWS has checked the signature already: the request names its device (?device=), or there is one.
    IngestDevice? Named(IngestRequest request) =>
        request.Query.GetValueOrDefault("device") is { } name
            ? _settings.IngestDevices.FirstOrDefault(d => d.Name == name)
            : _settings.IngestDevices.Count == 1 ? _settings.IngestDevices[0] : null;

    // The function URL's response: the answer's status, headers and body.
    static MemoryStream Response(IngestAnswer answer)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("statusCode", answer.Status);
            json.WriteStartObject("headers");
            if (answer.ContentType is { } type)
            {
                json.WriteString("content-type", type);
            }

            foreach (var (name, value) in answer.Headers)
            {
                json.WriteString(name.ToLowerInvariant(), value);
            }

            json.WriteEndObject();
            json.WriteString("body", answer.Body);
            json.WriteBoolean("isBase64Encoded", false);
            json.WriteEndObject();
        }

        buffer.Position = 0;
        return buffer;
    }

    // A function URL request as Lambda hands it over (payload format 2.0): method and path in requestContext.http,
    // the raw query string, header names in lower case, the body as text or base64.
    sealed record FunctionUrlRequest(IngestRequest Http, string? SourceIp)
    {
        public static async Task<FunctionUrlRequest> ReadAsync(Stream input, CancellationToken cancellationToken)
        {
            using var document = await JsonDocument.ParseAsync(input, cancellationToken: cancellationToken).ConfigureAwait(false);
            var root = document.RootElement;
            var http = root.GetProperty("requestContext").GetProperty("http");
            var headers = root.TryGetProperty("headers", out var h) && h.ValueKind == JsonValueKind.Object
                ? h.EnumerateObject().ToDictionary(p => p.Name.ToLowerInvariant(), p => p.Value.GetString() ?? string.Empty, StringComparer.Ordinal)
                : [];
            var body = root.TryGetProperty("body", out var b) && b.ValueKind == JsonValueKind.String ? b.GetString()! : string.Empty;
            var bytes = root.TryGetProperty("isBase64Encoded", out var encoded) && encoded.ValueKind == JsonValueKind.True
                ? Convert.FromBase64String(body)
                : Encoding.UTF8.GetBytes(body);
            var request = new IngestRequest(
                http.GetProperty("method").GetString() ?? "GET",
                http.GetProperty("path").GetString() ?? "/",
                IngestRequest.ParseQuery(root.TryGetProperty("rawQueryString", out var q) ? q.GetString() : null),
                headers.GetValueOrDefault("authorization"),
                headers.GetValueOrDefault("content-type"),
                bytes)
            {
                ContentEncoding = headers.GetValueOrDefault("content-encoding"),
                Referer = headers.GetValueOrDefault("referer"),
            };
            return new FunctionUrlRequest(request, http.TryGetProperty("sourceIp", out var ip) ? ip.GetString() : null);
        }
    }
}
