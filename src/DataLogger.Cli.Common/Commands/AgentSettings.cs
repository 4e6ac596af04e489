using System.Globalization;
using DataLogger.Cli.Common.Settings;
using DataLogger.Device.Clock;
using DataLogger.Device.Sensors;
using DataLogger.Readings;

namespace DataLogger.Cli.Common.Commands;

/// <summary>The settings of <c>datalogger agent</c>, validated, each bad value named with where it came from.</summary>
/// <param name="Store">Where readings are uploaded (as written).</param>
/// <param name="Spool">The spool folder.</param>
/// <param name="Interval">The time between readings.</param>
/// <param name="Concurrency">Uploads at once.</param>
/// <param name="Probes">The probes and their series.</param>
/// <param name="S3Endpoint">An S3-compatible server for an <c>s3://</c> store, or null for AWS.</param>
public sealed record AgentSettings(string Store, string Spool, TimeSpan Interval, int Concurrency, IReadOnlyList<Probe> Probes, Uri? S3Endpoint = null)
{
    /// <summary>How to name the probes, when several were found and none named (for the log).</summary>
    public string? ProbeAdvice { get; init; }

    /// <summary>The titles of the probes' series (Home Assistant's device names).</summary>
    public SeriesTitles Titles { get; init; } = SeriesTitles.None;

    /// <summary>Whether readings wait for the clock to be synchronized.</summary>
    public ClockTrust Clock { get; init; }

    /// <summary>The MQTT broker readings are also published to, or none.</summary>
    public Mqtt.MqttSettings? Mqtt { get; init; }

    /// <summary><c>store</c> / <c>--store</c>: where readings are uploaded.</summary>
    public static Setting<string?> StoreSetting { get; } = new(
        "store", "--store", "Where to upload: file://DIR (a folder) or s3://BUCKET/PREFIX.", "URL", string.Empty,
        text => text.Length > 0 ? text : null, shownDefault: "DIR/bucket of --data");

    /// <summary><c>spool</c> / <c>--spool</c>: the spool folder.</summary>
    public static Setting<string?> SpoolSetting { get; } = new(
        "spool", "--spool", "The spool folder: readings wait here, on disk, until the store has them.", "DIR", string.Empty,
        text => text.Length > 0 ? text : null, shownDefault: "DIR/spool of --data");

    /// <summary><c>interval</c> / <c>--interval</c>: 1 s to a day (short intervals are for tests).</summary>
    public static Setting<TimeSpan> IntervalSetting { get; } = SharedSettings.Interval(TimeSpan.FromSeconds(1));

    /// <summary><c>concurrency</c> / <c>--concurrency</c>: uploads at once when the spool drains.</summary>
    public static Setting<int> ConcurrencySetting { get; } = new(
        "concurrency", "--concurrency", "Uploads at once when the spool drains.", "N", "4",
        text => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 64
            ? n
            : throw new FormatException($"'{text}' is not a number of uploads at once from 1 to 64"));

    /// <summary><c>s3Endpoint</c> / <c>--s3-endpoint</c>: an S3-compatible server.</summary>
    public static Setting<Uri?> S3EndpointSetting { get; } = new(
        "s3Endpoint", "--s3-endpoint", "The URL of an S3-compatible server (path-style), for an s3:// store not on AWS.", "URL", string.Empty,
        text => text.Length == 0
            ? null
            : Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? uri
                : throw new FormatException($"'{text}' is not an endpoint URL: write http://HOST:PORT or https://HOST"),
        shownDefault: "AWS, or AWS_ENDPOINT_URL_S3");

    /// <summary>Adds the agent's flags to its command, in the order the help lists them.</summary>
    public static void Define(SettingFlags flags)
    {
        ArgumentNullException.ThrowIfNull(flags);
        flags.Add(StoreSetting);
        flags.Add(S3EndpointSetting);
        flags.Add(SpoolSetting);
        flags.Add(IntervalSetting);
        flags.Add(SharedSettings.Series);
        flags.Add(SharedSettings.Offset);
        SharedSettings.DefineProbes(flags);
        flags.Add(ConcurrencySetting);
        SharedSettings.DefineMqtt(flags);
    }

    /// <summary>Reads and checks the settings, and finds the sensors.</summary>
    /// <exception cref="UserErrorException">A value is bad or a sensor is missing; the message says what to change.</exception>
    public static AgentSettings From(LayeredConfiguration config)
    {
        SettingsSchema.Check(config);
        var data = DataFolder.From(config);
        var probes = ProbeSettings.Read(config);
        if (probes.Probes.Count == 0)
        {
            throw new UserErrorException($"{config.SourceOf(SharedSettings.Sensor.Key)}: the agent reads this machine's probes; sensor none is for run taking readings from devices.");
        }

        return new AgentSettings(
            Store: StoreSetting.Read(config) ?? data.Bucket,
            Spool: SpoolSetting.Read(config) ?? Path.Join(data.Root, "spool"),
            Interval: IntervalSetting.Read(config),
            Concurrency: ConcurrencySetting.Read(config),
            Probes: probes.Probes,
            S3Endpoint: S3EndpointSetting.Read(config))
        {
            ProbeAdvice = probes.Advice,
            Titles = probes.Titles,
            Clock = SharedSettings.Clock.Read(config),
            Mqtt = SharedSettings.ReadMqtt(config),
        };
    }
}
