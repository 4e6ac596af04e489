namespace DataLogger.Readings;

/// <summary>
/// The name a person reads for each series (on the page, in a notice, in Home Assistant, in an alarm): the title the
/// settings give it, or else one made from the series' name (<see cref="Default"/>). The one owner of that rule.
/// </summary>
public sealed class SeriesTitles
{
    readonly IReadOnlyDictionary<string, string> _given;

    /// <summary>Titles given by the settings, by series; every other series gets its <see cref="Default"/>.</summary>
    public SeriesTitles(IReadOnlyDictionary<string, string>? given = null) => _given = given ?? new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>No titles given: every series is named after itself.</summary>
    public static SeriesTitles None { get; } = new();

    /// <summary>The title of <paramref name="series"/>.</summary>
    public string Of(string series) => _given.TryGetValue(series, out var title) ? title : Default(series);

    /// <summary>
    /// The title made from a series' name: <c>pool</c> becomes <c>Pool</c>, <c>hot_tub</c> and <c>hot-tub</c> become
    /// <c>Hot tub</c>; the demo's series (<see cref="Series.Demo"/>) says it is simulated.
    /// </summary>
    public static string Default(string series)
    {
        ArgumentException.ThrowIfNullOrEmpty(series);
        if (series == Series.Demo)
        {
            return "Demo pool (simulated)";
        }

        var words = series.Replace('_', ' ').Replace('-', ' ');
        return char.ToUpperInvariant(words[0]) + words[1..];
    }
}
