namespace DataLogger.Time;

/// <summary>
/// Exponential backoff, the one rule every retry follows (the spool's drain, Athena's throttling, the MQTT broker, the
/// notices' outbox, a query's polling): the n-th retry waits <c>min(max, first * 2^n)</c> (<see cref="Ceiling"/>), or
/// with jitter between half and all of it (<see cref="Delay"/>), so many agents that lost the network together do not
/// come back in step.
/// </summary>
/// <param name="First">The wait before the first retry.</param>
/// <param name="Max">The longest wait.</param>
public sealed record Backoff(TimeSpan First, TimeSpan Max)
{
    /// <summary>One second, doubling up to five minutes: the spool's drain.</summary>
    public static Backoff Default { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));

    /// <summary>The longest wait before retry number <paramref name="attempt"/> (0 for the first), without jitter.</summary>
    public TimeSpan Ceiling(int attempt) =>
        TimeSpan.FromMilliseconds(Math.Min(Max.TotalMilliseconds, First.TotalMilliseconds * Math.Pow(2, Math.Clamp(attempt, 0, 30))));

    /// <summary>The wait before retry number <paramref name="attempt"/> (0 for the first): half to all of its <see cref="Ceiling"/>.</summary>
    public TimeSpan Delay(int attempt, Random? random = null) =>
        Ceiling(attempt) * (0.5 + ((random ?? Random.Shared).NextDouble() * 0.5));
}
