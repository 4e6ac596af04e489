namespace DataLogger.Readings;

/// <summary>
/// The station model: the series of a site and what each measures. A series is a temperature unless the settings say
/// otherwise (<c>"quantities": {"humidity": "humidity", "ph": "ph", "heater": "state"}</c>); the same model comes from
/// the settings file of <c>run</c> and the agent, from the functions' environment and from the CDK context, each read
/// by <see cref="Parse(IEnumerable{KeyValuePair{string, string}})"/> (a map) or <see cref="Parse(string?)"/> (its text,
/// <c>humidity=humidity,ph=ph</c>), and written back as text by <see cref="QuantitiesText"/>.
/// </summary>
public sealed class Station
{
    readonly Dictionary<string, Quantity> _quantities;

    /// <summary>A station of <paramref name="series"/>, each a temperature but those <paramref name="quantities"/> names.</summary>
    public Station(IEnumerable<string> series, IReadOnlyDictionary<string, Quantity>? quantities = null, SeriesTitles? titles = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        Series = [.. series.Distinct(StringComparer.Ordinal)];
        _quantities = new Dictionary<string, Quantity>(quantities ?? new Dictionary<string, Quantity>(), StringComparer.Ordinal);
        Titles = titles ?? SeriesTitles.None;
    }

    /// <summary>The series no probe or device writes: readings entered by hand (<c>datalogger record ph 7.4</c>).</summary>
    public IReadOnlySet<string> ByHand { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// Whether readings of <paramref name="series"/> come rarely, when something changes or someone takes them (a state,
    /// a series entered by hand): never stale when quiet, no offline alert unless set, no chart drawn for each reading.
    /// </summary>
    public bool IsSparse(string series) => QuantityOf(series).IsState || ByHand.Contains(series);

    /// <summary>The series, in the order the settings give them.</summary>
    public IReadOnlyList<string> Series { get; }

    /// <summary>The name a person reads for each series.</summary>
    public SeriesTitles Titles { get; }

    /// <summary>The quantities the settings gave, by series (a temperature is not listed unless given).</summary>
    public IReadOnlyDictionary<string, Quantity> Quantities => _quantities;

    /// <summary>What <paramref name="series"/> measures: a temperature unless the settings say otherwise.</summary>
    public Quantity QuantityOf(string series) => _quantities.TryGetValue(series, out var quantity) ? quantity : Quantity.Temperature;

    /// <summary>The series that measure a temperature (the forecast's, the records', the ready-by time's).</summary>
    public IEnumerable<string> Temperatures => Series.Where(s => QuantityOf(s).IsTemperature);

    /// <summary>The quantities as text, <c>humidity=humidity,ph=ph,flow=number:L/min</c>: what the functions' environment holds.</summary>
    public string QuantitiesText => string.Join(",", _quantities.Select(q => $"{q.Key}={q.Value}"));

    /// <summary>The quantities of a map of series to quantity names (the settings file's <c>quantities</c>).</summary>
    /// <exception cref="FormatException">A series name or quantity is not valid; the message names it.</exception>
    public static Dictionary<string, Quantity> Parse(IEnumerable<KeyValuePair<string, string>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var quantities = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        foreach (var (series, name) in entries)
        {
            if (!Readings.Series.IsValid(series))
            {
                throw new FormatException($"'{series}' is not a series name: use 1 to 64 lower-case letters, digits, '-' or '_'");
            }

            var quantity = Quantity.Parse(name);
            if (!quantity.IsTemperature)
            {
                quantities[series] = quantity;
            }
        }

        return quantities;
    }

    /// <summary>The quantities of their text, <c>humidity=humidity,ph=ph</c> (empty: none).</summary>
    /// <exception cref="FormatException">An entry is not <c>series=quantity</c>, or either is not valid.</exception>
    public static Dictionary<string, Quantity> Parse(string? text) => Parse(
        (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(entry =>
            entry.Split('=', 2) is [var series, var quantity]
                ? KeyValuePair.Create(series.Trim(), quantity.Trim())
                : throw new FormatException($"'{entry}' is not series=quantity, such as humidity=humidity")));
}
