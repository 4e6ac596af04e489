using DataLogger.Readings;
using DataLogger.Time;

namespace DataLogger.Site;

/// <summary>Everything the published site shows, as of one moment: the readings of a window and how to present them.</summary>
/// <param name="Series">The series the readings belong to.</param>
/// <param name="Title">The name people know the series by, for example <c>Pool</c>; shown as the page's heading.</param>
/// <param name="Window">The time window the readings were queried for.</param>
/// <param name="Readings">The readings of the window, ordered by time.</param>
/// <param name="TimeZone">The display time zone.</param>
/// <param name="GeneratedAt">When the snapshot was taken.</param>
public sealed record SiteSnapshot(
    string Series,
    string Title,
    TimeWindow Window,
    IReadOnlyList<Reading> Readings,
    TimeZoneInfo TimeZone,
    DateTimeOffset GeneratedAt)
{
    /// <summary>The newest reading, or null when there is none.</summary>
    public Reading? Latest => Readings.Count == 0 ? null : Readings[^1];

    /// <summary>The coldest reading of the window (the first, when several tie), or null.</summary>
    public Reading? Min => Readings.Count == 0 ? null : Readings.MinBy(r => r.Celsius);

    /// <summary>The warmest reading of the window (the first, when several tie), or null.</summary>
    public Reading? Max => Readings.Count == 0 ? null : Readings.MaxBy(r => r.Celsius);

    /// <summary>The mean of the window in °C, rounded to 0.01, or null.</summary>
    public double? MeanCelsius => Readings.Count == 0 ? null : Math.Round(Readings.Average(r => r.Celsius), 2, MidpointRounding.AwayFromZero);

    /// <summary>The title derived from a series name: <c>pool</c> becomes <c>Pool</c>, <c>hot_tub</c> becomes <c>Hot tub</c>.</summary>
    public static string TitleFor(string series)
    {
        ArgumentException.ThrowIfNullOrEmpty(series);
        var words = series.Replace('_', ' ').Replace('-', ' ');
        return char.ToUpperInvariant(words[0]) + words[1..];
    }
}
