namespace DataLogger.Time;

/// <summary>
/// When a series has gone quiet: its newest reading is older than three intervals. The one owner of that rule, for the
/// page's warning, <c>latest.json</c>, Home Assistant's <c>expire_after</c> and the default <c>offlineAfter</c> alert.
/// </summary>
public static class Staleness
{
    /// <summary>How many intervals without a reading make a series stale.</summary>
    public const int Intervals = 3;

    /// <summary>How long a series of readings every <paramref name="interval"/> may be quiet before it is stale.</summary>
    public static TimeSpan After(TimeSpan interval) => Intervals * interval;

    /// <summary>
    /// How long ago <paramref name="newest"/> was taken at <paramref name="now"/>, when that makes the series stale; else
    /// null. A series with no interval (zero: a state, readings entered by hand) is never stale.
    /// </summary>
    public static TimeSpan? Silence(DateTimeOffset? newest, DateTimeOffset now, TimeSpan interval) =>
        interval > TimeSpan.Zero && newest is { } taken && now - taken > After(interval) ? now - taken : null;
}
