namespace DataLogger.Time;

/// <summary>
/// A span of real time, <c>(Start, End]</c>: a reading belongs to it when <c>Start &lt; time &lt;= End</c>, so the
/// last 24 hours at 5-minute steps hold exactly 288 readings. Windows are UTC instants, so one that crosses a
/// daylight-saving change still covers the same number of real hours.
/// </summary>
public sealed record TimeWindow
{
    /// <summary>Creates a window from two instants; <paramref name="start"/> must be before <paramref name="end"/>.</summary>
    /// <exception cref="ArgumentException">The window is empty or reversed.</exception>
    public TimeWindow(DateTimeOffset start, DateTimeOffset end)
    {
        if (end <= start)
        {
            throw new ArgumentException($"A time window must end after it starts ({start:O} to {end:O}).", nameof(end));
        }

        Start = start.ToUniversalTime();
        End = end.ToUniversalTime();
    }

    /// <summary>The exclusive start of the window (UTC).</summary>
    public DateTimeOffset Start { get; }

    /// <summary>The inclusive end of the window (UTC).</summary>
    public DateTimeOffset End { get; }

    /// <summary>How long the window is.</summary>
    public TimeSpan Length => End - Start;

    /// <summary>The exclusive start in Unix seconds.</summary>
    public long StartUnixSeconds => Start.ToUnixTimeSeconds();

    /// <summary>The inclusive end in Unix seconds.</summary>
    public long EndUnixSeconds => End.ToUnixTimeSeconds();

    /// <summary>The window of length <paramref name="length"/> that ends at <paramref name="now"/>.</summary>
    public static TimeWindow Last(TimeSpan length, DateTimeOffset now) => new(now - length, now);

    /// <summary>Whether a reading taken at <paramref name="unixSeconds"/> belongs to the window.</summary>
    public bool Contains(long unixSeconds) => unixSeconds > StartUnixSeconds && unixSeconds <= EndUnixSeconds;

    /// <summary>
    /// The UTC days (the day partitions of the key layout) that hold readings of this window, oldest first:
    /// two for a 24-hour window that does not start at midnight.
    /// </summary>
    public IReadOnlyList<DateOnly> Days
    {
        get
        {
            // The first second that belongs to the window is Start + 1 s.
            var first = DateOnly.FromDateTime(Start.AddSeconds(1).UtcDateTime);
            var last = DateOnly.FromDateTime(End.UtcDateTime);
            var days = new List<DateOnly>(last.DayNumber - first.DayNumber + 1);
            for (var day = first; day <= last; day = day.AddDays(1))
            {
                days.Add(day);
            }

            return days;
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"({Start:O}, {End:O}]";
}
