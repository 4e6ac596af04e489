namespace DataLogger.Device.Spooling;

/// <summary>
/// Exponential backoff with jitter: the n-th retry waits between half and all of <c>min(max, first * 2^n)</c>,
/// so many agents that lost the network together do not come back in step.
/// </summary>
/// <param name="First">The wait before the first retry.</param>
/// <param name="Max">The longest wait.</param>
public sealed record Backoff(TimeSpan First, TimeSpan Max)
{
    /// <summary>One second, doubling up to five minutes.</summary>
    public static Backoff Default { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));

    /// <summary>The wait before retry number <paramref name="attempt"/> (0 for the first).</summary>
    public TimeSpan Delay(int attempt, Random? random = null)
    {
        var ceiling = Math.Min(Max.TotalMilliseconds, First.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30)));
        var jitter = 0.5 + ((random ?? Random.Shared).NextDouble() * 0.5);
        return TimeSpan.FromMilliseconds(ceiling * jitter);
    }
}
