using DataLogger.Cli.Common.Commands;

namespace DataLogger.Cli.Common.Settings;

/// <summary>
/// Every key the settings file may hold, for <c>run</c>, <c>agent</c> and <c>doctor</c> alike (they share the file, so
/// a key one of them reads is known to all), and the check of a file against them before any setting is read: a
/// misspelt key, a list written as an object, an object where one value goes, each one line that names the place and
/// the file. The keys of <see cref="Setting{T}"/>s this project defines come from them; <c>run</c>'s own (its
/// <c>RunSettings</c>, <c>GoalSettings</c>, <c>AlertSettings</c>, <c>IngestSettings</c>) are named here because the
/// agent's executable does not carry them, and a test reads every key those readers ask for and fails on one missing
/// here. A map's keys (an ingest device's or an MQTT subscription's <c>map</c>: a device's field names) are not checked.
/// </summary>
public static class SettingsSchema
{
    /// <summary>The settings file: one object.</summary>
    internal static SettingsShape File { get; } = SettingsShape.Object(
        "{ \"interval\": \"5m\" }",
        Top(SharedSettings.Series), Top(SharedSettings.Title), ("target", Degrees), ("ambient", SettingsShape.Value("SERIES")),
        Top(AgentSettings.IntervalSetting), Top(SharedSettings.Sensor), Top(SharedSettings.W1Root), Top(SharedSettings.Offset),
        Top(SharedSettings.Range), Top(SharedSettings.Clock), Top(SharedSettings.TimeZone),
        Top(AgentSettings.StoreSetting), Top(AgentSettings.S3EndpointSetting), Top(AgentSettings.SpoolSetting), Top(AgentSettings.ConcurrencySetting),
        ("backfill", Duration), ("port", SettingsShape.Value("PORT")), ("bind", SettingsShape.Value("ADDRESS")), ("viewerKey", SettingsShape.Value("KEY")),
        Top(SharedSettings.Mqtt), Top(SharedSettings.MqttDiscoveryPrefix), (DataFolder.Key, SettingsShape.Value("DIR")),
        (ProbeSettings.Key, SettingsShape.List(Probe, "[ {\"id\": ...} ]")),
        (StationSettings.Key, SettingsShape.Map("{ \"humidity\": \"humidity\", \"ph\": \"ph\" }")),
        ("alerts", Alerts(withChannels: true)),
        ("ingest", Ingest));

    static SettingsShape Degrees => SettingsShape.Value("DEGREES");

    static SettingsShape Duration => SettingsShape.Value("DURATION");

    // A probe of the "probes" list: its sensor, its series, and what it overrides of the shared settings.
    static SettingsShape Probe => SettingsShape.Object(
        "{\"id\": \"28-0316a279c4ff\", \"series\": \"pool\"}",
        ("id", SettingsShape.Value("ID")), Top(SharedSettings.Series), Top(SharedSettings.Title), Top(SharedSettings.Offset), Top(SharedSettings.Range),
        ("alerts", Alerts(withChannels: false)), ("target", Degrees), ("ambient", SettingsShape.Value("SERIES")));

    // The thresholds and timings (shared, or a probe's own), and the channels (shared only).
    static SettingsShape Alerts(bool withChannels)
    {
        (string, SettingsShape)[] rules =
        [
            ("below", Degrees), ("above", Degrees), ("hysteresis", Degrees), ("for", Duration), ("offlineAfter", Duration),
            ("repeat", Duration), ("reached", SettingsShape.Value("on or off")),
        ];
        return withChannels
            ? SettingsShape.Object("{ \"below\": 10, \"notify\": [\"ntfy://ntfy.sh/your-topic\"] }", [
                .. rules, ("notify", SettingsShape.ValueOrList("URL", "[ \"ntfy://ntfy.sh/your-topic\" ]")),
                ("series", SettingsShape.MapOf(Alerts(withChannels: false), "{ \"ph\": { \"below\": 7.2, \"above\": 7.8 } }")),
                ("balance", SettingsShape.Object("{ \"below\": -0.3, \"above\": 0.3 }", rules)),
                ("watch", SettingsShape.Value("on or off")), ("quietHours", SettingsShape.Value("22:00-07:00"))])
            : SettingsShape.Object("{ \"above\": 40 }", rules);
    }

    // Readings from devices: over HTTP (each device with its token) and from MQTT topics.
    static SettingsShape Ingest => SettingsShape.Object(
        "{ \"devices\": [ {\"name\": ..., \"token\": ..., \"series\": ...} ] }",
        ("devices", SettingsShape.List(
            SettingsShape.Object("{\"name\": ..., \"token\": ..., \"series\": ...}", ("name", SettingsShape.Value("NAME")), ("token", SettingsShape.Value("TOKEN")), ("series", SettingsShape.Value("SERIES")), ("map", Map), ("notes", SettingsShape.Value("true"))),
            "[ {\"name\": ..., \"token\": ...} ]")),
        ("perMinute", SettingsShape.Value("N")), ("maxBytes", SettingsShape.Value("BYTES")),
        ("mqtt", SettingsShape.List(
            SettingsShape.Object("{\"preset\": ..., \"topic\": ..., \"series\": ...}", ("preset", SettingsShape.Value("PRESET")), ("topic", SettingsShape.Value("TOPIC")), ("series", SettingsShape.Value("SERIES")), ("map", Map), ("path", SettingsShape.Value("PATH"))),
            "[ {\"topic\": ..., \"series\": ...} ]")));

    static SettingsShape Map => SettingsShape.Map("{ \"tf_ch1\": \"pool\" }");

    static (string, SettingsShape) Top<T>(Setting<T> setting) => (setting.Key, SettingsShape.Value(setting.HelpName));

    /// <summary>
    /// Every setting of the file, as the guide's configuration page lists them (generated from here, so it cannot
    /// drift): a Markdown table of each path and its example.
    /// </summary>
    public static string Reference()
    {
        var table = new System.Text.StringBuilder("| setting | example |\n| --- | --- |\n");
        foreach (var (path, shape) in File.Walk())
        {
            table.Append(System.Globalization.CultureInfo.InvariantCulture, $"| `{path}` | `{shape.Example.Replace("|", "\\|", StringComparison.Ordinal)}` |\n");
        }

        return table.ToString();
    }

    /// <summary>
    /// Whether <paramref name="key"/>, a configuration path such as <c>probes:0:alerts:below</c> (a list's items by
    /// their index, case ignored), is a place the settings file may have.
    /// </summary>
    public static bool Knows(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Resolve(File, key.Split(':')) is not null;
    }

    /// <summary>Checks the settings file <paramref name="configuration"/> read, if any, against the known keys.</summary>
    /// <exception cref="UserErrorException">A key is unknown, or a place holds the wrong kind of thing; the message names it, the file, and what to write.</exception>
    public static void Check(LayeredConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration.FileContent is { } content && SettingsFileCheck.FirstProblem(content, File, path: null, configuration.File!) is { } problem)
        {
            throw new UserErrorException(problem);
        }
    }

    /// <summary>The shape at the end of <paramref name="segments"/> below <paramref name="shape"/>, or null.</summary>
    internal static SettingsShape? Resolve(SettingsShape shape, IEnumerable<string> segments)
    {
        SettingsShape? at = shape;
        foreach (var segment in segments)
        {
            at = at?.Below(segment);
        }

        return at;
    }
}
