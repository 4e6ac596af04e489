using DataLogger.Readings;
using DataLogger.Time;

namespace DataLogger.Charts;

/// <summary>What a chart shows.</summary>
/// <param name="Title">The title above the chart, for example <c>Pool temperature - last 24 h</c>.</param>
/// <param name="Window">The time span of the x axis.</param>
/// <param name="Readings">The readings, ordered by time.</param>
/// <param name="TimeZone">The time zone of the time axis.</param>
public sealed record ChartData(string Title, TimeWindow Window, IReadOnlyList<Reading> Readings, TimeZoneInfo TimeZone)
{
    /// <summary>Min, mean and max per bucket: when there are any, the chart draws them (a band and its mean line) instead of the readings.</summary>
    public IReadOnlyList<ReadingBand> Bands { get; init; } = [];
}
