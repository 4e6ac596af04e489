namespace DataLogger.Forecasting;

/// <summary>
/// What a series' owner waits for: a temperature (<c>"target": 28</c>) and, when an air probe is logged too, the series
/// of the air around it (<c>"ambient": "air"</c>), which lets the forecast follow Newton's law of heating and cooling
/// instead of a straight line.
/// </summary>
/// <param name="Target">The temperature waited for, in °C.</param>
/// <param name="Ambient">The series of the surrounding air, or null.</param>
public sealed record HeatingGoal(double Target, string? Ambient = null);

/// <summary>
/// The goals of several series written on one line each, as the AWS functions take them from their environment and
/// the CDK app from its context: targets <c>pool=28,spa=38</c> and ambient series <c>pool=air</c>. The one owner of
/// that text.
/// </summary>
public static class HeatingGoals
{
    /// <summary>The goals of <paramref name="targets"/> and <paramref name="ambient"/> (each null or empty for none), for series among <paramref name="series"/>.</summary>
    /// <exception cref="FormatException">A pair is not <c>series=value</c>, a target not a temperature, or a series not one of <paramref name="series"/>.</exception>
    public static IReadOnlyDictionary<string, HeatingGoal> Parse(string? targets, string? ambient, IReadOnlyList<string> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var airs = Pairs(ambient, "ambient", series).ToDictionary(p => p.Series, p => p.Value, StringComparer.Ordinal);
        var goals = new Dictionary<string, HeatingGoal>(StringComparer.Ordinal);
        foreach (var (name, value) in Pairs(targets, "targets", series))
        {
            if (!double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var target)
                || target is <= Readings.Reading.MinCelsius or >= Readings.Reading.MaxCelsius)
            {
                throw new FormatException($"targets: '{value}' for {name} is not a temperature: write °C, such as {name}=28");
            }

            var air = airs.GetValueOrDefault(name);
            if (air is not null && (air == name || !series.Contains(air)))
            {
                throw new FormatException($"ambient: '{air}' for {name} is not another of the series ({string.Join(", ", series)})");
            }

            goals[name] = new HeatingGoal(target, air);
        }

        return goals;
    }

    /// <summary>The targets as one line: <c>pool=28,spa=38</c>.</summary>
    public static string Targets(IReadOnlyDictionary<string, HeatingGoal> goals) =>
        string.Join(',', (goals ?? throw new ArgumentNullException(nameof(goals))).Select(g => FormattableString.Invariant($"{g.Key}={g.Value.Target}")));

    /// <summary>The ambient series as one line: <c>pool=air</c>.</summary>
    public static string Ambient(IReadOnlyDictionary<string, HeatingGoal> goals) =>
        string.Join(',', (goals ?? throw new ArgumentNullException(nameof(goals))).Where(g => g.Value.Ambient is not null).Select(g => $"{g.Key}={g.Value.Ambient}"));

    static IEnumerable<(string Series, string Value)> Pairs(string? text, string what, IReadOnlyList<string> series)
    {
        foreach (var pair in (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? pair[..equals].Trim() : string.Empty;
            if (equals <= 0 || !series.Contains(name))
            {
                throw new FormatException($"{what}: '{pair}' is not series=value for one of the series ({string.Join(", ", series)})");
            }

            yield return (name, pair[(equals + 1)..].Trim());
        }
    }
}
