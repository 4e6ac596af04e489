using DataLogger.Readings;

namespace DataLogger.Simulation;

/// <summary>A simulated history: readings at a fixed interval, aligned to the clock, from a <see cref="PoolModel"/>.</summary>
public static class History
{
    /// <summary>
    /// The readings every <paramref name="interval"/> in <c>(end - length, end]</c>, at times that are multiples of
    /// the interval (:00, :05, ... for 5 minutes), oldest first.
    /// </summary>
    public static IEnumerable<Reading> Generate(PoolModel model, DateTimeOffset end, TimeSpan length, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(model);
        var step = (long)interval.TotalSeconds;
        if (step <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), "The interval must be at least one second.");
        }

        var last = end.ToUnixTimeSeconds() / step * step;
        var first = (end - length).ToUnixTimeSeconds() / step * step + step;
        for (var t = first; t <= last; t += step)
        {
            yield return Reading.Create(t, model.CelsiusAt(t));
        }
    }

    /// <summary>How many readings <see cref="Generate"/> yields for the same arguments.</summary>
    public static long Count(DateTimeOffset end, TimeSpan length, TimeSpan interval)
    {
        var step = (long)interval.TotalSeconds;
        var last = end.ToUnixTimeSeconds() / step * step;
        var first = (end - length).ToUnixTimeSeconds() / step * step + step;
        return last < first ? 0 : ((last - first) / step) + 1;
    }
}
