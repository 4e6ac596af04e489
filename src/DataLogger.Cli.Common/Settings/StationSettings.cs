using DataLogger.Readings;

namespace DataLogger.Cli.Common.Settings;

/// <summary>
/// The station model of the settings file: what each series measures, <c>"quantities": {"humidity": "humidity",
/// "ph": "ph", "heater": "state", "flow": "number:L/min"}</c> (a series not named is a temperature), read by
/// <see cref="Station.Parse(IEnumerable{KeyValuePair{string, string}})"/>, the reader the functions' environment and
/// the CDK context use too.
/// </summary>
public static class StationSettings
{
    /// <summary>The section's name.</summary>
    public const string Key = "quantities";

    /// <summary>
    /// The station of <paramref name="series"/> (the probes' series, then the devices'), with what the settings say each
    /// measures; a series named only here is one entered by hand (<c>datalogger record ph 7.4</c>), added after them. A
    /// 1-Wire probe's series is a temperature.
    /// </summary>
    /// <exception cref="UserErrorException">A name or quantity is not valid, a series is unknown, or a probe's series is not a temperature.</exception>
    public static Station Read(LayeredConfiguration config, IReadOnlyList<string> series, IEnumerable<string> probeSeries, SeriesTitles titles)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(series);
        var entries = config.Section(Key).GetChildren().Select(c => KeyValuePair.Create(c.Key, c.Value ?? string.Empty)).ToList();
        Dictionary<string, Quantity> quantities;
        try
        {
            quantities = Station.Parse(entries);
        }
        catch (FormatException e)
        {
            var at = entries.FirstOrDefault(entry => !Series.IsValid(entry.Key) || IsNot(entry.Value)).Key;
            throw new UserErrorException($"{config.SourceOf(at is null ? Key : $"{Key}:{at}")}: {e.Message}.", e);
        }

        foreach (var name in probeSeries.Where(quantities.ContainsKey))
        {
            throw new UserErrorException(
                $"{config.SourceOf($"{Key}:{name}")}: '{name}' is a 1-Wire probe's series, which measures a temperature, not {quantities[name]}: give the device that measures it a series of its own.");
        }

        // A series named after what it measures reads as that quantity's title (ph: pH, orp: ORP), unless the settings title it.
        var all = series.Concat(entries.Select(e => e.Key)).Distinct(StringComparer.Ordinal).ToList();
        titles = new SeriesTitles(all.ToDictionary(
            name => name,
            name => titles.Of(name) is var given && given != SeriesTitles.Default(name) ? given
                : quantities.GetValueOrDefault(name) is { } quantity && quantity.Name == name ? quantity.Title
                : given,
            StringComparer.Ordinal));
        return new Station(all, quantities, titles)
        {
            ByHand = entries.Select(e => e.Key).Where(name => !series.Contains(name)).ToHashSet(StringComparer.Ordinal),
        };
    }

    /// <summary>
    /// Refuses a device's map entry whose name says one quantity (<c>humidity,sensor=am2301</c>, <c>AM2301.Humidity</c>,
    /// Ecowitt's <c>humidityin</c>, <c>POWER</c>) feeding a series that measures another: a humidity filed as a temperature
    /// would be 57 °C on the page. The message says how to declare the series.
    /// </summary>
    /// <param name="config">The settings, for the message's source.</param>
    /// <param name="station">The station.</param>
    /// <param name="maps">Each entry: its setting's key (for the source), the map's key, and its series.</param>
    /// <exception cref="UserErrorException">An entry's name says another quantity than its series measures.</exception>
    public static void CheckMaps(LayeredConfiguration config, Station station, IEnumerable<(string Setting, string Key, string Series)> maps)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(station);
        ArgumentNullException.ThrowIfNull(maps);
        foreach (var (setting, key, series) in maps)
        {
            var name = key.Split(',', 2)[0];
            name = name[(name.LastIndexOf('.') + 1)..];
            if (Ingest.QuantityFields.Of(name) is { } said && said.Quantity.Name != station.QuantityOf(series).Name)
            {
                throw new UserErrorException(
                    $"{config.SourceOf(setting)}: '{key}' is a {said.Quantity.Noun}, but '{series}' measures {station.QuantityOf(series).Noun}: declare it, \"{Key}\": {{\"{series}\": \"{said.Quantity}\"}}, or map it to a series that measures {said.Quantity.Noun}.");
            }
        }
    }

    static bool IsNot(string quantity)
    {
        try
        {
            Quantity.Parse(quantity);
            return false;
        }
        catch (FormatException)
        {
            return true;
        }
    }
}
