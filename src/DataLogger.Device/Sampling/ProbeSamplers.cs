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

    /// <summary>Creates the samplers.</summary>
    /// <param name="probes">The probes, at least one.</param>
    /// <param name="interval">The time between readings.</param>
    /// <param name="store">Where each reading goes, with its series.</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">Where failed reads are logged.</param>
    /// <param name="onFailure">Told of each failed read of a series (for the counts by reason).</param>
    public ProbeSamplers(
        IReadOnlyList<Probe> probes, TimeSpan interval, Func<string, Reading, Task> store, TimeProvider? time = null, ILogger? logger = null,
        Action<string, SensorException>? onFailure = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _time = time ?? TimeProvider.System;
        _samplers = probes is { Count: > 0 }
            ? [.. probes.Select(p => (p, new Sampler(p.Sensor, interval, reading => store(p.Series, reading), _time, logger ?? NullLogger.Instance)
            {
                OnFailure = onFailure is null ? null : e => onFailure(p.Series, e),
            }))]
            : throw new ArgumentException("At least one probe is needed.", nameof(probes));
    }

    /// <summary>Readings taken and handed over.</summary>
    public long Taken => _samplers.Sum(s => s.Sampler.Taken);

    /// <summary>Failed sensor reads.</summary>
    public long Failed => _samplers.Sum(s => s.Sampler.Failed);

    /// <summary>Reads every probe once, all stamped with the current second; a probe that failed has no reading (the failure is logged).</summary>
    public async Task<IReadOnlyList<(Probe Probe, Reading? Reading)>> TakeAllAsync()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(_time.GetUtcNow().ToUnixTimeSeconds());
        var taken = new List<(Probe, Reading?)>(_samplers.Count);
        foreach (var (probe, sampler) in _samplers)
        {
            taken.Add((probe, await sampler.TakeAsync(now).ConfigureAwait(false)));
        }

        return taken;
    }

    /// <summary>Reads each probe on the clock until <paramref name="cancellationToken"/> is cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => Task.WhenAll(_samplers.Select(s => s.Sampler.RunAsync(cancellationToken)));
}
