using System.Globalization;
using DataLogger.Device.Sensors;
using DataLogger.Ports;

namespace DataLogger.CommandLine.Settings;

/// <summary>
/// Which sensors to read and where their readings go, for <c>run</c> and <c>agent</c> alike: the <c>probes</c> list of
/// the settings file (each with an <c>id</c>, a <c>series</c> and an optional <c>offset</c>), or else one sensor from
/// <c>sensor</c>, <c>series</c> and <c>offset</c>.
/// </summary>
public static class ProbeSettings
{
    /// <summary>The name of the list in the settings file.</summary>
    public const string Key = "probes";

    /// <summary>The probes the settings name, with their sensors found.</summary>
    /// <exception cref="UserErrorException">A value is bad or a sensor is missing; the message says what to change.</exception>
    public static IReadOnlyList<Probe> Read(LayeredConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var w1Root = SharedSettings.W1Root.Read(configuration);
        var configured = configuration.Section(Key).GetChildren().ToList();
        if (configured.Count == 0)
        {
            var sensor = OpenSensor(SharedSettings.Sensor.Read(configuration), w1Root);
            return [new Probe(SharedSettings.Series.Read(configuration), new CalibratedSensor(sensor, SharedSettings.Offset.Read(configuration)))];
        }

        var probes = new List<Probe>();
        foreach (var entry in configured)
        {
            var where = $"probe {int.Parse(entry.Key, CultureInfo.InvariantCulture) + 1} of \"{Key}\" in {configuration.File ?? "the configuration"}";
            var id = entry["id"] is { Length: > 0 } i ? i : throw new UserErrorException($"{where}: it needs an \"id\" such as 28-0316a279c4ff (see ls {w1Root}).");
            try
            {
                var series = SharedSettings.Series.Parse(entry["series"] ?? SharedSettings.Series.Fallback);
                var offset = SharedSettings.Offset.Parse(entry["offset"] ?? SharedSettings.Offset.Fallback);
                probes.Add(new Probe(series, new CalibratedSensor(new OneWireSensor(id, w1Root), offset)));
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                throw new UserErrorException($"{where}: {UserErrorException.Explain(e)}", e);
            }
        }

        var duplicate = probes.GroupBy(p => p.Series).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null
            ? probes
            : throw new UserErrorException($"two probes write the series '{duplicate.Key}' in {configuration.File}: give each probe its own series, so their readings never collide.");
    }

    /// <summary>The sensor of a kind, with "not there" as a message that says what to do.</summary>
    /// <exception cref="UserErrorException">A 1-Wire probe or the thermal zone was asked for and is not there.</exception>
    public static ISensor OpenSensor(SensorKind kind, string w1Root)
    {
        try
        {
            return Sensors.Create(kind, w1Root);
        }
        catch (SensorException e)
        {
            throw new UserErrorException(e.Message, e);
        }
    }
}
