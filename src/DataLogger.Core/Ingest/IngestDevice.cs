using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DataLogger.Readings;

namespace DataLogger.Ingest;

/// <summary>
/// A device that sends readings over HTTP (an ESP32 with Tasmota or ESPHome, an Ecowitt gateway, a Shelly, Telegraf),
/// known by its token, and where its readings go: every one to <see cref="Series"/>, or each to the series its
/// <see cref="Map"/> names: a line-protocol point by its measurement and tags (<c>temperature,id=28-0316a279c4ff</c>),
/// an Ecowitt form field (<c>tf_ch1</c>), a Shelly's id (<c>shellyht-A1B2C3</c>).
/// </summary>
/// <param name="Name">The device's name, for messages and the log.</param>
/// <param name="Token">Its secret, sent as a bearer token, a password or <c>?token=</c>.</param>
/// <param name="Series">The series all its readings go to, or null when <see cref="Map"/> decides.</param>
/// <param name="Map">Selector to series.</param>
public sealed record IngestDevice(string Name, string Token, string? Series, IReadOnlyDictionary<string, string> Map)
{
    /// <summary>Whether it is a device that posts notes only (a phone: <c>"notes": true</c>, no series nor map); every device may post notes.</summary>
    public bool NotesOnly { get; init; }

    /// <summary>Every series this device may write.</summary>
    public IEnumerable<string> AllSeries => Map.Values.Concat(Series is null ? [] : [Series]).Distinct(StringComparer.Ordinal);

    /// <summary>The shortest token taken: 16 characters, as <c>openssl rand -hex 8</c> writes.</summary>
    public const int ShortestToken = 16;

    // A token kept as its SHA-256 (the AWS stack's environment holds no token itself).
    const string HashPrefix = "sha256:";

    /// <summary>
    /// Whether <paramref name="token"/> is this device's, compared in constant time (with the SHA-256 of it when the
    /// device keeps only its token's hash, <see cref="Hashed"/>).
    /// </summary>
    public bool Accepts(string? token)
    {
        if (token is null)
        {
            return false;
        }

        return Token.StartsWith(HashPrefix, StringComparison.Ordinal)
            ? CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(HashOf(token)), Encoding.ASCII.GetBytes(Token))
            : CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(Token));
    }

    /// <summary>The device with its token replaced by the token's SHA-256 (<c>sha256:…</c>), which still accepts it.</summary>
    public IngestDevice Hashed() => Token.StartsWith(HashPrefix, StringComparison.Ordinal) ? this : this with { Token = HashOf(Token) };

    static string HashOf(string token) => HashPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>
    /// What is wrong with a device's settings (a short token, no series nor map, a map key that is not a selector), or null: the rule the settings file of
    /// <c>run</c> and the AWS stack's ingest file share.
    /// </summary>
    public static string? Problem(string name, string token, string? series, IReadOnlyDictionary<string, string> map, bool notesOnly = false)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(map);
        if (token.Length < ShortestToken)
        {
            return $"the device '{name}' needs a token of at least {ShortestToken} characters (such as the output of: openssl rand -hex 16)";
        }

        if (series is null && map.Count == 0 && !notesOnly)
        {
            return $"the device '{name}' needs a \"series\" (all its readings) or a \"map\" (such as \"map\": {{\"tf_ch1\": \"pool\"}}), or \"notes\": true for one that posts notes only (a phone)";
        }

        foreach (var selector in map.Keys)
        {
            try
            {
                LineSelector.Parse(selector);
            }
            catch (FormatException e)
            {
                return $"the device '{name}' maps '{selector}', which is not a name nor a line-protocol selector (measurement,tag=value; escape a comma, space or = in a name or value with a backslash): {e.Message}";
            }
        }

        return null;
    }

    /// <summary>Two devices of <paramref name="devices"/> that share a token, as the message that says so; or null.</summary>
    public static string? SharedToken(IEnumerable<IngestDevice> devices) =>
        devices.GroupBy(d => d.Token, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } shared
            ? $"the devices {string.Join(" and ", shared.Select(d => $"'{d.Name}'"))} share a token: give each its own, so one can be revoked"
            : null;

    /// <summary>
    /// Devices from JSON, <c>[{"name", "token", "series"}, {"name", "token", "map": {…}}]</c>: the AWS ingest function's
    /// <c>DATALOGGER_INGEST_DEVICES</c>, and the stack's ingest file (its <c>devices</c>).
    /// </summary>
    /// <exception cref="FormatException">The text is not such a list, or a device is not right; the message says which.</exception>
    public static IReadOnlyList<IngestDevice> ParseList(JsonElement list)
    {
        if (list.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("the devices are not a list ([{\"name\": \"pool-esp\", \"token\": \"…\", \"series\": \"pool\"}])");
        }

        var devices = new List<IngestDevice>();
        foreach (var item in list.EnumerateArray())
        {
            string? Text(string property) => item.ValueKind == JsonValueKind.Object && item.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var name = Text("name") ?? $"device {devices.Count + 1}";
            var series = Text("series") is { Length: > 0 } one ? Validated(one) : null;
            var map = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("map", out var m) && m.ValueKind == JsonValueKind.Object
                ? m.EnumerateObject().ToDictionary(p => p.Name, p => Validated(p.Value.GetString() ?? string.Empty), StringComparer.Ordinal)
                : [];
            var token = Text("token") ?? string.Empty;
            var notesOnly = series is null && map.Count == 0 && item.ValueKind == JsonValueKind.Object && item.TryGetProperty("notes", out var n) && n.ValueKind == JsonValueKind.True;
            if (Problem(name, token.StartsWith(HashPrefix, StringComparison.Ordinal) ? new string('x', ShortestToken) : token, series, map, notesOnly) is { } problem)
            {
                throw new FormatException(problem);
            }

            devices.Add(new IngestDevice(name, token, series, map) { NotesOnly = notesOnly });
        }

        return SharedToken(devices) is { } shared ? throw new FormatException(shared) : devices;

        static string Validated(string name)
        {
            try
            {
                return Readings.Series.Validate(name);
            }
            catch (ArgumentException e)
            {
                throw new FormatException(e.Message, e);
            }
        }
    }

    /// <summary>Devices as the JSON <see cref="ParseList"/> reads.</summary>
    public static string ToJson(IEnumerable<IngestDevice> devices)
    {
        ArgumentNullException.ThrowIfNull(devices);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var device in devices)
            {
                json.WriteStartObject();
                json.WriteString("name", device.Name);
                json.WriteString("token", device.Token);
                if (device.Series is { } series)
                {
                    json.WriteString("series", series);
                }

                if (device.NotesOnly)
                {
                    json.WriteBoolean("notes", true);
                }

                if (device.Map.Count > 0)
                {
                    json.WriteStartObject("map");
                    foreach (var (selector, to) in device.Map)
                    {
                        json.WriteString(selector, to);
                    }

                    json.WriteEndObject();
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// The series of a line-protocol point: the map's selector (<see cref="LineSelector"/>) with the most tags that all
    /// match, else the device's series; null when neither.
    /// </summary>
    public string? SeriesOf(LinePoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        string? best = null;
        var bestTags = -1;
        foreach (var (text, series) in Map)
        {
            if (LineSelector.TryParse(text) is { } selector && selector.Matches(point) && selector.Tags.Count > bestTags)
            {
                (best, bestTags) = (series, selector.Tags.Count);
            }
        }

        return best ?? Series;
    }

    /// <summary>The series of a named value (an Ecowitt field, a Shelly's id): the map's, else the device's; null when neither.</summary>
    public string? SeriesOf(string name) => Map.TryGetValue(name, out var series) ? series : Series;

    /// <summary>A reading at <paramref name="time"/> (whole seconds), or why it is not one (out of range, in the future).</summary>
    public static (Reading? Reading, string? Problem) ReadingAt(DateTimeOffset time, double celsius, DateTimeOffset now) =>
        ReadingAt(Quantity.Temperature, time, celsius, now);

    /// <summary>A reading of <paramref name="quantity"/> at <paramref name="time"/>, or why there is none (out of its range, in the future).</summary>
    public static (Reading? Reading, string? Problem) ReadingAt(Quantity quantity, DateTimeOffset time, double value, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(quantity);
        if (time > now.AddMinutes(5))
        {
            return (null, $"the time {time:yyyy-MM-ddTHH:mm:ssZ} is in the future (this machine's clock says {now:yyyy-MM-ddTHH:mm:ssZ})");
        }

        var timestamp = time.ToUnixTimeSeconds();
        return Reading.Validate(quantity, timestamp, value) is { } problem ? (null, problem) : (Reading.Create(quantity, timestamp, value), null);
    }
}
