namespace DataLogger.Aws;

/// <summary>
/// When the cloud's compaction runs: hourly, a few minutes past the hour (what a run takes, the readings of the hours
/// that are over, is the compactor's own rule). The CDK stack's schedule and the function's timeout, and the function's
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
}
