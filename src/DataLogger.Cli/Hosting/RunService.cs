using DataLogger.Cli.Common;
using DataLogger.Cli.Configuration;
using DataLogger.Mqtt;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;

namespace DataLogger.Cli.Hosting;

/// <summary>
/// <c>run</c>'s work as its host's hosted service, as the agent's is (<see cref="ServiceHost"/>): once the page is
/// served, the probes' samplers, the site's updates, the hourly compaction, the alerts and their deliveries, the
/// devices' MQTT messages and systemd's watchdog, until the host stops (Ctrl+C, SIGTERM, or a failure of one of them,
/// kept in <see cref="Failure"/> for <c>run</c> to say in one line after the host has stopped).
/// </summary>
sealed class RunService(LocalRun local, RunSettings options, ILoggerFactory loggers, IHostApplicationLifetime lifetime, ISystemdNotifier? notifier = null) : BackgroundService
{
    /// <summary>What stopped the service before the host was stopped, or null.</summary>
    public Exception? Failure { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var logger = loggers.CreateLogger("datalogger");
        try
        {
            // Nothing is taken before the page is served: a port in use stops run before its first reading.
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (lifetime.ApplicationStarted.Register(started.SetResult))
            using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
            {
                await started.Task.ConfigureAwait(false);
            }

            await RunAsync(logger, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            Failure = e;
            lifetime.StopApplication();
        }
    }

    async Task RunAsync(ILogger logger, CancellationToken stoppingToken)
    {
        var publishing = local.Updates.RunAsync(stoppingToken);
        var compacting = local.Compaction.RunAsync(stoppingToken);
        var watching = local.WatchAlertsAsync(stoppingToken);
        var delivering = local.Alerts?.Monitor.RunDeliveriesAsync(stoppingToken) ?? Task.CompletedTask;
        var mqttIn = options.Ingest.Mqtt.Count > 0 && options.Mqtt is { } inBroker
            ? new MqttIngest(inBroker, options.Ingest.Mqtt, options.Station, local.StoreAsync, logger)
            : null;
        try
        {
            var taking = mqttIn?.RunAsync(stoppingToken) ?? Task.CompletedTask;
            var watchdog = Systemd.WatchdogAsync(notifier, local.Samplers.IsAlive, logger, stoppingToken);
            local.Updates.Notify(); // the page exists from the start, before the first reading
            await local.Samplers.RunAsync(stoppingToken).ConfigureAwait(false);
            await Task.WhenAll(watchdog, publishing, compacting, watching, delivering, taking).ConfigureAwait(false);
        }
        finally
        {
            if (mqttIn is not null)
            {
                await mqttIn.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
