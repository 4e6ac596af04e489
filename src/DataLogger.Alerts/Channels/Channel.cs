using System.Net;

namespace DataLogger.Alerts.Channels;

/// <summary>Somewhere notices go: an ntfy topic, a webhook, a mailbox.</summary>
public abstract class Channel
{
    /// <summary>The channel as a person reads it, without any secret, for messages.</summary>
    public abstract string Name { get; }

    /// <summary>A short, stable key of the channel's URL (a hash: no secret in it), for the outbox's file names.</summary>
    public string Key { get; init; } = string.Empty;

    /// <summary>Delivers <paramref name="notice"/>; never throws for the channel's own failures (they are the result).</summary>
    public abstract Task<Delivery> SendAsync(AlertNotice notice, CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public override string ToString() => Name;

    /// <summary>What an HTTP answer means for a delivery: 2xx delivered; 408, 429 and 5xx worth a retry; other 4xx refused.</summary>
    protected static Delivery FromStatus(HttpStatusCode status, string what) => (int)status switch
    {
        >= 200 and < 300 => Delivery.Delivered,
        408 or 429 or >= 500 => Delivery.Retry($"{what} answered {(int)status} {status}"),
        _ => Delivery.Refused($"{what} refused it: {(int)status} {status}"),
    };
}
