namespace DataLogger.Alerts;

/// <summary>Where one alert stands: quiet, waiting for its condition to hold long enough, or firing.</summary>
/// <param name="Status">Its status.</param>
/// <param name="Since">When its condition began (pending or firing), or null.</param>
/// <param name="Celsius">The reading that last moved it, or null.</param>
/// <param name="NotifiedAt">When it was last notified (fired, repeated), or null.</param>
public sealed record AlertState(AlertStatus Status, DateTimeOffset? Since, double? Celsius, DateTimeOffset? NotifiedAt)
{
    /// <summary>Quiet.</summary>
    public static AlertState Ok { get; } = new(AlertStatus.Ok, null, null, null);
}

/// <summary>The status of an alert.</summary>
public enum AlertStatus
{
    /// <summary>Its condition does not hold.</summary>
    Ok,

    /// <summary>Its condition holds, not yet as long as the rule's <see cref="AlertRule.For"/>.</summary>
    Pending,

    /// <summary>It fired and has not resolved.</summary>
    Firing,
}
