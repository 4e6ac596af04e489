namespace DataLogger.Pipeline;

/// <summary>
/// A wake-up for a loop that sleeps until there is work: any number of <see cref="Wake"/> calls while it works or
/// sleeps wake it once. The one owner of that pattern (the spool's drain, the site's updates, MQTT, the notices).
/// </summary>
public sealed class WakeSignal : IDisposable
{
    readonly SemaphoreSlim _signal = new(0, 1);

    /// <summary>Wakes the loop (once, however often it is called before the loop waits again).</summary>
    public void Wake()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already awake.
        }
        catch (ObjectDisposedException)
        {
            // The loop is gone.
        }
    }

    /// <summary>Waits until woken.</summary>
    public Task WaitAsync(CancellationToken cancellationToken) => _signal.WaitAsync(cancellationToken);

    /// <summary>Waits until woken or <paramref name="timeout"/> has passed; true when woken.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _signal.Dispose();
}
