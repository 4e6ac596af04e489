namespace DataLogger.Readings;

/// <summary>
/// One local day of a series summed up, as the query engines return them for the records: its lowest and highest
/// reading with when each was taken, and how many readings it holds.
/// </summary>
/// <param name="Day">The day, in the display time zone.</param>
/// <param name="Min">The lowest reading, in the series' unit (°C for a temperature).</param>
/// <param name="MinAt">When it was taken, Unix seconds.</param>
/// <param name="Max">The highest reading, in the series' unit (°C for a temperature).</param>
/// <param name="MaxAt">When it was taken, Unix seconds.</param>
/// <param name="Count">How many readings the day holds.</param>
public sealed record DaySummary(DateOnly Day, double Min, long MinAt, double Max, long MaxAt, int Count)
{
    /// <summary>The summary of <paramref name="readings"/> (one local day's, at least one), the first of equal readings winning.</summary>
    public static DaySummary Of(DateOnly day, IReadOnlyList<Reading> readings)
    {
        ArgumentNullException.ThrowIfNull(readings);
        var min = readings.MinBy(r => r.Celsius)!;
        var max = readings.MaxBy(r => r.Celsius)!;
        return new DaySummary(day, min.Celsius, min.Timestamp, max.Celsius, max.Timestamp, readings.Count);
    }

    /// <summary>
    /// The local day a Unix time falls on, given the zone's offset from UTC the days were cut at (the engines cut every
    /// day of a query at one offset: the display zone's at the time of the query).
    /// </summary>
    public static DateOnly DayOf(long timestamp, TimeSpan offset) =>
        DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(timestamp).ToOffset(offset).DateTime);
}
