using DataLogger.Device.Clock;
using DataLogger.Device.Sensors;
using DataLogger.Device.Spooling;
using DataLogger.Pipeline;
using DataLogger.Readings;
using DataLogger.Time;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataLogger.Device.Sampling;

/// <summary>
/// What runs on the Pi: every interval each probe is read into the durable spool, and the spool is drained to the
/// object store, retried with exponential backoff and jitter while the store is unreachable. Nothing taken is lost:
/// a reading leaves the spool only when the store has confirmed it.
/// </summary>
public sealed class AgentLoop : IDisposable
{
    readonly Spool _spool;
    readonly SpoolDrainer _drainer;
    readonly ProbeSamplers _samplers;
    readonly Backoff _backoff;
    readonly TimeProvider _time;
    readonly ILogger _logger;
    readonly WakeSignal _wake = new();

    /// <summary>Creates the agent.</summary>
    public AgentLoop(
        IReadOnlyList<Probe> probes, Spool spool, SpoolDrainer drainer, TimeSpan interval, Backoff? backoff = null, TimeProvider? time = null, ILogger? logger = null,
        ClockCheck? clock = null)
    {
        _spool = spool;
        _drainer = drainer;
        _backoff = backoff ?? Backoff.Default;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _samplers = new ProbeSamplers(probes, interval, SpoolAsync, _time, _logger, clock: clock);
    }

    /// <summary>Readings taken into the spool.</summary>
    public long Taken => _samplers.Taken;

    /// <summary>Failed sensor reads.</summary>
    public long Failed => _samplers.Failed;

    /// <summary>Whether sampling is alive (<see cref="ProbeSamplers.IsAlive"/>).</summary>
    public bool IsAlive(TimeSpan within) => _samplers.IsAlive(within);

    /// <summary>Readings uploaded.</summary>
    public long Uploaded { get; private set; }

    /// <summary>Optional progress for large drains (a terminal's progress bar); called with the number to upload.</summary>
    public Func<int, IProgress<int>?>? DrainProgress { get; set; }

    /// <summary>Told of each reading once it is in the spool (to publish it beside the bucket: MQTT), with its series.</summary>
    public Action<string, Reading>? Spooled { get; set; }

    async Task SpoolAsync(string series, Reading reading)
    {
        await _spool.AddAsync(series, reading).ConfigureAwait(false);
        Spooled?.Invoke(series, reading);
        _wake.Wake();
    }

    /// <summary>Reads every probe once (stamped now), then drains the spool once: the cron form.</summary>
    public async Task<DrainResult> OnceAsync(CancellationToken cancellationToken)
    {
        await _samplers.TakeAllAsync().ConfigureAwait(false);
        return await DrainAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled: samplers on the clock, and the drain loop.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var sampling = _samplers.RunAsync(cancellationToken);
        var draining = DrainLoopAsync(cancellationToken);
        _wake.Wake(); // whatever an earlier run left in the spool goes first
        await sampling.ConfigureAwait(false);
        await draining.ConfigureAwait(false);
    }

    async Task DrainLoopAsync(CancellationToken cancellationToken)
    {
        var attempt = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (attempt == 0)
                {
                    await _wake.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    // Backing off after a failed drain: new readings wait in the spool until the delay is over.
                    await Task.Delay(_backoff.Delay(attempt - 1), _time, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }

            DrainResult result;
            try
            {
                result = await DrainAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return; // stopped mid-drain: what was not confirmed stays in the spool for the next start
            }

            attempt = result.Succeeded ? 0 : attempt + 1;
        }
    }

    async Task<DrainResult> DrainAsync(CancellationToken cancellationToken)
    {
        var count = _spool.Count;
        if (count == 0)
        {
            return new DrainResult(0, 0, null);
        }

        var started = _time.GetTimestamp();
        var result = await _drainer.DrainAsync(DrainProgress?.Invoke(count), cancellationToken).ConfigureAwait(false);
        Uploaded += result.Uploaded;
        if (result.Uploaded >= 10 || (result.Succeeded && count > 1))
        {
            var seconds = _time.GetElapsedTime(started).TotalSeconds;
            _logger.LogInformation(
                "Uploaded {Uploaded} spooled readings in {Seconds:0.0} s ({Rate:0} per second); {Left} left",
                result.Uploaded, seconds, result.Uploaded / Math.Max(seconds, 0.001), result.Left);
        }

        return result;
    }

    /// <inheritdoc />
    public void Dispose() => _wake.Dispose();
}
