using DataLogger.Alerts;
using DataLogger.Mqtt;
using DataLogger.Readings;

namespace DataLogger.Cli.Hosting;

/// <summary>
/// <c>run</c>'s alerts: evaluated on the newest readings after every update of the site and every half minute (offline
/// alerts need no reading to fire); what fires or resolves is told to <c>/metrics</c> and MQTT, and the monitor keeps
/// the notices for delivery.
/// </summary>
sealed class AlertWatch(AlertMonitor monitor, RunMetrics metrics, MqttPublisher? mqtt, TimeProvider time)
{
    /// <summary>The monitor: rules, state, outbox.</summary>
    public AlertMonitor Monitor => monitor;

    /// <summary>The alerts firing now.</summary>
    public IReadOnlyList<FiringAlert> Firing => monitor.Firing;

    /// <summary>Evaluates the alerts on <paramref name="latest"/>; returns how many notices it made.</summary>
    public async Task<int> EvaluateAsync(Func<string, Reading?> latest, CancellationToken cancellationToken)
    {
        var notices = await monitor.EvaluateAsync(latest, cancellationToken).ConfigureAwait(false);
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
