using System.Globalization;
using System.Text.Json;
using DataLogger.Device.Sensors;
using DataLogger.Ports;
using DataLogger.Readings;

namespace DataLogger.Cli.Common.Settings;

/// <summary>
/// Which sensors to read and where their readings go, for <c>run</c> and <c>agent</c> alike: the <c>probes</c> list of
/// the settings file (each with an <c>id</c>, a <c>series</c>, and an optional <c>title</c>, <c>offset</c> and
/// <c>range</c>), or else
/// every 1-Wire thermometer attached (one goes to <c>series</c>; several each to a series of its own, until they are
/// named), or the one sensor <c>sensor</c> names. With none attached and none asked for, the simulated pool writes the
/// demo's series (<see cref="Series.Demo"/>), never the one a probe will write, whatever <c>series</c> says.
/// </summary>
public static class ProbeSettings
{
    /// <summary>The name of the list in the settings file.</summary>
    public const string Key = "probes";

    /// <summary>The probes the settings name (or that are attached), with their sensors found.</summary>
    /// <exception cref="UserErrorException">A value is bad or a sensor is missing; the message says what to change.</exception>
    public static ProbeChoice Read(LayeredConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var w1Root = SharedSettings.W1Root.Read(configuration);
        var configured = configuration.Section(Key).GetChildren().ToList();
        if (configured.Count == 0)
        {
            return Unnamed(configuration, w1Root);
        }

        var probes = new List<Probe>();
        var titles = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in configured)
        {
            var where = $"probe {int.Parse(entry.Key, CultureInfo.InvariantCulture) + 1} of \"{Key}\" in {configuration.File ?? "the configuration"}";
            var id = entry["id"] is { Length: > 0 } i ? i : throw new UserErrorException($"{where}: it needs an \"id\" such as 28-0316a279c4ff (see ls {w1Root}).");
            try
            {
                var series = SharedSettings.Series.Parse(entry["series"] ?? SharedSettings.Series.Fallback);
                var offset = SharedSettings.Offset.Parse(entry["offset"] ?? SharedSettings.Offset.Fallback);
                var range = entry["range"] is { } text ? SharedSettings.Range.Parse(text) : SharedSettings.Range.Read(configuration);
                probes.Add(new Probe(series, new CalibratedSensor(new OneWireSensor(id, w1Root), offset, range)));
                if (SharedSettings.Title.Parse(entry["title"] ?? string.Empty) is { } title)
                {
                    titles[series] = title;
                }
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                throw new UserErrorException($"{where}: {UserErrorException.Explain(e)}", e);
            }
        }

        var duplicate = probes.GroupBy(p => p.Series).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null
            ? new ProbeChoice(probes, null) { Titles = new SeriesTitles(titles) }
            : throw new UserErrorException($"two probes write the series '{duplicate.Key}' in {configuration.File}: give each probe its own series, so their readings never collide.");
    }

    // No list: the sensor setting, or every 1-Wire thermometer attached, none of them left out.
    static ProbeChoice Unnamed(LayeredConfiguration configuration, string w1Root)
    {
        var series = SharedSettings.Series.Read(configuration);
        var offset = SharedSettings.Offset.Read(configuration);
        var range = SharedSettings.Range.Read(configuration);
        var title = SharedSettings.Title.Read(configuration);
        var kind = SharedSettings.Sensor.Read(configuration);
        IReadOnlyList<ISensor> sensors;
        try
        {
            sensors = Sensors.CreateAll(kind, w1Root);
        }
        catch (SensorException e)
        {
            throw new UserErrorException(e.Message, e);
        }

        if (sensors.Count == 0)
        {
            return new ProbeChoice([], null); // sensor none: the readings come from devices
        }

        string? demo = null;
        if (sensors is [SimulatedSensor] && kind == SensorKind.Auto)
        {
            // No probe found and none asked for: the demo, apart from the series (and the title) a probe will write.
            demo = series == Series.Default && configuration[SharedSettings.Series.Key] is null ? null
                : $"No 1-Wire thermometer under {w1Root}: the simulated pool writes the series '{Series.Demo}', not '{series}', so that a probe's series never holds simulated readings (--sensor simulated writes the simulation into '{series}').";
            (series, title) = (Series.Demo, null);
        }

        if (sensors.Count == 1)
        {
            return new ProbeChoice([new Probe(series, new CalibratedSensor(sensors[0], offset, range))], demo)
            {
                Titles = new SeriesTitles(title is null ? null : new Dictionary<string, string>(StringComparer.Ordinal) { [series] = title }),
            };
        }

        // Several and none named: each to a series of its own (the series and the id's last four digits), and say how to name them.
        var names = DefaultSeries(series, [.. sensors.Select(s => s.Id!)]);
        var probes = sensors.Select((s, i) => new Probe(names[i], new CalibratedSensor(s, offset, range))).ToList();
        var example = JsonSerializer.Serialize(probes.Select(p => new Dictionary<string, string> { ["id"] = p.Sensor.Id!, ["series"] = p.Series }).ToList(), ProbeJson.Default.ListDictionaryStringString);
        var naming = $"{probes.Count} 1-Wire probes and no \"{Key}\" setting: reading {string.Join(", ", probes.Select(p => $"{p.Sensor.Id} into '{p.Series}'"))}. " +
            $"Name them in {LayeredConfiguration.DefaultFile}, for example \"{Key}\": {example} (a series each, such as pool and air; an optional title and offset).";
        return new ProbeChoice(probes, naming);
    }

    /// <summary>A series for each unnamed probe: <c>pool-c4ff</c>, the id's last four digits (all of them where two would collide).</summary>
    public static IReadOnlyList<string> DefaultSeries(string series, IReadOnlyList<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var shortNames = ids.Select(id => $"{series}-{id[Math.Max(0, id.Length - 4)..]}").ToList();
        return shortNames.Distinct(StringComparer.Ordinal).Count() == ids.Count ? shortNames : [.. ids.Select(id => $"{series}-{id}")];
    }
}
