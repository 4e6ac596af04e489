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
    /// measures. A series named here that nothing writes is a typo; a 1-Wire probe's series is a temperature.
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

        foreach (var name in entries.Select(e => e.Key).Where(name => !series.Contains(name)))
        {
            throw new UserErrorException(
                $"{config.SourceOf($"{Key}:{name}")}: '{name}' is not a series of this site ({string.Join(", ", series)}): name a probe's or a device's series.");
        }

        foreach (var name in probeSeries.Where(quantities.ContainsKey))
        {
            throw new UserErrorException(
                $"{config.SourceOf($"{Key}:{name}")}: '{name}' is a 1-Wire probe's series, which measures a temperature, not {quantities[name]}: give the device that measures it a series of its own.");
        }

        return new Station(series, quantities, titles);
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
