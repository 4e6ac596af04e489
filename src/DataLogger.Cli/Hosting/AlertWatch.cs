using DataLogger.Alerts;
using DataLogger.Mqtt;
using DataLogger.Readings;

namespace DataLogger.Cli.Hosting;

/// <summary>
/// <c>run</c>'s alerts: evaluated on the newest readings after every update of the site and every half minute (offline
/// alerts need no reading to fire), the pool's fault rules (<see cref="Pool"/>) fed the same readings after the week
/// they learn from; what fires or resolves is told to <c>/metrics</c> and MQTT, and the monitor keeps the notices for
/// delivery.
/// </summary>
sealed class AlertWatch(AlertMonitor monitor, RunMetrics metrics, MqttPublisher? mqtt, TimeProvider time)
{
    /// <summary>The monitor: rules, state, outbox.</summary>
    public AlertMonitor Monitor => monitor;

    /// <summary>The alerts firing now.</summary>
    public IReadOnlyList<FiringAlert> Firing => monitor.Firing;

    /// <summary>The pool's fault rules, when set: fed the newest readings at each evaluation and the probe's refused reads.</summary>
    public PoolWatch? Pool { get; init; }

    // The week the fault rules learn from, read once before their first evaluation.
    public Func<string, CancellationToken, Task<IReadOnlyList<Reading>>>? History { get; init; }

    bool _warm;

    /// <summary>A read of <paramref name="series"/>' probe was refused (<paramref name="reason"/>, one of <see cref="Ports.SensorException.Reasons"/>): the glitches rule counts it.</summary>
    public void Refused(string series, string reason)
    {
        if (Pool is { } pool && series == pool.Settings.Water)
        {
            lock (pool)
            {
                pool.Refused(time.GetUtcNow(), reason switch
                {
                    "crc" => "CRC errors",
                    "all_zero" => "all-zero reads",
                    "power_on" => "85 °C, the power-on value",
                    "missing" => "the probe missing from the bus",
                    "out_of_range" => "values out of range",
                    _ => reason.Replace('_', ' '),
                });
            }
        }
    }

    /// <summary>Evaluates the alerts on <paramref name="latest"/>; returns how many notices it made.</summary>
    public async Task<int> EvaluateAsync(Func<string, Reading?> latest, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<AlertKind, WatchFinding>? found = null;
        if (Pool is { } pool)
        {
            var watched = new[] { pool.Settings.Water, pool.Settings.Air, pool.Settings.Heater }.OfType<string>().ToList();
            var history = new Dictionary<string, IReadOnlyList<Reading>>(StringComparer.Ordinal);
            if (!_warm && History is { } read)
            {
                foreach (var series in watched)
                {
                    history[series] = await read(series, cancellationToken).ConfigureAwait(false);
                }
            }

            lock (pool)
            {
                foreach (var series in watched)
                {
                    foreach (var reading in history.GetValueOrDefault(series) ?? [])
                    {
                        pool.Observe(series, reading);
                    }

                    if (latest(series) is { } newest)
                    {
                        pool.Observe(series, newest);
                    }
                }

                _warm = true;
                found = pool.Findings(time.GetUtcNow());
            }
        }

        var notices = await monitor.EvaluateAsync(latest, found is null ? null : rule => found.GetValueOrDefault(rule.Kind), cancellationToken).ConfigureAwait(false);
        var firing = monitor.Firing;
        metrics.Alerts(monitor.Rules, firing);
        mqtt?.PublishAlerts(firing);
        return notices.Count;
    }

    /// <summary>Evaluates every half minute until stopped; <paramref name="changed"/> is called when an alert fired or resolved.</summary>
    public async Task WatchAsync(Func<CancellationToken, Task<int>> evaluate, Action changed, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(30), time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                if (await evaluate(cancellationToken).ConfigureAwait(false) > 0)
                {
                    changed();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
