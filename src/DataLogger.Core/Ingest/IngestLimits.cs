using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace DataLogger.Ingest;

/// <summary>
/// The requests a device may make a minute (a fixed window a device, no queue), and the largest body taken: the two
/// limits both ingest hosts keep. On AWS each warm instance of the function keeps its own window.
/// </summary>
/// <param name="perMinute">Requests a device may make a minute.</param>
/// <param name="maxBytes">The largest body taken.</param>
/// <param name="settingNames">How the two settings are spelt where the user sets them, for the refusals' lines.</param>
public sealed class IngestLimits(int perMinute, int maxBytes, (string PerMinute, string MaxBytes) settingNames)
{
    readonly ConcurrentDictionary<string, RateLimiter> _windows = new(StringComparer.Ordinal);

    /// <summary>The requests a device may make a minute.</summary>
    public int PerMinute => perMinute;

    /// <summary>The largest body taken.</summary>
    public int MaxBytes => maxBytes;

    /// <summary>Takes one of <paramref name="device"/>'s requests of this minute.</summary>
    /// <exception cref="IngestRefusedException">It has made its requests for this minute (429).</exception>
    public void Take(IngestDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        using var lease = _windows.GetOrAdd(device.Token, _ => new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions
        {
            PermitLimit = perMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        })).AttemptAcquire();
        if (!lease.IsAcquired)
        {
            throw new IngestRefusedException(429, $"too many requests from '{device.Name}': at most {perMinute} a minute ({settingNames.PerMinute})");
        }
    }

    /// <summary>The refusal of a body over <see cref="MaxBytes"/> (413).</summary>
    public IngestRefusedException TooLarge() => new(413, $"the body is over {maxBytes} bytes ({settingNames.MaxBytes}): send fewer readings at once");
}
