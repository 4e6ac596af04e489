namespace DataLogger.Aws;

/// <summary>
/// When the cloud's compaction runs and what each run takes: hourly, a few minutes past the hour, the readings of the
/// hours that are over (<see cref="Cutoff"/>). The CDK stack's schedule and the function's timeout, and the function's
/// own time budget, all come from here.
/// </summary>
public static class CompactionSchedule
{
    /// <summary>The minute past each hour the schedule runs the function at.</summary>
    public const int Minute = 5;

    /// <summary>How long one run may start new days for; what is left waits for the next run.</summary>
    public static TimeSpan Budget { get; } = TimeSpan.FromMinutes(4);

    /// <summary>The function's timeout: the budget and a minute to finish the day in progress.</summary>
    public static TimeSpan Timeout { get; } = Budget + TimeSpan.FromMinutes(1);

    /// <summary>The readings a run at <paramref name="now"/> merges are those taken before this: the start of its UTC hour.</summary>
    public static DateTimeOffset Cutoff(DateTimeOffset now)
    {
        var utc = now.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }
}
