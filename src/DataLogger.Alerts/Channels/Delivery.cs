namespace DataLogger.Alerts.Channels;

/// <summary>What a channel made of a notice.</summary>
/// <param name="Outcome">Delivered, worth another try later, or refused for good.</param>
/// <param name="Reason">Why it was not delivered, for the log.</param>
public sealed record Delivery(DeliveryOutcome Outcome, string? Reason = null)
{
    /// <summary>The channel has it.</summary>
    public static Delivery Delivered { get; } = new(DeliveryOutcome.Delivered);

    /// <summary>Not now (the server is down, busy, or failed): try again later.</summary>
    public static Delivery Retry(string reason) => new(DeliveryOutcome.Retry, reason);

    /// <summary>Never (a bad address, a refused login, a 4xx): trying again would not help.</summary>
    public static Delivery Refused(string reason) => new(DeliveryOutcome.Refused, reason);
}

/// <summary>The outcome of a delivery.</summary>
public enum DeliveryOutcome
{
    /// <summary>The channel has it.</summary>
    Delivered,

    /// <summary>Try again later.</summary>
    Retry,

    /// <summary>Refused for good.</summary>
    Refused,
}
