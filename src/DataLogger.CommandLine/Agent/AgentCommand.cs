using System.CommandLine;
using System.Globalization;
using DataLogger.Device.Agent;
using DataLogger.Device.Spooling;
using DataLogger.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Spectre.Console;

namespace DataLogger.CommandLine.Agent;

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
        Option<string> Text(string name, string description, string helpName) => new(name) { Description = description, HelpName = helpName };
        var store = Text("--store", "Where to upload: file://DIR (a folder) or s3://BUCKET/PREFIX. [default: DIR/bucket of --data]", "URL");
        var spool = Text("--spool", "The spool folder: readings wait here, on disk, until the store has them. [default: DIR/spool of --data]", "DIR");
        var interval = Text("--interval", "The time between readings, on the clock's multiples of it. [default: 5m]", "DURATION");
        var sensor = Text("--sensor", "auto, simulated, ds18b20 or thermal (several probes: \"probes\" in --config). [default: auto]", "KIND");
        var series = Text("--series", "The series the readings go to. [default: pool]", "NAME");
        var offset = Text("--offset", "A calibration offset in °C added to every reading. [default: 0]", "DEGREES");
        var w1Root = Text("--w1-root", "Where the 1-Wire devices are listed. [default: /sys/bus/w1/devices]", "DIR");
        var concurrency = Text("--concurrency", "Uploads at once when the spool drains. [default: 4]", "N");
        var s3Endpoint = Text("--s3-endpoint", "The URL of an S3-compatible server (path-style), for an s3:// store not on AWS. [default: AWS, or AWS_ENDPOINT_URL_S3]", "URL");
        var config = new Option<string?>("--config") { Description = $"A JSON file of settings. [default: ./{LayeredConfiguration.DefaultFile} when it exists]", HelpName = "FILE" };
        var once = new Option<bool>("--once") { Description = "Read the probes once, upload the spool, and exit (for cron)." };
        var command = new Command("agent", "Read the probes every interval into a durable spool and upload it to the bucket (what runs on the Pi).")
        {
            store, s3Endpoint, spool, interval, sensor, series, offset, w1Root, concurrency, config, once,
        };
        var flags = new Dictionary<string, Option>(StringComparer.OrdinalIgnoreCase)
        {
            [AgentOptions.Keys.Data] = data, [AgentOptions.Keys.Store] = store, [AgentOptions.Keys.Spool] = spool,
            [AgentOptions.Keys.Interval] = interval, [AgentOptions.Keys.Sensor] = sensor, [AgentOptions.Keys.Series] = series,
            [AgentOptions.Keys.Offset] = offset, [AgentOptions.Keys.W1Root] = w1Root, [AgentOptions.Keys.Concurrency] = concurrency,
            [AgentOptions.Keys.S3Endpoint] = s3Endpoint,
        };
        command.SetGuardedAction(terminal, async (parse, cancellationToken) =>
        {
            var layers = LayeredConfiguration.Build(parse, flags, parse.GetValue(config));
            var options = AgentOptions.From(layers);
            IObjectStore target;
            try
            {
                target = StoreLocation.Open(options.Store, options.S3Endpoint);
            }
            catch (FormatException e)
            {
                throw new UserErrorException($"{layers.SourceOf(AgentOptions.Keys.Store)}: {e.Message}", e);
            }

            return parse.GetValue(once)
                ? await OnceAsync(terminal, options, target, cancellationToken).ConfigureAwait(false)
                : await ServeAsync(terminal, options, target, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    static async Task<int> OnceAsync(Terminal terminal, AgentOptions options, IObjectStore store, CancellationToken cancellationToken)
    {
        using var logging = LoggerFactory.Create(builder => Logging(builder, systemd: false));
        var logger = logging.CreateLogger("datalogger.agent");
        using var spool = OpenSpool(options, logger);
        using var agent = new ReadingAgent(options.Probes, spool, new SpoolDrainer(spool, store, options.Concurrency, logger), options.Interval, logger: logger);
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
        if (!result.Succeeded)
        {
            await terminal.Error.WriteLineAsync($"error: the upload failed ({result.Failure!.Message}); the readings stay in the spool and go with the next run.").ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        return taken == options.Probes.Count ? ExitCodes.Ok : ExitCodes.Failure;
    }

    static async Task<int> ServeAsync(Terminal terminal, AgentOptions options, IObjectStore store, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
        builder.Logging.ClearProviders();
        var systemd = SystemdHelpers.IsSystemdService();
        Logging(builder.Logging, systemd);
        builder.Services.AddSystemd();
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

    /// <summary>Opens the spool, turning "another agent has it" into a clear message.</summary>
    internal static Spool OpenSpool(AgentOptions options, ILogger logger)
    {
        try
        {
            return new Spool(options.Spool, logger: logger);
        }
        catch (IOException e)
        {
            throw new UserErrorException(e.Message, e);
        }
    }

    static void Logging(ILoggingBuilder logging, bool systemd)
    {
        logging.SetMinimumLevel(LogLevel.Information).AddFilter("Microsoft", LogLevel.Warning);
        if (systemd)
        {
            logging.AddSystemdConsole(); // journald priorities, no timestamps (the journal adds them)
        }
        else
        {
            logging.AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "HH:mm:ss ";
                console.ColorBehavior = LoggerColorBehavior.Disabled;
            });
        }
    }

    /// <summary>Reports progress on the calling thread (Progress&lt;T&gt; would post it elsewhere, late).</summary>
    sealed class SyncProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
