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

            var watching = Systemd.WatchdogAsync(notifier, agent.IsAlive, logger, stoppingToken);
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
}
