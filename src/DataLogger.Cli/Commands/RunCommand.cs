using System.CommandLine;
using System.Globalization;
using DataLogger.Cli.Configuration;
using DataLogger.Cli.Hosting;
using DataLogger.CommandLine;
using DataLogger.CommandLine.Settings;
using DataLogger.Device.Sampling;
using DataLogger.Device.Sensors;
using DataLogger.Ports;
using DataLogger.Readings;
using DataLogger.Simulation;
using DataLogger.Time;
using Microsoft.Extensions.DependencyInjection;
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
        RunOptions.Define(flags);
        command.Add(flags.Config);
        command.Add(once);
        command.SetGuardedAction(terminal, async (parse, cancellationToken) =>
        {
            var options = RunOptions.From(flags.Read(parse));
            return parse.GetValue(once)
                ? await OnceAsync(terminal, options, cancellationToken).ConfigureAwait(false)
                : await ServeAsync(terminal, options, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    static async Task<int> OnceAsync(Terminal terminal, RunOptions options, CancellationToken cancellationToken)
    {
        using var logging = LoggerFactory.Create(builder => ConsoleLogging.Configure(builder));
        var logger = logging.CreateLogger("datalogger");
        var sensor = await PrepareAsync(terminal, options, cancellationToken).ConfigureAwait(false);
        using var local = new LocalPipeline(options, logger);
        var sampler = new Sampler(sensor, options.Interval, local.StoreAsync, logger: logger);
        var reading = await sampler.TakeAsync(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds())).ConfigureAwait(false);
        await local.PublishAsync(cancellationToken).ConfigureAwait(false);
        var page = Path.Join(options.Folder.Site, "index.html");
        if (reading is null)
        {
            await terminal.Error.WriteLineAsync($"error: no reading from {sensor.Description} (see the warning above); the site was published without it: {page}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        var takenAt = TimeZoneInfo.ConvertTime(reading.Time, options.TimeZone);
        await terminal.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Stored {reading.Celsius:0.00#} °C ({reading.Fahrenheit:0.00#} °F) from {sensor.Description} at {takenAt:yyyy-MM-dd HH:mm:ss} as {ReadingKey.For(options.Series, reading)}; published {page}")).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    static async Task<int> ServeAsync(Terminal terminal, RunOptions options, CancellationToken cancellationToken)
    {
        var sensor = await PrepareAsync(terminal, options, cancellationToken).ConfigureAwait(false);
        var app = SiteServer.Create(options.Folder.Site, options.Bind, options.Port, builder => ConsoleLogging.Configure(builder));
        await using (app.ConfigureAwait(false))
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("datalogger");
            using var local = new LocalPipeline(options, logger);
            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw new UserErrorException($"cannot listen on {options.Bind}:{options.Port} ({e.Message}): is another datalogger running? Pass --port with a free port.", e);
            }

            await terminal.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Serving {SiteServer.Address(app)} (the site in {options.Folder.Site}); a reading every {Durations.Format(options.Interval)} from {sensor.Description}. Ctrl+C stops.")).ConfigureAwait(false);
            await terminal.Out.FlushAsync(cancellationToken).ConfigureAwait(false);

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, app.Lifetime.ApplicationStopping);
            var sampler = new Sampler(sensor, options.Interval, local.StoreAsync, logger: logger);
            var publishing = local.Pipeline.RunAsync(stop.Token);
            var compacting = local.CompactDailyAsync(stop.Token);
            local.Pipeline.Notify(); // the page exists from the start, before the first reading
            await sampler.RunAsync(stop.Token).ConfigureAwait(false);
            await publishing.ConfigureAwait(false);
            await compacting.ConfigureAwait(false);
            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await terminal.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Stopped: {sampler.Taken} readings taken, {sampler.Failed} failed reads, {local.Pipeline.Runs} site updates.")).ConfigureAwait(false);
            return ExitCodes.Ok;
        }
    }

    // The sensor, said out loud, and the backfill, before anything runs.
    static async Task<ISensor> PrepareAsync(Terminal terminal, RunOptions options, CancellationToken cancellationToken)
    {
        var sensor = ProbeSettings.OpenSensor(options.Sensor, options.W1Root);
        var why = options.Sensor == SensorKind.Auto && sensor is SimulatedSensor ? $" (no DS18B20 under {options.W1Root})" : string.Empty;
        await terminal.Out.WriteLineAsync($"Sensor: {sensor.Description}{why}.").ConfigureAwait(false);
        Directory.CreateDirectory(options.Folder.Root);
        if (options.Backfill is { } backfill)
        {
            var (written, kept) = await SimulatedHistory.WriteAsync(
                terminal, options.Folder.Bucket, options.Series, new PoolModel(), DateTimeOffset.UtcNow, backfill, options.Interval, cancellationToken).ConfigureAwait(false);
            await terminal.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Backfilled {written:N0} simulated readings of '{options.Series}' over the last {Durations.Format(backfill)} (kept {kept:N0} already there).")).ConfigureAwait(false);
        }

        return sensor;
    }
}
