using System.CommandLine;
using System.Globalization;
using DataLogger.Cli.Common.Settings;
using DataLogger.Device.Spooling;
using DataLogger.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace DataLogger.Cli.Common.Commands;

/// <summary>
/// <c>datalogger agent</c>: what runs on the Pi. Reads the probes every interval into a durable spool and uploads the
/// spool to the bucket; <c>--once</c> is the cron form. As a service it tells systemd when it is ready
/// (<c>Type=notify</c>) and logs in the journal's format.
/// </summary>
public static class AgentCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(Terminal terminal, Option<string> data)
    {
        var once = new Option<bool>("--once") { Description = "Read the probes once, upload the spool, and exit (for cron)." };
        var command = new Command("agent", "Read the probes every interval into a durable spool and upload it to the bucket (what runs on the Pi).");
        var flags = new SettingFlags(command, data);
        AgentSettings.Define(flags);
        command.Add(flags.Config);
        command.Add(once);
        command.SetGuardedAction(terminal, async (parse, cancellationToken) =>
        {
            var layers = flags.Read(parse);
            var options = AgentSettings.From(layers);
            IObjectStore target;
            try
            {
                target = StoreLocation.Open(options.Store, options.S3Endpoint);
            }
            catch (FormatException e)
            {
                throw new UserErrorException($"{layers.SourceOf(AgentSettings.StoreSetting.Key)}: {e.Message}", e);
            }

            return parse.GetValue(once)
                ? await OnceAsync(terminal, options, target, cancellationToken).ConfigureAwait(false)
                : await ServeAsync(terminal, options, target, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    static async Task<int> OnceAsync(Terminal terminal, AgentSettings options, IObjectStore store, CancellationToken cancellationToken)
    {
        using var logger = new ConsoleLogging.OnFirstMessage("datalogger.agent");
        var runtime = AgentRuntime.Open(options, store, logger, once: true);
        await using var scope = runtime.ConfigureAwait(false);
        var (spool, agent, mqtt) = (runtime.Spool, runtime.Loop, runtime.Mqtt);
        DrainResult result;
        if (spool.Count >= 100 && terminal.Ansi.Profile.Capabilities.Interactive)
        {
            // A long outage's worth of readings: show the drain.
            result = null!;
            await terminal.Ansi.Progress().AutoClear(true).StartAsync(async context =>
            {
                var task = context.AddTask($"Uploading {spool.Count:N0} spooled readings");
                agent.DrainProgress = count => { task.MaxValue = count; return new SyncProgress(n => task.Increment(n)); };
                result = await agent.OnceAsync(cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }
        else
        {
            result = await agent.OnceAsync(cancellationToken).ConfigureAwait(false);
        }

        var taken = agent.Taken;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"Took {taken} of {options.Probes.Count} readings; uploaded {result.Uploaded} to {store.Location}; {result.Left} left in the spool {spool.Folder}.");
        await terminal.Out.WriteLineAsync(line).ConfigureAwait(false);
        if (mqtt is not null && taken > 0)
        {
            // Best effort: the broker gets a few seconds; the readings are safe in the bucket (or the spool) whatever it does.
            await terminal.Out.WriteLineAsync(await MqttPublishing.FlushOnceAsync(mqtt, "the readings are kept as they are").ConfigureAwait(false)).ConfigureAwait(false);
        }
        if (!result.Succeeded)
        {
            await terminal.Error.WriteLineAsync($"error: the upload failed ({result.Failure!.Message}); the readings stay in the spool and go with the next run.").ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        return taken == options.Probes.Count ? ExitCodes.Ok : ExitCodes.Failure;
    }

    static async Task<int> ServeAsync(Terminal terminal, AgentSettings options, IObjectStore store, CancellationToken cancellationToken)
    {
        var builder = ServiceHost.CreateBuilder();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(store);
        builder.Services.AddHostedService<AgentService>();
        using var host = builder.Build();
        await terminal.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Agent: {string.Join(", ", options.Probes.Select(p => $"{p.Sensor.Description} -> {p.Series}"))}; a reading every {Time.Durations.Format(options.Interval)}, spooled in {options.Spool}, uploaded to {store.Location}. Ctrl+C stops.")).ConfigureAwait(false);
        await terminal.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
        await host.RunAsync(cancellationToken).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    /// <summary>Reports progress on the calling thread (Progress&lt;T&gt; would post it elsewhere, late).</summary>
    sealed class SyncProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
