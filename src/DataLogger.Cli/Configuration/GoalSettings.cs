using System.Globalization;
using DataLogger.Cli.Common;
using DataLogger.Cli.Common.Settings;
using DataLogger.Forecasting;

namespace DataLogger.Cli.Configuration;

/// <summary>
/// What each series' owner waits for: <c>target</c> (°C) and <c>ambient</c> (the air's series), for every series or per
/// probe (<c>"probes": [{"id": ..., "series": "pool", "target": 28, "ambient": "air"}]</c>). The page says when the
/// target is expected, the records count the days at it, and the <c>reached</c> alert says when it is.
/// </summary>
static class GoalSettings
{
    /// <summary><c>target</c> / <c>--target</c>: the temperature waited for.</summary>
    public static Setting<double?> Target { get; } = new(
        "target", "--target", "The temperature you wait for, in °C (such as 28): the page says when it is expected, and an alert when it is reached.", "DEGREES", string.Empty,
        text => text.Length == 0 ? null
            : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var c) && c is > Readings.Reading.MinCelsius and < Readings.Reading.MaxCelsius
                ? c
                : throw new FormatException($"'{text}' is not a temperature: write °C, such as 28 or 27.5"),
        shownDefault: "none");

    /// <summary><c>ambient</c> / <c>--ambient</c>: the series of the air, for Newton's law.</summary>
    public static Setting<string?> Ambient { get; } = new(
        "ambient", "--ambient", "The series of the air around it (such as air), so the time follows Newton's law of heating and cooling.", "SERIES", string.Empty,
        text => text.Length == 0 ? null : Readings.Series.Validate(text), shownDefault: "none");

    /// <summary>The goal of each of <paramref name="series"/> (in the probes' order) that has a target.</summary>
    /// <exception cref="UserErrorException">A value is bad, or the ambient series is not one that is logged.</exception>
    public static IReadOnlyDictionary<string, HeatingGoal> From(LayeredConfiguration config, IReadOnlyList<string> series)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(series);
        var goals = new Dictionary<string, HeatingGoal>(StringComparer.Ordinal);
        var probes = config.Section(ProbeSettings.Key).GetChildren().ToList();
        for (var i = 0; i < series.Count; i++)
        {
            // A probe's own value wins over the shared one.
            var own = i < probes.Count && probes.Count <= series.Count ? $"{ProbeSettings.Key}:{probes[i].Key}" : null;
            string Where(string name) => own is not null && config[$"{own}:{name}"] is not null ? $"{own}:{name}" : name;
            var target = config.Parse(Where(Target.Key), Target.Fallback, Target.Parse);
            var ambient = config.Parse(Where(Ambient.Key), Ambient.Fallback, Ambient.Parse);
            if (ambient is not null && (ambient == series[i] || !series.Contains(ambient)))
            {
                throw new UserErrorException($"{config.SourceOf(Where(Ambient.Key))}: the ambient series '{ambient}' is {(ambient == series[i] ? "the series itself" : "not one of the probes' series")} ({string.Join(", ", series)}): name the air probe's series.");
            }

            if (target is { } t)
            {
                goals[series[i]] = new HeatingGoal(t, ambient);
            }
        }

        return goals;
    }
}
