using DataLogger.Device.Clock;
using DataLogger.Device.Sensors;
using DataLogger.Ports;
using DataLogger.Readings;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataLogger.Device.Sampling;

/// <summary>
/// A sampler for every probe, built in this one place for <c>run</c> and <c>agent</c> alike: each reading goes to its
/// probe's series through <c>store</c> (the bucket for <c>run</c>, the spool for the agent). Read all at once
/// (<see cref="TakeAllAsync"/>, the cron form, every probe stamped with the same second) or each on the clock
/// (<see cref="RunAsync"/>).
/// </summary>
public sealed class ProbeSamplers
{
    readonly List<(Probe Probe, Sampler Sampler)> _samplers;
    readonly TimeProvider _time;
    readonly ClockCheck _clock;
    readonly ILogger _logger;
    long _waiting;

    /// <summary>Creates the samplers.</summary>
    /// <param name="probes">The probes; none on a server whose readings all come from devices (it then runs until stopped).</param>
    /// <param name="interval">The time between readings.</param>
    /// <param name="store">Where each reading goes, with its series.</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">Where failed reads are logged.</param>
    /// <param name="onFailure">Told of each failed read of a series (for the counts by reason).</param>
    /// <param name="clock">Whether the clock may stamp readings yet (<see cref="ClockCheck"/>); by default it is trusted.</param>
    public ProbeSamplers(
        IReadOnlyList<Probe> probes, TimeSpan interval, Func<string, Reading, Task> store, TimeProvider? time = null, ILogger? logger = null,
        Action<string, SensorException>? onFailure = null, ClockCheck? clock = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _time = time ?? TimeProvider.System;
        _clock = clock ?? ClockCheck.Trusted;
        _logger = logger ?? NullLogger.Instance;
        ArgumentNullException.ThrowIfNull(probes);
        _samplers = [.. probes.Select(p => (p, new Sampler(p.Sensor, interval, reading => store(p.Series, reading), _time, logger ?? NullLogger.Instance)
        {
            OnFailure = onFailure is null ? null : e => onFailure(p.Series, e),
        }))];
    }

    /// <summary>
    /// Whether sampling is alive: waiting for the clock, or every sampler awake within <paramref name="within"/> (a
    /// sampler stuck in a sensor read is not). What the systemd watchdog is told.
    /// </summary>
    public bool IsAlive(TimeSpan within) =>
        Interlocked.Read(ref _waiting) is var waiting and not 0
            ? _time.GetElapsedTime(waiting) < within
            : _samplers.All(s => _time.GetElapsedTime(s.Sampler.Alive) < within);

    /// <summary>Readings taken and handed over.</summary>
    public long Taken => _samplers.Sum(s => s.Sampler.Taken);

    /// <summary>Failed sensor reads.</summary>
    public long Failed => _samplers.Sum(s => s.Sampler.Failed);

    /// <summary>
    /// Reads every probe once, all stamped with the current second; a probe that failed has no reading (the failure is
    /// logged). While the clock is not synchronized, none has: a reading is never stamped by a wrong clock.
    /// </summary>
    public async Task<IReadOnlyList<(Probe Probe, Reading? Reading)>> TakeAllAsync()
    {
        if (_clock.State is var state and (ClockState.Unsynchronized or ClockState.Refused))
        {
            _logger.LogWarning("{Message}: no reading taken; the next run tries again",
                state == ClockState.Refused ? KernelClock.RefusedMessage : "The clock is not synchronized (no NTP yet)");
            return [.. _samplers.Select(s => (s.Probe, (Reading?)null))];
        }

        var now = DateTimeOffset.FromUnixTimeSeconds(_time.GetUtcNow().ToUnixTimeSeconds());
        var taken = new List<(Probe, Reading?)>(_samplers.Count);
        foreach (var (probe, sampler) in _samplers)
        {
            taken.Add((probe, await sampler.TakeAsync(now).ConfigureAwait(false)));
        }

        return taken;
    }

    /// <summary>
    /// Reads each probe on the clock until <paramref name="cancellationToken"/> is cancelled, once the clock is
    /// synchronized (<see cref="ClockCheck.WaitAsync"/>).
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            Interlocked.Exchange(ref _waiting, _time.GetTimestamp());
            await _clock.WaitAsync(() => Interlocked.Exchange(ref _waiting, _time.GetTimestamp()), cancellationToken).ConfigureAwait(false);
            Interlocked.Exchange(ref _waiting, 0);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        if (_samplers.Count == 0)
        {
            // No probe here (the readings come from devices): sample nothing until stopped.
            await Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).ConfigureAwait(false);
            return;
        }

        await Task.WhenAll(_samplers.Select(s => s.Sampler.RunAsync(cancellationToken))).ConfigureAwait(false);
    }
}
