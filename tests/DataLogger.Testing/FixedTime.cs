namespace DataLogger.Testing;

/// <summary>A clock that says <paramref name="now"/> until it is set to another time.</summary>
public sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
