using DataLogger.Readings;
using DataLogger.Time;

namespace DataLogger.Ports;

/// <summary>Answers questions about stored readings: DuckDB locally, Athena in AWS.</summary>
public interface IQueryEngine
{
    /// <summary>
    /// The readings of <paramref name="series"/> taken in <paramref name="window"/>, ordered by time. Reads only the
    /// day partitions the window touches; skips (and counts) malformed objects instead of failing.
    /// </summary>
    Task<ReadingsResult> ReadingsAsync(string series, TimeWindow window, CancellationToken cancellationToken = default);

    /// <summary>Min, mean and max of <paramref name="series"/> per <paramref name="bucket"/> in <paramref name="window"/>, oldest first.</summary>
    Task<IReadOnlyList<ReadingBand>> BandsAsync(string series, TimeWindow window, TimeSpan bucket, CancellationToken cancellationToken = default);

    /// <summary>
    /// Each day of <paramref name="series"/> in <paramref name="window"/> summed up (lowest and highest reading and
    /// when, how many), the days cut at midnight <paramref name="offset"/> from UTC (the display zone's), oldest first:
    /// what the records are computed from.
    /// </summary>
    Task<IReadOnlyList<DaySummary>> DaysAsync(string series, TimeWindow window, TimeSpan offset, CancellationToken cancellationToken = default);
}
