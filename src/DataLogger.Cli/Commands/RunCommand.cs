using System.CommandLine;
using System.Globalization;
using DataLogger.Cli.Common;
using DataLogger.Cli.Common.Settings;
using DataLogger.Cli.Configuration;
using DataLogger.Cli.Hosting;
using DataLogger.Cli.Input;
using DataLogger.Cli.Output;
using DataLogger.Device.Sensors;
using DataLogger.Readings;
using DataLogger.Simulation;
using DataLogger.Time;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DataLogger.Cli.Commands;

/// <summary>
/// <c>datalogger run</c>: the whole pipeline on one machine. Takes a reading every interval into the local bucket;
/// each new reading queries the window with DuckDB, draws the chart and publishes the page; Kestrel serves it.
/// </summary>
static class RunCommand
{
    public static Command Create(Terminal terminal, Option<string> data)
    {
        var once = new Option<bool>("--once") { Description = "Take one reading, publish the site once, and exit (for cron and scripts)." };
        var command = new Command("run", "Take a reading every interval, publish the chart and page, and serve them (the whole pipeline on this machine).");
        var flags = new SettingFlags(command, data);
        RunSettings.Define(flags);
        command.Add(flags.Config);
        command.Add(once);
        command.SetGuardedAction(terminal, async (parse, cancellationToken) =>
        {
            var options = RunSettings.From(flags.Read(parse));
            return parse.GetValue(once)
                ? await OnceAsync(terminal, options, cancellationToken).ConfigureAwait(false)
                : await ServeAsync(terminal, options, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    static async Task<int> OnceAsync(Terminal terminal, RunSettings options, CancellationToken cancellationToken)
    {
        if (options.Probes.Count == 0)
        {
            throw new UserErrorException("run --once takes a reading of this machine's probes, and there is none (sensor none): run it as a service, taking readings from the devices.");
        }

        using var logging = LoggerFactory.Create(builder => ConsoleLogging.Configure(builder));
        var logger = logging.CreateLogger("datalogger");
        await PrepareAsync(terminal, options, logger, cancellationToken).ConfigureAwait(false);
        using var local = new LocalRun(options, logger, once: true);
        var taken = await local.Samplers.TakeAllAsync().ConfigureAwait(false);
        await local.PublishAsync(cancellationToken).ConfigureAwait(false);
        if (local.Alerts?.Monitor is { } alerts)
        {
            // Cron users get their notices now; what a channel does not take waits in the outbox for the next run.
            using var deliveries = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deliveries.CancelAfter(TimeSpan.FromSeconds(30));
            try
            {
                await alerts.DeliverAsync(deliveries.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("Delivering the notices took more than 30 s; {Count} wait in {Folder} for the next run", alerts.Outbox.Count, options.Folder.Outbox);
            }
        }

        foreach (var (probe, reading) in taken.Where(t => t.Reading is not null))
        {
            var takenAt = TimeZoneInfo.ConvertTime(reading!.Time, options.TimeZone);
            await terminal.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Stored {reading.Celsius:0.00#} °C ({reading.Fahrenheit:0.00#} °F) from {probe.Sensor.Description} at {takenAt:yyyy-MM-dd HH:mm:ss} as {ReadingKey.For(probe.Series, reading)}; published {local.Page}")).ConfigureAwait(false);
        }

        if (local.Mqtt is { } mqtt && taken.Any(t => t.Reading is not null))
        {
            // Best effort: the broker gets a few seconds; the readings are in the bucket whatever it does.
            await terminal.Out.WriteLineAsync(await MqttPublishing.FlushOnceAsync(mqtt, "the readings are in the bucket").ConfigureAwait(false)).ConfigureAwait(false);
        }

        foreach (var (probe, _) in taken.Where(t => t.Reading is null))
        {
            await terminal.Error.WriteLineAsync($"error: no reading from {probe.Sensor.Description} for '{probe.Series}' (see the warning above); the site was published without it: {local.Page}").ConfigureAwait(false);
        }

        return taken.All(t => t.Reading is not null) ? ExitCodes.Ok : ExitCodes.Failure;
    }

    static async Task<int> ServeAsync(Terminal terminal, RunSettings options, CancellationToken cancellationToken)
    {
        // Hosted as the agent is (ServiceHost): one host, its one hosted service (RunService) and the page's server,
        // one shutdown path.
        var metrics = new RunMetrics(options.Station, options.Alerts.Rules);
        var key = ViewerKey.For(options.ViewerKey);
        var app = SiteServer.Create(options.Folder.Site, options.Bind, options.Port, metrics: metrics.Registry, key: key, services: services => services
            .AddSingleton(options)
            .AddSingleton(provider => new LocalRun(options, provider.GetRequiredService<ILoggerFactory>().CreateLogger("datalogger"), metrics: metrics))
            .AddSingleton<RunService>()
            .AddHostedService(provider => provider.GetRequiredService<RunService>()));
        await using (app.ConfigureAwait(false))
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("datalogger");
            await PrepareAsync(terminal, options, logger, cancellationToken).ConfigureAwait(false);
            var local = app.Services.GetRequiredService<LocalRun>();
            new IngestEndpoints(options.Ingest, local.StoreSentAsync, options.Station, TimeProvider.System, logger, app.Lifetime.ApplicationStopping)
            {
                Notes = (local.NoteAsync, options.TimeZone),
            }.Map(app);
            await StartAsync(app, options, cancellationToken).ConfigureAwait(false);
            var from = options.Probes.Count switch
            {
                0 => "no probe of this machine",
                1 => options.Probes[0].Sensor.Description,
                var n => $"{n} probes",
            };
            await terminal.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Serving {SiteServer.Address(app)} (the site in {options.Folder.Site}; Prometheus metrics at {SiteServer.Address(app)}metrics); a reading every {Durations.Format(options.Interval)} from {from}{(options.Mqtt is { } broker ? $"; publishing to {broker.Name}" : string.Empty)}{Ingesting(options.Ingest, SiteServer.Address(app))}. Ctrl+C stops.")).ConfigureAwait(false);
            if (key is not null)
            {
                await terminal.Out.WriteLineAsync($"The page asks for its viewer key: open {key.Link(SiteServer.Address(app))} once; a cookie keeps it on that browser.").ConfigureAwait(false);
            }

            if (PhoneAddresses.Of(options.Bind, new Uri(SiteServer.Address(app)).Port).Select(a => key?.Link(a) ?? a).ToList() is [var first, ..] phone)
            {
                await terminal.Out.WriteLineAsync($"On a phone on this network, open {string.Join(" or ", phone)} (or scan):").ConfigureAwait(false);
                await terminal.Out.WriteLineAsync(PhoneAddresses.Qr(first)).ConfigureAwait(false);
            }

            await terminal.Out.FlushAsync(cancellationToken).ConfigureAwait(false);

            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false); // stops the host: the service, then the server
            if (app.Services.GetRequiredService<RunService>().Failure is { } failure)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            }

            await StoppedAsync(terminal, options, local, logger).ConfigureAwait(false);
            return ExitCodes.Ok;
        }
    }

    // The page's server started; a port in use or an address this machine lacks is one line (exit 2).
    static async Task StartAsync(Microsoft.AspNetCore.Builder.WebApplication app, RunSettings options, CancellationToken cancellationToken)
    {
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new UserErrorException($"cannot listen on {options.Bind}:{options.Port} ({e.Message}): is another datalogger running? Pass --port with a free port.", e);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            throw new UserErrorException($"cannot listen on {options.Bind}:{options.Port} ({e.Message}): this machine has no such address; pass --bind with one of its own (127.0.0.1, or 0.0.0.0 for every one).", e);
        }
    }

    // The readings that waited in memory stored one last time (or said lost), then the last line.
    static async Task StoppedAsync(Terminal terminal, RunSettings options, LocalRun local, ILogger logger)
    {
        foreach (var (series, reading) in await local.Held.RetryAsync().ConfigureAwait(false))
        {
            logger.LogInformation("Stored the reading of '{Series}' at {Time:u} that waited in memory", series, reading.Time);
        }

        if (local.Held.Count > 0)
        {
            await terminal.Error.WriteLineAsync($"error: the data folder {options.Folder.Bucket} still takes nothing: {local.Held.Count} readings that waited in memory are lost with this stop.").ConfigureAwait(false);
        }

        await terminal.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Stopped: {local.Samplers.Taken} readings taken, {local.Samplers.Failed} failed reads, {local.Updates.Runs} site updates.")).ConfigureAwait(false);
    }

    // A probe now writes what the demo (the quick start, a Pi not yet wired) simulated before: the demo's readings stay
    // apart, unshown; say where, and how to remove them.
    static async Task DemoApartAsync(Terminal terminal, RunSettings options)
    {
        var demo = Path.Join(options.Folder.Bucket, Series.Demo);
        if (Directory.Exists(demo) && !options.Layout.Series.Contains(Series.Demo, StringComparer.Ordinal))
        {
            await terminal.Out.WriteLineAsync($"The demo's simulated readings stay apart in {demo}, not shown: delete that folder to remove them.").ConfigureAwait(false);
        }
    }

    // "; taking readings from pool-esp (pool), gateway (pool, air) at http://…/write, /api/v2/write, /api/readings, /api/ecowitt, /api/shelly"
    static string Ingesting(IngestSettings ingest, string address) => ingest.Devices.Count == 0
        ? string.Empty
        : $"; taking readings from {string.Join(", ", ingest.Devices.Select(d => $"{d.Name} ({(d.NotesOnly ? "notes" : string.Join(", ", d.AllSeries))})"))} at {address}write, /api/v2/write, /api/readings, /api/ecowitt, /api/shelly, and notes at /api/notes";

    // The sensors, said out loud (and how to name them, when several were found unnamed), and the backfill, before anything runs.
    static async Task PrepareAsync(Terminal terminal, RunSettings options, ILogger logger, CancellationToken cancellationToken)
    {
        if (options.Probes.Count == 0)
        {
            await terminal.Out.WriteLineAsync($"Sensors: none on this machine; readings of {string.Join(", ", options.Layout.Series)} come from devices.").ConfigureAwait(false);
        }
        else if (options.Probes is [var only])
        {
            var why = options.Sensor == SensorKind.Auto && only.IsSimulated ? $" (no 1-Wire thermometer under {options.W1Root})" : string.Empty;
            await terminal.Out.WriteLineAsync($"Sensor: {only.Sensor.Description}{why}.").ConfigureAwait(false);
        }
        else
        {
            await terminal.Out.WriteLineAsync($"Sensors: {string.Join(", ", options.Probes.Select(p => $"{p.Sensor.Description} -> {p.Series}"))}.").ConfigureAwait(false);
        }

        if (options.ProbeAdvice is { } advice)
        {
            logger.LogWarning("{Advice}", advice);
        }

        if (options.Alerts.Rules.Count > 0)
        {
            using var http = new HttpClient();
            await terminal.Out.WriteLineAsync(
                $"Alerts: {string.Join("; ", options.Alerts.Rules)}; notices to {string.Join(", ", options.Alerts.Notify.Select(u => Alerts.Channels.ChannelUrls.Parse(u, http).Name))}.").ConfigureAwait(false);
        }

        Directory.CreateDirectory(options.Folder.Root);
        await DemoApartAsync(terminal, options).ConfigureAwait(false);
        if (options.Backfill is { } backfill)
        {
            for (var i = 0; i < options.Probes.Count; i++)
            {
                var series = options.Probes[i].Series;
                if (!options.Probes[i].IsSimulated)
                {
                    await terminal.Out.WriteLineAsync(
                        $"Not backfilled '{series}': a real probe ({options.Probes[i].Sensor.Description}) writes it, and simulated history never mixes with a probe's readings.").ConfigureAwait(false);
                    continue;
                }

                var (written, kept) = await SimulatedHistory.WriteAsync(
                    terminal, options.Folder.Bucket, series, new PoolModel(seed: i + 1), DateTimeOffset.UtcNow, backfill, options.Interval, cancellationToken).ConfigureAwait(false);
                await terminal.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"Backfilled {written:N0} simulated readings of '{series}' over the last {Durations.Format(backfill)} (kept {kept:N0} already there).")).ConfigureAwait(false);
            }
        }
    }
}
