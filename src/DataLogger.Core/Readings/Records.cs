namespace DataLogger.Readings;

/// <summary>A highest or lowest reading and when it was taken.</summary>
/// <param name="Celsius">The reading, in its series' unit (°C for a temperature).</param>
/// <param name="At">When it was taken, Unix seconds.</param>
public sealed record Extreme(double Celsius, long At)
{
    /// <summary>When it was taken, as an instant.</summary>
    public DateTimeOffset Time => DateTimeOffset.FromUnixTimeSeconds(At);
}

/// <summary>The highest and lowest reading of one span of days ("today", "this month").</summary>
/// <param name="Name">The span as the page names it: <c>today</c>, <c>this month</c>, <c>this year</c>, <c>all time</c>.</param>
/// <param name="High">The highest reading.</param>
/// <param name="Low">The lowest reading.</param>
public sealed record RecordSpan(string Name, Extreme High, Extreme Low);

/// <summary>
/// A series' records, as weewx's <c>$alltime.max</c> and <c>maxtime</c>: the highest and lowest reading with when, for
/// today, this month, this year and all time, and with a target the days this year on which the series reached it.
/// Computed from the daily summaries the query engine returns (<see cref="DaySummary"/>), a row a day.
/// </summary>
/// <param name="Spans">Today, this month, this year and all time, each when it has a day.</param>
/// <param name="Since">The first day summed up (where "all time" starts), or null.</param>
/// <param name="Target">The target in °C, or null.</param>
/// <param name="DaysAtTarget">The days this year whose highest reading was at or above the target, or null without one.</param>
public sealed record Records(IReadOnlyList<RecordSpan> Spans, DateOnly? Since, double? Target, int? DaysAtTarget)
{
    /// <summary>No records: no day summed up yet.</summary>
    public static Records None { get; } = new([], null, null, null);

    /// <summary>The records of <paramref name="days"/> (one summary per day) as of <paramref name="today"/>.</summary>
    public static Records Of(IReadOnlyList<DaySummary> days, DateOnly today, double? target)
    {
        ArgumentNullException.ThrowIfNull(days);
        var past = days.Where(d => d.Day <= today).ToList();
        if (past.Count == 0)
        {
            return None with { Target = target, DaysAtTarget = target is null ? null : 0 };
        }

        var spans = new List<RecordSpan>(4);
        void Add(string name, Func<DaySummary, bool> inSpan)
        {
            var span = past.Where(inSpan).ToList();
            if (span.Count > 0)
            {
                // The first of equal readings: the record was set then.
                var high = span.OrderByDescending(d => d.Max).ThenBy(d => d.MaxAt).First();
                var low = span.OrderBy(d => d.Min).ThenBy(d => d.MinAt).First();
                spans.Add(new RecordSpan(name, new Extreme(high.Max, high.MaxAt), new Extreme(low.Min, low.MinAt)));
            }
        }

        Add("today", d => d.Day == today);
        Add("this month", d => d.Day.Year == today.Year && d.Day.Month == today.Month);
        Add("this year", d => d.Day.Year == today.Year);
        Add("all time", _ => true);
        int? atTarget = target is { } t ? past.Count(d => d.Day.Year == today.Year && d.Max >= t) : null;
        return new Records(spans, past.Min(d => d.Day), target, atTarget);
    }
}
