namespace DataLogger.Charts.Drawing;

/// <summary>
/// Ticks on a time axis at round times of the display time zone (every 3 hours for a day: 15:00, 18:00, ...),
/// found by walking UTC in quarter hours and keeping the instants whose local time is round, so days with a
/// daylight-saving change and zones with half-hour offsets get the right labels.
/// </summary>
static class TimeTicks
{
    static readonly int[] HourSteps = [1, 2, 3, 4, 6, 12];
    static readonly int[] DaySteps = [1, 2, 7, 14];

    /// <summary>A tick: when, and its label.</summary>
    public readonly record struct Tick(DateTimeOffset Time, string Label);

    /// <summary>At most <paramref name="maxTicks"/> ticks between <paramref name="start"/> and <paramref name="end"/>.</summary>
    public static IReadOnlyList<Tick> Between(DateTimeOffset start, DateTimeOffset end, TimeZoneInfo zone, int maxTicks = 9)
    {
        var span = end - start;
        foreach (var hours in HourSteps)
        {
            if (span.TotalHours / hours <= maxTicks)
            {
                return Walk(start, end, zone, local => local.Minute == 0 && local.Hour % hours == 0, "HH:mm");
            }
        }

        foreach (var days in DaySteps)
        {
            if (span.TotalDays / days <= maxTicks)
            {
                // The last tick of a month comes a whole step before the next month's first (never the 29th beside the 1st).
                return Walk(start, end, zone, local => local.TimeOfDay == TimeSpan.Zero && (days == 7 ? local.DayOfWeek == DayOfWeek.Monday : (local.Day - 1) % days == 0 && local.Day + days <= 32), days == 1 ? "ddd d" : "MMM d");
            }
        }

        var monthStep = Math.Max(1, (int)Math.Ceiling(span.TotalDays / 30.44 / maxTicks));
        return Walk(start, end, zone, local => local.TimeOfDay == TimeSpan.Zero && local.Day == 1 && (local.Month - 1) % monthStep == 0, "MMM");
    }

    static List<Tick> Walk(DateTimeOffset start, DateTimeOffset end, TimeZoneInfo zone, Func<DateTime, bool> round, string format)
    {
        var ticks = new List<Tick>();
        // Quarter hours find round local times in every zone (some are 30 or 45 minutes off UTC); whole hours do
        // for whole-hour zones, and keep a year's walk short.
        var wholeHourZone = zone.BaseUtcOffset.Ticks % TimeSpan.TicksPerHour == 0;
        var step = (end - start).TotalDays > 3 && wholeHourZone ? TimeSpan.FromHours(1) : TimeSpan.FromMinutes(15);
        var t = new DateTimeOffset(start.UtcTicks - (start.UtcTicks % step.Ticks), TimeSpan.Zero);
        for (; t <= end; t += step)
        {
            if (t < start)
            {
                continue;
            }

            var local = TimeZoneInfo.ConvertTime(t, zone).DateTime;
            if (round(local))
            {
                ticks.Add(new Tick(t, local.ToString(format, System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        return ticks;
    }
}
