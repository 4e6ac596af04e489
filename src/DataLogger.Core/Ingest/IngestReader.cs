using System.Globalization;
using System.Text;
using System.Text.Json;
using DataLogger.Readings;

namespace DataLogger.Ingest;

/// <summary>
/// What both ingest hosts (<c>run</c>'s HTTP endpoints and the AWS ingest function) do with a request, so a device
/// posts the same thing to either: which format a path takes (<see cref="FormatOf"/>), whose token it carries
/// (<see cref="Authenticate"/>), and its readings (<see cref="Read"/>), each to its series. A request that does not
/// read (not line protocol, not JSON, a bad reading of ours, an Ecowitt form or Shelly report that is wrong) is refused
/// whole, with one line saying what is wrong and nothing stored; a line-protocol batch, which mixes what a device has
/// (Tasmota's switches and humidity beside its probes, Telegraf's chip limits), gives what maps and says what not
/// (<see cref="IngestBatch"/>).
/// </summary>
/// <param name="devices">The devices and their tokens.</param>
/// <param name="station">The series of the site and what each measures; a reading of any other series is refused, and a
/// device's value is taken for a series by what that series measures.</param>
public sealed class IngestReader(IReadOnlyList<IngestDevice> devices, Station station)
{
    readonly IReadOnlyCollection<string> series = station.Series;

    /// <summary>A reader for a site whose series are all temperatures.</summary>
    public IngestReader(IReadOnlyList<IngestDevice> devices, IReadOnlyCollection<string> series)
        : this(devices, new Station(series))
    {
    }

    /// <summary>The paths readings are posted to, with the method and format of each.</summary>
    public static IReadOnlyList<(string Method, string Path, IngestFormat Format)> Routes { get; } =
    [
        ("POST", "/write", IngestFormat.LineProtocol),
        ("POST", "/api/v2/write", IngestFormat.LineProtocol),
        ("POST", "/api/readings", IngestFormat.Json),
        ("POST", "/api/ecowitt", IngestFormat.Ecowitt),
        ("GET", "/api/shelly", IngestFormat.Shelly),
    ];

    /// <summary>The path InfluxDB 1.x clients ask first, with no token (<see cref="IngestAnswer.Ping"/>).</summary>
    public const string Ping = "/ping";

    /// <summary>The path InfluxDB 2.x clients ask first, with no token (<see cref="IngestAnswer.Health"/>).</summary>
    public const string Health = "/health";

    /// <summary>
    /// Whether a format's route also takes the token as its path's last part (<c>/api/ecowitt/{token}</c>,
    /// <c>/api/shelly/{token}</c>): a gateway that sends no header, and a Shelly that adds its own query to the URL.
    /// </summary>
    public static bool TakesTokenInPath(IngestFormat format) => format is IngestFormat.Ecowitt or IngestFormat.Shelly;

    /// <summary>The format a request takes, by its method and path; null when none (<c>/api/ecowitt/{token}</c> too).</summary>
    public static IngestFormat? FormatOf(string method, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var trimmed = path.Length > 1 ? path.TrimEnd('/') : path;
        var route = Routes.FirstOrDefault(r => string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase)
            && (r.Path == trimmed || TakesTokenInPath(r.Format) && trimmed.StartsWith(r.Path + "/", StringComparison.Ordinal)));
        return route.Path is null ? null : route.Format;
    }

    // The token as a path's last part, on the routes that take it there.
    static string? PathToken(string path) =>
        Routes.FirstOrDefault(r => TakesTokenInPath(r.Format) && path.StartsWith(r.Path + "/", StringComparison.Ordinal)) is { Path: { } prefix }
            ? path[(prefix.Length + 1)..].TrimEnd('/')
            : null;

    /// <summary>
    /// The device whose token the request carries (<c>Authorization: Bearer</c> or <c>Token</c>, a Basic password, an
    /// InfluxDB <c>?p=</c> password, <c>?token=</c>, or the last part of <c>/api/ecowitt/{token}</c> or <c>/api/shelly/{token}</c>); null when none.
    /// </summary>
    public IngestDevice? Authenticate(IngestRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var token = request.Query.GetValueOrDefault("token") ?? request.Query.GetValueOrDefault("p")
            ?? PathToken(request.Path);
        if (request.Authorization is { } header)
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

        return token is null ? null : devices.FirstOrDefault(d => d.Accepts(token));
    }

    /// <summary>The line that answers a request without a device's token (401): every form <see cref="Authenticate"/> takes.</summary>
    public const string NoToken = "no token, or not one of a device in the ingest settings: send it as 'Authorization: Bearer TOKEN' or 'Authorization: Token TOKEN', "
        + "as the password of Basic authentication or of InfluxDB 1.x (influx -password TOKEN, ?u=NAME&p=TOKEN), as ?token=TOKEN, or in the path of an Ecowitt gateway or a Shelly (/api/ecowitt/TOKEN, /api/shelly/TOKEN)";

    /// <summary>The readings of <paramref name="request"/> from <paramref name="device"/>, each with its series, and what was left out.</summary>
    /// <exception cref="IngestRefusedException">The request does not read: nothing of it is to be stored.</exception>
    public IngestBatch Read(IngestRequest request, IngestDevice device, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(device);
        if (device.NotesOnly)
        {
            throw new IngestRefusedException(403, $"'{device.Name}' posts notes only (to {Notes.NoteRequest.Path}): give it a \"series\" or a \"map\" in the ingest settings to post readings");
        }

        return FormatOf(request.Method, request.Path) switch
        {
            IngestFormat.LineProtocol => LineProtocolOf(request, device, now),
            IngestFormat.Json => IngestBatch.Of(JsonOf(request, device, now)),
            IngestFormat.Ecowitt => IngestBatch.Of(EcowittOf(request, device, now)),
            IngestFormat.Shelly => IngestBatch.Of(ShellyOf(request, device, now)),
            _ => throw new IngestRefusedException(404, $"{request.Method} {request.Path} takes no readings: post to {string.Join(", ", Routes.Select(r => r.Path))}"),
        };
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

    static string Text(IngestRequest request) => Encoding.UTF8.GetString(request.Body.Span);

    // InfluxDB line protocol, point by point: a temperature (TemperatureFields) the device maps is a reading, or is
    // skipped with why; what is not a temperature, or a temperature mapped nowhere, is ignored. When nothing is stored,
    // the unmapped temperatures are said (skipped), so a device set up with the wrong id hears why.
    IngestBatch LineProtocolOf(IngestRequest request, IngestDevice device, DateTimeOffset now)
    {
        IReadOnlyList<LinePoint> points;
        try
        {
            points = LineProtocol.Parse(Text(request), request.Query.GetValueOrDefault("precision"));
        }
        catch (FormatException e)
        {
            throw new IngestRefusedException($"not line protocol: {e.Message}");
        }

        var readings = new List<(string Series, Reading Reading)>(points.Count);
        List<(string, string)> skipped = [], ignored = [], unmapped = [];
        foreach (var point in points)
        {
            var head = LineSelector.Of(point);
            var name = device.SeriesOf(point);
            var quantity = name is null ? Quantity.Temperature : station.QuantityOf(name);
            var (found, notOne) = ValueOf(point, quantity);
            if (found is not { } value)
            {
                ignored.Add((head, notOne!));
            }
            else if (name is null)
            {
                unmapped.Add((head, $"'{device.Name}' maps it to no series: add it to its \"map\", such as \"{head}\": \"pool\""));
            }
            else if (Problem(name, quantity, point.Time ?? now, value, now, readings) is { } problem)
            {
                skipped.Add((head, problem));
            }
            else
            {
                readings.Add((name, IngestDevice.ReadingAt(quantity, point.Time ?? now, value, now).Reading!));
            }
        }

        return readings.Count == 0 && skipped.Count == 0
            ? new IngestBatch(readings, unmapped, ignored)
            : new IngestBatch(readings, skipped, [.. ignored, .. unmapped]);
    }

    // The value of the quantity a point's series measures: a temperature by TemperatureFields' rules, another quantity by
    // QuantityFields' names, a number in the owner's unit from the point's field "value" or its only field.
    static (double? Value, string? NotOne) ValueOf(LinePoint point, Quantity quantity)
    {
        if (quantity.IsTemperature)
        {
            var (celsius, notOne) = TemperatureFields.Of(point);
            return celsius is null && point.Fields.Keys.Append(point.Measurement).Select(QuantityFields.Of).FirstOrDefault(q => q is not null) is { } other
                ? (null, $"not a temperature but a {other.Quantity.Noun}: map it to a series of its own that measures it, \"quantities\": {{\"SERIES\": \"{other.Quantity}\"}}")
                : (celsius, notOne);
        }

        var value = quantity.Name == Quantity.NumberName
            ? point.Fields.FirstOrDefault(f => string.Equals(f.Key, "value", StringComparison.OrdinalIgnoreCase)) is { Key: not null } v ? v.Value
                : point.Fields.Count == 1 ? point.Fields.Values.First() : null
            : QuantityFields.Of(point, quantity);
        return value is null ? (null, $"no {quantity.Noun} in it: its series measures {quantity}, a field named for it or the value of a measurement so named") : (value, null);
    }

    // Why a value for a series is no reading: not a series of this site, out of range, in the future, or a second
    // one for the same series and second in this request (two probes one series: each needs its own map entry).
    string? Problem(string name, Quantity quantity, DateTimeOffset at, double value, DateTimeOffset now, List<(string Series, Reading Reading)> taken)
    {
        if (!series.Contains(name))
        {
            return $"'{name}' is not a series of this site ({string.Join(", ", series)})";
        }

        var (reading, problem) = IngestDevice.ReadingAt(quantity, at, value, now);
        return problem ?? (taken.Any(t => t.Series == name && t.Reading.Timestamp == reading!.Timestamp && t.Reading.Value != reading.Value)
            ? $"a second reading of '{name}' at {reading!.Time:yyyy-MM-ddTHH:mm:ssZ} in this request: map each probe to its own series (by its id tag)"
            : null);
    }

    // Our reading objects, one or an array: {"timestamp", "celsius" (or "fahrenheit"), "series" (optional)}.
    List<(string, Reading)> JsonOf(IngestRequest request, IngestDevice device, DateTimeOffset now)
    {
        var readings = new List<(string, Reading)>();
        try
        {
            using var document = JsonDocument.Parse(request.Body);
            var items = document.RootElement.ValueKind == JsonValueKind.Array ? [.. document.RootElement.EnumerateArray()] : new List<JsonElement> { document.RootElement };
            for (var i = 0; i < items.Count; i++)
            {
                var what = $"reading {i + 1}";
                var name = items[i].TryGetProperty("series", out var s) && s.GetString() is { } given ? given : device.Series;
                if (name is null || !device.AllSeries.Contains(name))
                {
                    throw new IngestRefusedException($"{what}: '{device.Name}' may write {string.Join(", ", device.AllSeries)}, not '{name ?? "(no series)"}'");
                }

                readings.Add((Known(name, what), JsonReading(items[i], station.QuantityOf(name), now, what)));
            }
        }
        catch (Exception e) when (e is JsonException or ReadingFormatException or InvalidOperationException)
        {
            throw new IngestRefusedException($"not a reading or a list of readings ({{\"timestamp\": 1796256000, \"celsius\": 27.3}}): {e.Message}");
        }

        return readings;
    }

    // A reading object as stored (ReadingJson), or one in °F only ({"timestamp", "fahrenheit"}), as devices in the US send,
    // or {"timestamp", "value"} in the unit of what its series measures (its "unit", when given, that one's).
    static Reading JsonReading(JsonElement item, Quantity quantity, DateTimeOffset now, string what)
    {
        if (!item.TryGetProperty("celsius", out _) && !item.TryGetProperty("celcius", out _)
            && item.TryGetProperty("fahrenheit", out var f) && f.TryGetDouble(out var fahrenheit)
            && item.TryGetProperty("timestamp", out var t) && t.TryGetInt64(out var timestamp))
        {
            return Checked(Quantity.Temperature, DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(timestamp, 0, Reading.MaxTimestamp)), (fahrenheit - 32) * 5 / 9, now, what);
        }

        if (!item.TryGetProperty("unit", out _) && !item.TryGetProperty("celsius", out _) && !item.TryGetProperty("celcius", out _)
            && item.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var number)
            && item.TryGetProperty("timestamp", out var at) && at.TryGetInt64(out var seconds))
        {
            return Checked(quantity, DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, Reading.MaxTimestamp)), number, now, what);
        }

        var reading = ReadingJson.Decode(Encoding.UTF8.GetBytes(item.GetRawText()));
        if (reading.Unit != quantity.Unit)
        {
            throw new IngestRefusedException($"{what}: its series measures {quantity} in {quantity.Unit}, not {(reading.IsTemperature ? "a temperature" : reading.Unit)}");
        }

        return Checked(quantity, reading.Time, reading.Value, now, what);
    }

    // Ecowitt's customized server (protocol "Ecowitt"): a form of fields in °F; each mapped field a reading.
    List<(string, Reading)> EcowittOf(IngestRequest request, IngestDevice device, DateTimeOffset now)
    {
        if (request.ContentType is not { } type || !type.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            throw new IngestRefusedException("not a form (application/x-www-form-urlencoded), as an Ecowitt gateway posts");
        }

        var form = IngestRequest.ParseQuery(Text(request));
        var at = form.GetValueOrDefault("dateutc") is { } date && DateTime.TryParse(date, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var utc)
            ? new DateTimeOffset(utc, TimeSpan.Zero)
            : now;
        var readings = new List<(string, Reading)>();
        foreach (var (field, name) in device.Map)
        {
            if (form.GetValueOrDefault(field) is { } text)
            {
                var quantity = station.QuantityOf(Known(name, field));
                var number = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var f)
                    ? f
                    : throw new IngestRefusedException($"{field}: '{text}' is not {(quantity.IsTemperature ? "a temperature" : "a number")}");
                var value = quantity.IsTemperature ? (number - 32) * 5 / 9 : number * (QuantityFields.Of(field) is { } known && known.Quantity.Name == quantity.Name ? known.Factor : 1);
                readings.Add((name, Checked(quantity, at, value, now, field)));
            }
        }

        return readings.Count > 0
            ? readings
            : throw new IngestRefusedException($"none of the fields '{device.Name}' maps ({string.Join(", ", device.Map.Keys)}) is in the form");
    }

    // A Shelly's sensor report (H&T's "report sensor values" URL): ?temp=22.5&id=shellyht-A1B2C3, °C.
    List<(string, Reading)> ShellyOf(IngestRequest request, IngestDevice device, DateTimeOffset now)
    {
        var id = request.Query.GetValueOrDefault("id") ?? string.Empty;
        var name = device.SeriesOf(id) ?? throw new IngestRefusedException($"'{device.Name}' maps the Shelly '{id}' to no series");
        var celsius = double.TryParse(request.Query.GetValueOrDefault("temp"), NumberStyles.Float, CultureInfo.InvariantCulture, out var t)
            ? t
            : throw new IngestRefusedException("no temperature: a Shelly reports ?temp=22.5");
        return [(Known(name, "temp"), Checked(Quantity.Temperature, now, celsius, now, "temp"))];
    }

    string Known(string name, string what) => series.Contains(name)
        ? name
        : throw new IngestRefusedException($"{what}: '{name}' is not a series of this site ({string.Join(", ", series)})");

    static Reading Checked(Quantity quantity, DateTimeOffset at, double value, DateTimeOffset now, string what)
    {
        var (reading, problem) = IngestDevice.ReadingAt(quantity, at, value, now);
        return reading ?? throw new IngestRefusedException($"{what}: {problem}");
    }
}

/// <summary>The formats readings arrive in over HTTP.</summary>
public enum IngestFormat
{
    /// <summary>InfluxDB line protocol (Tasmota's InfluxDB driver, Telegraf, <c>influx</c>).</summary>
    LineProtocol,

    /// <summary>Our reading objects, one or a list.</summary>
    Json,

    /// <summary>Ecowitt's customized-server form.</summary>
    Ecowitt,

    /// <summary>A Shelly's sensor report URL.</summary>
    Shelly,
}
