using DataLogger.Cli.Common.Settings;
using DataLogger.Device.Clock;
using DataLogger.Device.Sampling;
using DataLogger.Device.Spooling;
using DataLogger.Mqtt;
using DataLogger.Ports;
using DataLogger.Storage.Local;
using Microsoft.Extensions.Logging;

namespace DataLogger.Cli.Common.Commands;

/// <summary>
/// The agent wired once, for <c>agent --once</c> and the service alike: the spool (refused with a clear message when
/// another agent has it), the loop that samples into it and drains it to the store, and the MQTT publisher of each
/// spooled reading when a broker is set.
/// </summary>
sealed class AgentRuntime : IAsyncDisposable
{
    AgentRuntime(Spool spool, AgentLoop loop, MqttPublisher? mqtt)
    {
        Spool = spool;
        Loop = loop;
        Mqtt = mqtt;
    }

    /// <summary>The durable spool.</summary>
    public Spool Spool { get; }

    /// <summary>The sampling and draining loop.</summary>
    public AgentLoop Loop { get; }

    /// <summary>The readings' MQTT publisher, when a broker is set.</summary>
    public MqttPublisher? Mqtt { get; }

    /// <summary>Wires the agent of <paramref name="options"/> to <paramref name="store"/>; <paramref name="once"/> for the cron form.</summary>
    /// <exception cref="UserErrorException">Another agent has the spool.</exception>
    public static AgentRuntime Open(AgentSettings options, IObjectStore store, ILogger logger, bool once)
    {
        if (options.ProbeAdvice is { } advice)
        {
            logger.LogWarning("{Advice}", advice);
        }

        Spool spool;
        try
        {
            spool = new Spool(options.Spool, logger: logger);
        }
        catch (IOException e)
        {
            throw new UserErrorException(e.Message, e);
        }

        if (store is LocalFolderStore folder && folder.RemoveLeftovers() is > 0 and var leftovers)
        {
            logger.LogInformation("Removed {Count} half-written files a stopped writer left in {Folder}", leftovers, folder.Root);
        }

        var loop = new AgentLoop(
            options.Probes, spool, new SpoolDrainer(spool, store, options.Concurrency, logger), options.Interval, logger: logger,
            clock: ClockCheck.For(options.Clock, options.Probes, logger: logger));
        var mqtt = MqttPublishing.Start(options.Mqtt, options.Probes, options.Titles, options.Interval, alerts: null, logger, once);
        loop.Spooled = mqtt is null ? null : mqtt.Publish;
        return new AgentRuntime(spool, loop, mqtt);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Mqtt is not null)
        {
            await Mqtt.DisposeAsync().ConfigureAwait(false);
        }

        Loop.Dispose();
        Spool.Dispose();
    }
}
