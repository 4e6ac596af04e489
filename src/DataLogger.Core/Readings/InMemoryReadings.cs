using DataLogger.Ports;
using DataLogger.Time;

namespace DataLogger.Readings;

/// <summary>
/// Readings already in memory (a CSV file's, a test's) answering as a query engine does, so they are drawn and
/// published by the same path as the bucket's: the readings of a window, and its bands per bucket aligned on the Unix
/// epoch as the engines' SQL aligns them.
/// </summary>
public sealed class InMemoryReadings : IQueryEngine
{
    readonly Dictionary<string, Reading[]> _series;

    /// <summary>The readings of each series.</summary>
    public InMemoryReadings(IReadOnlyDictionary<string, IReadOnlyList<Reading>> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        _series = series.ToDictionary(s => s.Key, s => s.Value.OrderBy(r => r.Timestamp).ToArray(), StringComparer.Ordinal);
    }

    /// <summary>The readings of one series.</summary>
    public InMemoryReadings(string series, IReadOnlyList<Reading> readings)
        : this(new Dictionary<string, IReadOnlyList<Reading>>(StringComparer.Ordinal) { [series] = readings })
    {
    }

    /// <inheritdoc />
    public Task<ReadingsResult> ReadingsAsync(string series, TimeWindow window, CancellationToken cancellationToken = default) =>
        Task.FromResult(new ReadingsResult([.. In(series, window)], 0));

    /// <inheritdoc />
    public Task<IReadOnlyList<ReadingBand>> BandsAsync(string series, TimeWindow window, TimeSpan bucket, CancellationToken cancellationToken = default)
    {
        var seconds = (long)bucket.TotalSeconds;
        IReadOnlyList<ReadingBand> bands = [.. In(series, window)
            .GroupBy(r => r.Timestamp - (r.Timestamp % seconds))
            .Select(g => new ReadingBand(g.Key, g.Min(r => r.Celsius), g.Average(r => r.Celsius), g.Max(r => r.Celsius), g.Count()))];
        return Task.FromResult(bands);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<DaySummary>> DaysAsync(string series, TimeWindow window, TimeSpan offset, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<DaySummary> days = [.. In(series, window)
            .GroupBy(r => DaySummary.DayOf(r.Timestamp, offset))
            .OrderBy(g => g.Key)
            .Select(g => DaySummary.Of(g.Key, [.. g]))];
        return Task.FromResult(days);
    }

    IEnumerable<Reading> In(string series, TimeWindow window) =>
        _series.TryGetValue(series, out var readings) ? readings.Where(r => window.Contains(r.Timestamp)) : [];
}
