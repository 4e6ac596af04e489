using System.Globalization;
using DataLogger.Cli.Common;
using DataLogger.Ingest;
using Microsoft.Extensions.Configuration;

namespace DataLogger.Cli.Configuration;

/// <summary>
/// The <c>ingest</c> settings of <c>datalogger run</c>: readings sent over HTTP by devices that are not a probe of this
/// machine, off until a device is named, each with its own token:
/// <code>
/// "ingest": { "devices": [
///   { "name": "pool-esp", "token": "0b1d5b8a6f2c4e9d", "series": "pool" },
///   { "name": "gateway", "token": "…", "map": { "tf_ch1": "pool", "tempf": "air" } },
///   { "name": "telegraf", "token": "…", "map": { "temperature,id=28-0316a279c4ff": "pool" } } ],
///   "perMinute": 60, "maxBytes": 262144 }
/// </code>
/// </summary>
/// <param name="Devices">The devices, none when ingest is off.</param>
/// <param name="PerMinute">The requests a device may make a minute; more are refused (429).</param>
/// <param name="MaxBytes">The largest body taken (413 beyond it).</param>
sealed record IngestSettings(IReadOnlyList<IngestDevice> Devices, int PerMinute, int MaxBytes)
{
    /// <summary>The MQTT topics readings are taken from (on the broker of the <c>mqtt</c> setting), none by default.</summary>
    public IReadOnlyList<MqttSubscription> Mqtt { get; init; } = [];

    /// <summary>The section's name.</summary>
    public const string Key = "ingest";

    /// <summary>Ingest off.</summary>
    public static IngestSettings Off { get; } = new([], 60, 256 * 1024);

    /// <summary>Every series a device may write.</summary>
    public IEnumerable<string> Series => Devices.SelectMany(d => d.AllSeries).Concat(Mqtt.SelectMany(m => m.AllSeries)).Distinct(StringComparer.Ordinal);

    /// <summary>Each map entry of the devices and subscriptions: its setting (for messages), its key and its series.</summary>
    public IEnumerable<(string Setting, string Key, string Series)> MapEntries =>
        Devices.SelectMany((d, i) => d.Map.Select(m => ($"{Key}:devices:{i}:map:{m.Key}", m.Key, m.Value)))
            .Concat(Mqtt.SelectMany((s, i) => s.Map.Select(m => ($"{Key}:mqtt:{i}:map:{m.Key}", m.Key, m.Value))));

    /// <summary>Reads and checks the section; each bad value names its source.</summary>
    /// <exception cref="UserErrorException">A value is bad.</exception>
    public static IngestSettings From(LayeredConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var devices = new List<IngestDevice>();
        foreach (var entry in config.Section($"{Key}:devices").GetChildren())
        {
            var at = $"{Key}:devices:{entry.Key}";
            var name = config.Parse($"{at}:name", $"device {int.Parse(entry.Key, CultureInfo.InvariantCulture) + 1}", text => text);
            var token = config.Parse($"{at}:token", string.Empty, text => text.Length >= IngestDevice.ShortestToken
                ? text
                : throw new FormatException(IngestDevice.Problem(name, text, null, new Dictionary<string, string> { ["-"] = "-" })));
            var series = config.Parse<string?>($"{at}:series", string.Empty, text => text.Length == 0 ? null : Readings.Series.Validate(text));
            var map = MapOf(config, at, selectors: true);
            var notesOnly = series is null && map.Count == 0 && config.Parse($"{at}:notes", "false", text => bool.TryParse(text, out var on) ? on : throw new FormatException($"'{text}' is not true or false"));
            if (IngestDevice.Problem(name, token, series, map, notesOnly) is { } problem)
            {
                throw new UserErrorException($"{config.SourceOf($"{at}:token")}: {problem}.");
            }

            devices.Add(new IngestDevice(name, token, series, map) { NotesOnly = notesOnly });
        }

        if (IngestDevice.SharedToken(devices) is { } shared)
        {
            throw new UserErrorException($"{Key}: {shared}.");
        }

        return new IngestSettings(
            devices,
            config.Parse($"{Key}:perMinute", "60", text => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 100_000
                ? n
                : throw new FormatException($"'{text}' is not a number of requests a minute: write 1 to 100000")),
            config.Parse($"{Key}:maxBytes", (256 * 1024).ToString(CultureInfo.InvariantCulture), text => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1024 and <= 64 * 1024 * 1024
                ? n
                : throw new FormatException($"'{text}' is not a body size: write bytes from 1024 to 67108864")))
        {
            Mqtt = Subscriptions(config),
        };
    }

    // "mqtt": [{"preset": "tasmota", "topic": "tele/pool-esp/SENSOR", "series": "pool"}, ...]
    static List<MqttSubscription> Subscriptions(LayeredConfiguration config)
    {
        var subscriptions = new List<MqttSubscription>();
        foreach (var entry in config.Section($"{Key}:mqtt").GetChildren())
        {
            var at = $"{Key}:mqtt:{entry.Key}";
            var topic = config.Parse($"{at}:topic", string.Empty, text => text.Length > 0 ? text : throw new FormatException("each MQTT subscription needs a \"topic\", such as tele/pool-esp/SENSOR"));
            var preset = config.Parse($"{at}:preset", "json", text => Enum.TryParse<MqttPreset>(text, ignoreCase: true, out var p) && !int.TryParse(text, out _)
                ? p
                : throw new FormatException($"'{text}' is not a preset: use tasmota, esphome, zigbee2mqtt, shelly or json"));
            var series = config.Parse<string?>($"{at}:series", string.Empty, text => text.Length == 0 ? null : Readings.Series.Validate(text));
            var map = MapOf(config, at, selectors: false);
            if (series is null && map.Count == 0)
            {
                throw new UserErrorException($"{config.SourceOf($"{at}:topic")}: the subscription to {topic} needs a \"series\" or a \"map\" (such as \"map\": {{\"DS18B20-1\": \"pool\"}}).");
            }

            subscriptions.Add(new MqttSubscription(topic, preset, series, map, config[$"{at}:path"]));
        }

        return subscriptions;
    }

    // A map's entries, each key whole: the configuration splits a key at ':' (its path separator), which a Shelly's
    // component ("temperature:100") and a tag's value ("device=0000:00:18.3") hold, so the leaves below "map" are joined
    // again. A line-protocol selector is checked as line protocol reads it (escapes and all).
    static Dictionary<string, string> MapOf(LayeredConfiguration config, string at, bool selectors)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in Leaves(config.Section($"{at}:map"), prefix: null))
        {
            var setting = $"{at}:map:{key}";
            map[key] = config.Parse(setting, string.Empty, text =>
            {
                if (selectors && LineSelector.TryParse(key) is null)
                {
                    throw new FormatException($"'{key}' is not a line-protocol selector: write measurement,tag=value (a comma, space or = inside a name or value escaped with a backslash, as line protocol does)");
                }

                return Readings.Series.Validate(text);
            });
        }

        return map;
    }

    // The keys of a section's values, each the path below it ("temperature:100"), in the configuration's order.
    static IEnumerable<string> Leaves(IConfigurationSection section, string? prefix)
    {
        foreach (var child in section.GetChildren())
        {
            var key = prefix is null ? child.Key : $"{prefix}:{child.Key}";
            if (child.Value is not null)
            {
                yield return key;
            }

            foreach (var leaf in Leaves(child, key))
            {
                yield return leaf;
            }
        }
    }
}
