using System.Globalization;
using DataLogger.Device.Clock;
using DataLogger.Device.Sensors;
using DataLogger.Time;

namespace DataLogger.Cli.Common.Settings;

/// <summary>The settings <c>run</c>, <c>agent</c> and the other commands share, each defined once.</summary>
public static class SharedSettings
{
    /// <summary><c>series</c> / <c>--series</c>: the series of readings, the first part of every key.</summary>
    public static Setting<string> Series { get; } = new(
        "series", "--series", "The series of readings (the first part of every key).", "NAME", Readings.Series.Default, Readings.Series.Validate);

    /// <summary><c>sensor</c> / <c>--sensor</c>: which sensor to read.</summary>
    public static Setting<SensorKind> Sensor { get; } = new(
        "sensor", "--sensor", "auto (a 1-Wire probe when one is attached, else simulated), simulated, onewire (any 1-Wire thermometer), thermal, or none (run: readings from devices only).", "KIND", "auto", ParseSensor);

    /// <summary><c>w1Root</c> / <c>--w1-root</c>: where the 1-Wire devices are listed.</summary>
    public static Setting<string> W1Root { get; } = new(
        "w1Root", "--w1-root", "Where the 1-Wire devices are listed.", "DIR", OneWireSensor.DefaultRoot, text => text);

    /// <summary><c>clock</c> / <c>--clock</c>: whether readings wait for the clock to be synchronized.</summary>
    public static Setting<ClockTrust> Clock { get; } = new(
        "clock", "--clock", "synchronized (readings wait until a time service has set the clock, as a Pi without a real-time clock needs after a power cut) or trusted (a real-time clock, tests).",
        "KIND", "synchronized", ParseClock);

    /// <summary><c>offset</c> / <c>--offset</c>: a calibration offset in °C.</summary>
    public static Setting<double> Offset { get; } = new(
        "offset", "--offset", "A calibration offset in °C added to every reading.", "DEGREES", "0", ParseOffset);

    /// <summary><c>range</c> / <c>--range</c>: the values a probe can really report, or none.</summary>
    public static Setting<PlausibleRange?> Range { get; } = new(
        "range", "--range", "The values the probe can really report there, in °C (a pool: 0..40): one outside is refused as a failed read, not stored.", "MIN..MAX", string.Empty,
        text => text.Length == 0 ? null : PlausibleRange.Parse(text), shownDefault: "none");

    /// <summary><c>title</c> / <c>--title</c>: the name on the page (empty: the series, capitalised).</summary>
    public static Setting<string?> Title { get; } = new(
        "title", "--title", "The name on the page.", "TEXT", string.Empty,
        text => text.Length == 0 ? null : text.Length <= 80 ? text : throw new FormatException("the title must be 1 to 80 characters"),
        shownDefault: "the series, capitalised");

    /// <summary><c>timeZone</c> / <c>--tz</c>: the display time zone.</summary>
    public static Setting<TimeZoneInfo> TimeZone { get; } = new(
        "timeZone", "--tz", "The time zone of the page, as an IANA name such as Europe/Berlin.", "NAME", TimeZoneInfo.Local.Id, CommonOptions.FindTimeZone,
        shownDefault: "the machine's");

    /// <summary><c>mqtt</c> / <c>--mqtt</c>: a broker to publish every reading to (Home Assistant discovery), or none.</summary>
    public static Setting<Mqtt.MqttSettings?> Mqtt { get; } = new(
        "mqtt", "--mqtt", $"Also publish every reading to this MQTT broker, with Home Assistant discovery: mqtt://USER@HOST:1883 (mqtts:// for TLS; the password in {DataLogger.Mqtt.MqttSettings.PasswordVariable}).", "URL", string.Empty,
        text => text.Length == 0 ? null : DataLogger.Mqtt.MqttSettings.Parse(text), shownDefault: "none");

    /// <summary><c>mqttDiscoveryPrefix</c>: Home Assistant's discovery prefix.</summary>
    public static Setting<string> MqttDiscoveryPrefix { get; } = new(
        "mqttDiscoveryPrefix", "--mqtt-discovery-prefix", "Home Assistant's MQTT discovery prefix.", "PREFIX", "homeassistant",
        text => text.Length > 0 && !text.Contains('#', StringComparison.Ordinal) && !text.Contains('+', StringComparison.Ordinal) ? text.Trim('/') : throw new FormatException($"'{text}' is not a topic prefix: write homeassistant, or the prefix set in Home Assistant"));

    /// <summary>Adds the flags of how the probes are read: the sensor, where 1-Wire probes are listed, their range, the clock.</summary>
    public static void DefineProbes(SettingFlags flags)
    {
        ArgumentNullException.ThrowIfNull(flags);
        flags.Add(Sensor);
        flags.Add(W1Root);
        flags.Add(Range);
        flags.Add(Clock);
    }

    /// <summary>Adds the MQTT flags (<c>--mqtt</c> and its discovery prefix), which <see cref="ReadMqtt"/> reads together.</summary>
    public static void DefineMqtt(SettingFlags flags)
    {
        ArgumentNullException.ThrowIfNull(flags);
        flags.Add(Mqtt);
        flags.Add(MqttDiscoveryPrefix);
    }

    /// <summary>The broker of the settings, with its discovery prefix, or none.</summary>
    public static Mqtt.MqttSettings? ReadMqtt(LayeredConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return Mqtt.Read(configuration) is { } broker ? broker with { DiscoveryPrefix = MqttDiscoveryPrefix.Read(configuration) } : null;
    }

    /// <summary><c>interval</c> / <c>--interval</c>: the time between readings, from <paramref name="minimum"/> to a day.</summary>
    public static Setting<TimeSpan> Interval(TimeSpan minimum) => new(
        "interval", "--interval", "The time between readings, on the clock's multiples of it (:00, :05, ...).", "DURATION", "5m", text =>
            Durations.Parse(text) is var value && value >= minimum && value <= TimeSpan.FromDays(1)
                ? value
                : throw new FormatException($"'{text}' is outside {Durations.Format(minimum)} to 24h: a reading every 5m is usual"));

    /// <summary>Checks a sensor kind: auto, simulated, onewire (or its first name, ds18b20), thermal or none (devices only).</summary>
    public static SensorKind ParseSensor(string text) =>
        text.Equals("ds18b20", StringComparison.OrdinalIgnoreCase)
            ? SensorKind.OneWire
            : Enum.TryParse<SensorKind>(text, ignoreCase: true, out var kind) && Enum.IsDefined(kind) && !int.TryParse(text, CultureInfo.InvariantCulture, out _)
                ? kind
                : throw new FormatException($"'{text}' is not a sensor: use auto, simulated, onewire, thermal or none");

    /// <summary>Checks a clock setting: synchronized or trusted.</summary>
    public static ClockTrust ParseClock(string text) =>
        Enum.TryParse<ClockTrust>(text, ignoreCase: true, out var trust) && Enum.IsDefined(trust) && !int.TryParse(text, CultureInfo.InvariantCulture, out _)
            ? trust
            : throw new FormatException($"'{text}' is not a clock setting: use synchronized (wait for NTP) or trusted (a real-time clock)");

    /// <summary>Checks a calibration offset: °C to add, from -10 to 10.</summary>
    public static double ParseOffset(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var offset) && Math.Abs(offset) <= 10
            ? offset
            : throw new FormatException($"'{text}' is not a calibration offset: write °C to add, from -10 to 10, such as -0.25");
}
