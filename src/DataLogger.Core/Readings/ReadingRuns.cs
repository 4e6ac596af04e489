namespace DataLogger.Readings;

/// <summary>
/// Where readings break: a gap is more than 3.5 times the usual (median) time between readings, so one or two missed
/// readings are bridged and an outage of hours is not. The chart breaks its line there, and a rate is never fitted
/// across one. The one owner of that rule.
/// </summary>
public static class ReadingRuns
{
    /// <summary>Splits readings (ordered by time) into runs without a gap.</summary>
    public static IEnumerable<ReadOnlyMemory<Reading>> Split(IReadOnlyList<Reading> readings)
    {
        ArgumentNullException.ThrowIfNull(readings);
        var array = readings as Reading[] ?? [.. readings];
        if (array.Length == 0)
        {
            yield break;
        }

        var gap = GapThreshold(array);
        var start = 0;
        for (var i = 1; i < array.Length; i++)
        {
            if (array[i].Timestamp - array[i - 1].Timestamp > gap)
            {
                yield return array.AsMemory(start, i - start);
                start = i;
            }
        }

        yield return array.AsMemory(start);
    }

    /// <summary>The time between two readings, in seconds, above which there is a gap.</summary>
    public static double GapThreshold(IReadOnlyList<Reading> readings)
    {
        ArgumentNullException.ThrowIfNull(readings);
        if (readings.Count < 2)
        {
            return double.PositiveInfinity;
        }

        var steps = new long[readings.Count - 1];
        for (var i = 1; i < readings.Count; i++)
        {
            steps[i - 1] = readings[i].Timestamp - readings[i - 1].Timestamp;
        }

        Array.Sort(steps);
        return Math.Max(3.5 * steps[steps.Length / 2], 60);
    }
}
