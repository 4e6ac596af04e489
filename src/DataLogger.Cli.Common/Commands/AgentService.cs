using System.Globalization;
using DataLogger.Device.Sampling;
using DataLogger.Ports;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;

namespace DataLogger.Cli.Common.Commands;

/// <summary>
/// The agent as a hosted service: runs until the host stops (Ctrl+C, SIGTERM from systemd), then says what it did. Under
/// systemd with <c>WatchdogSec</c>, it tells the watchdog it is alive while its sampling is (<see cref="AgentLoop.IsAlive"/>),
/// so a hung agent (a sensor read that never returns) is restarted.
/// </summary>
sealed class AgentService(AgentSettings options, IObjectStore store, ILoggerFactory loggers, IHostApplicationLifetime lifetime, ISystemdNotifier? notifier = null) : BackgroundService
{
    // What systemd's watchdog is sent, every half of its timeout, while sampling is alive.
    static readonly ServiceState Watchdog = new("WATCHDOG=1");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var logger = loggers.CreateLogger("datalogger.agent");
        try
        {
            var runtime = AgentRuntime.Open(options, store, logger, once: false);
            await using var scope = runtime.ConfigureAwait(false);
            var (spool, agent) = (runtime.Spool, runtime.Loop);
            if (spool.Count > 0)
            {
                logger.LogInformation("{Count} readings wait in the spool from before; uploading them first", spool.Count);
            }

            var watching = WatchdogAsync(agent, stoppingToken);
            await agent.RunAsync(stoppingToken).ConfigureAwait(false);
            await watching.ConfigureAwait(false);
            logger.LogInformation("Stopped: {Taken} readings taken, {Failed} failed reads, {Uploaded} uploaded, {Left} left in the spool", agent.Taken, agent.Failed, agent.Uploaded, spool.Count);
        }
        catch (UserErrorException e)
        {
            logger.LogCritical("{Message}", e.Message);
            Environment.ExitCode = ExitCodes.UserError;
            lifetime.StopApplication();
        }
    }

    // WATCHDOG_USEC is systemd's WatchdogSec, set for a service that has one.
    async Task WatchdogAsync(AgentLoop agent, CancellationToken stoppingToken)
    {
        if (notifier is not { IsEnabled: true }
            || !long.TryParse(Environment.GetEnvironmentVariable("WATCHDOG_USEC"), NumberStyles.None, CultureInfo.InvariantCulture, out var microseconds)
            || microseconds <= 0)
        {
            return;
        }

        var timeout = TimeSpan.FromMicroseconds(microseconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            if (agent.IsAlive(timeout))
            {
                notifier.Notify(Watchdog);
            }

            try
            {
                await Task.Delay(timeout / 2, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
