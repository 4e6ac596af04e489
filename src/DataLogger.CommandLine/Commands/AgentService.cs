using DataLogger.CommandLine.Settings;
using DataLogger.Device.Sampling;
using DataLogger.Device.Spooling;
using DataLogger.Ports;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DataLogger.CommandLine.Commands;

/// <summary>The agent as a hosted service: runs until the host stops (Ctrl+C, SIGTERM from systemd), then says what it did.</summary>
sealed class AgentService(AgentOptions options, IObjectStore store, ILoggerFactory loggers, IHostApplicationLifetime lifetime) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var logger = loggers.CreateLogger("datalogger.agent");
        try
        {
            if (options.ProbeAdvice is { } advice)
            {
                logger.LogWarning("{Advice}", advice);
            }

            using var spool = AgentCommand.OpenSpool(options, logger);
            if (spool.Count > 0)
            {
                logger.LogInformation("{Count} readings wait in the spool from before; uploading them first", spool.Count);
            }

            using var agent = new AgentLoop(options.Probes, spool, new SpoolDrainer(spool, store, options.Concurrency, logger), options.Interval, logger: logger);
            var mqtt = MqttPublishing.Start(options.Mqtt, options.Probes, options.Titles, options.Interval, alerts: null, logger);
            await using var mqttScope = MqttPublishing.Owning(mqtt).ConfigureAwait(false);
            agent.Spooled = mqtt is null ? null : mqtt.Publish;
            await agent.RunAsync(stoppingToken).ConfigureAwait(false);
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
