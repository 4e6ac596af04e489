using System.CommandLine;
using System.Globalization;
using DataLogger.Alerts;
using DataLogger.Alerts.Channels;
using DataLogger.Cli.Common;
using DataLogger.Cli.Common.Settings;
using DataLogger.Cli.Configuration;

namespace DataLogger.Cli.Commands;

/// <summary>
/// <c>datalogger alerts test</c>: a test notice through every configured channel, and whether each arrived;
/// <c>datalogger alerts status</c>: the rules, what is firing, and what waits in the outbox. Both read the settings
/// <c>run</c> reads (<c>datalogger.json</c>, <c>DATALOGGER__*</c>). <c>datalogger alerts replay FILE.csv</c>: the pool's
/// fault rules (<see cref="PoolWatch"/>) over a history, what would have fired and when; <c>alerts simulate</c> writes a
/// year to try them on (<see cref="Simulation.PoolYear"/>).
/// </summary>
static class AlertsCommand
{
    public static Command Create(Terminal terminal, Option<string> data)
    {
        var test = new Command("test", "Send a test notice through every channel of alerts.notify, and say whether each arrived (exit 1 if one did not).");
        var testFlags = new SettingFlags(test, data);
        test.Add(testFlags.Config);
        test.SetGuardedAction(terminal, (parse, cancellationToken) => TestAsync(terminal, RunSettings.From(testFlags.Read(parse)), cancellationToken));

        var status = new Command("status", "Print the alert rules, which are firing, and what waits in the outbox.");
        var statusFlags = new SettingFlags(status, data);
        status.Add(statusFlags.Config);
        status.SetGuardedAction(terminal, (parse, _) => StatusAsync(terminal, RunSettings.From(statusFlags.Read(parse))));

        var file = new Argument<FileInfo>("FILE") { Description = "A CSV of the history: a time column (ISO 8601 or Unix seconds) and a column per series (°C; the heater's 1 or 0)." };
        var water = new Option<string>("--water") { Description = "The column of the water's temperature.", DefaultValueFactory = _ => "pool", HelpName = "NAME" };
        var air = new Option<string>("--air") { Description = "The column of the air's temperature (frost, the cooling model).", DefaultValueFactory = _ => "air", HelpName = "NAME" };
        var heater = new Option<string>("--heater") { Description = "The column of the heater's state (not heating).", DefaultValueFactory = _ => "heater", HelpName = "NAME" };
        var zone = SharedSettings.TimeZone.CreateOption();
        var replay = new Command("replay", "Run the pool's fault rules (stuck, jump, not heating, frost, glitches) over a history and print what would have fired and when.")
        {
            file, water, air, heater, zone,
        };
        replay.SetGuardedAction(terminal, (parse, cancellationToken) => ReplayAsync(terminal, parse.GetValue(file)!, parse.GetValue(water)!, parse.GetValue(air)!, parse.GetValue(heater)!,
            SharedSettings.TimeZone.ValueIn(parse, zone), cancellationToken));

        var output = new Argument<FileInfo>("OUT") { Description = "The CSV to write (time,pool,air,heater); its faults go beside it (OUT.faults.csv)." };
        var clean = new Option<bool>("--clean") { Description = "No faults: the same year as it should be." };
        var seed = new Option<int>("--seed") { Description = "The seed: each a different year.", DefaultValueFactory = _ => 1 };
        var days = new Option<int>("--days") { Description = "How many days, from 1 January 2025.", DefaultValueFactory = _ => 365 };
        var simulate = new Command("simulate", "Write a simulated year of a heated pool (Newton's law with the air, the heater's schedule, a DS18B20's noise and steps) with faults at known times, for replay.")
        {
            output, clean, seed, days,
        };
        simulate.SetGuardedAction(terminal, (parse, _) => SimulateAsync(terminal, parse.GetValue(output)!, !parse.GetValue(clean), parse.GetValue(seed), parse.GetValue(days)));

        return new Command("alerts", "The alerts: test the channels, see what is firing, replay the pool's fault rules over a history.") { test, status, replay, simulate };
    }

    // alerts replay: the rules over a file, each notice as it would have been sent.
    static async Task<int> ReplayAsync(Terminal terminal, FileInfo file, string water, string air, string heater, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        if (!file.Exists)
        {
            throw new UserErrorException($"{file.FullName} does not exist: give a CSV with a time column and a column per series (datalogger alerts simulate writes one).");
        }

        using var reader = file.OpenText();
        var header = (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) ?? string.Empty).Split(',').Select(c => c.Trim().Trim('"')).ToList();
        int Column(string name) => header.FindIndex(c => string.Equals(c, name, StringComparison.OrdinalIgnoreCase));
        var (timeAt, waterAt, airAt, heaterAt) = (Column("time"), Column(water), Column(air), Column(heater));
        if (timeAt < 0 || waterAt < 0)
        {
            throw new UserErrorException($"{file.Name}: its first line names no {(timeAt < 0 ? "'time'" : $"'{water}'")} column ({string.Join(",", header)}): give --water the column of the water's temperature.");
        }

        var settings = new WatchSettings(water) { Air = airAt >= 0 ? air : null, Heater = heaterAt >= 0 ? heater : null };
        var run = new AlertReplay(settings, Readings.SeriesTitles.Default, zone); // the notices as the phone reads them: "Pool"
        var (rows, first, last, line) = (0, (DateTimeOffset?)null, DateTimeOffset.MinValue, 1);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } text)
        {
            line++;
            var fields = text.Split(',');
            if (fields.Length <= Math.Max(timeAt, waterAt) || Time.TypedTime.TryParse(fields[timeAt].Trim('"'), zone, DateTimeOffset.UtcNow) is not { } time)
            {
                throw new UserErrorException($"{file.Name}, line {line}: '{text}' is not a row of a time and the series' values.");
            }

            double? Value(int at) => at >= 0 && at < fields.Length && double.TryParse(fields[at], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
            foreach (var notice in run.Step(time.ToUnixTimeSeconds(), Value(waterAt), Value(airAt), Value(heaterAt) is { } h ? h >= 0.5 : null))
            {
                await terminal.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{TimeZoneInfo.ConvertTime(notice.At, zone):yyyy-MM-dd HH:mm}  {notice.State.ToUpperInvariant(),-8}  {notice.Kind,-11}  {(notice.IsFiring ? notice.Message : notice.Subject)}")).ConfigureAwait(false);
            }

            rows++;
            first ??= time;
            last = time;
        }

        var fired = run.Notices.Where(n => n.IsFiring).ToList();
        await terminal.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{rows:N0} rows from {first:yyyy-MM-dd} to {last:yyyy-MM-dd}; {fired.Count} notice{(fired.Count == 1 ? string.Empty : "s")} would have fired{(fired.Count > 0 ? $" ({string.Join(", ", fired.GroupBy(n => n.Kind).Select(g => $"{g.Key} {g.Count()}"))})" : string.Empty)}, {run.Notices.Count - fired.Count} resolved.")).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    // alerts simulate: a year for replay, and its faults beside it.
    static async Task<int> SimulateAsync(Terminal terminal, FileInfo output, bool faults, int seed, int days)
    {
        if (days is < 8 or > 3660)
        {
            throw new UserErrorException($"--days: {days} is not from 8 to 3660: the rules learn from a week first.");
        }

        var year = new Simulation.PoolYear(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), faults, seed, days);
        using (var writer = new StreamWriter(output.FullName))
        {
            year.WriteCsv(writer);
        }

        var faultsFile = Path.ChangeExtension(output.FullName, ".faults.csv");
        using (var writer = new StreamWriter(faultsFile))
        {
            year.WriteFaultsCsv(writer);
        }

        await terminal.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Wrote {days * 288:N0} rows ({days} days from 2025-01-01) to {output.FullName} and its {year.Faults.Count} faults to {faultsFile}.")).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    // alerts test: one notice through each channel, and what each said.
    static async Task<int> TestAsync(Terminal terminal, RunSettings options, CancellationToken cancellationToken)
    {
        if (options.Alerts.Notify.Count == 0)
        {
            throw new UserErrorException("no channel to test: add \"alerts\": { \"notify\": [\"ntfy://ntfy.sh/your-topic\"] } to datalogger.json (or DATALOGGER__ALERTS__NOTIFY).");
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        var now = DateTimeOffset.UtcNow;
        var titles = string.Join(", ", options.Probes.Select(p => options.Titles.Of(p.Series)));
        var notice = new AlertNotice(
            string.Create(CultureInfo.InvariantCulture, $"test-{now.ToUnixTimeSeconds()}"), options.Probes[0].Series, options.Titles.Of(options.Probes[0].Series), "test", "test", null, null, now, null,
            "DataLogger test notice", $"A test from DataLogger on {Environment.MachineName}: alerts for {titles} will arrive like this.");
        var failed = 0;
        foreach (var url in options.Alerts.Notify)
        {
            var channel = ChannelUrls.Parse(url, http);
            var delivery = await channel.SendAsync(notice, cancellationToken).ConfigureAwait(false);
            failed += delivery.Outcome == DeliveryOutcome.Delivered ? 0 : 1;
            await terminal.Out.WriteLineAsync(delivery.Outcome == DeliveryOutcome.Delivered
                ? $"{channel.Name}: delivered"
                : $"{channel.Name}: FAILED ({delivery.Reason})").ConfigureAwait(false);
        }

        return failed == 0 ? ExitCodes.Ok : ExitCodes.Failure;
    }

    // alerts status: each rule's state, the channels, the outbox.
    static async Task<int> StatusAsync(Terminal terminal, RunSettings options)
    {
        if (options.Alerts.Rules.Count == 0)
        {
            await terminal.Out.WriteLineAsync("No alerts are set: see \"alerts\" in the README.").ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        var store = new AlertStore(options.Folder.State);
        var book = store.Load(out var problem);
        if (problem is not null)
        {
            await terminal.Error.WriteLineAsync($"warning: {problem}").ConfigureAwait(false);
        }

        await terminal.Out.WriteLineAsync($"Rules (state in {store.Path}):").ConfigureAwait(false);
        var width = options.Alerts.Rules.Max(r => r.ToString().Length);
        foreach (var rule in options.Alerts.Rules)
        {
            var state = book[rule];
            var since = state.Since is { } s ? TimeZoneInfo.ConvertTime(s, options.TimeZone).ToString(" 'since' yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : string.Empty;
            var value = state.Celsius is { } c ? $" ({rule.Format(c)})" : string.Empty;
            await terminal.Out.WriteLineAsync($"  {rule.ToString().PadRight(width)}  {state.Status.ToString().ToLowerInvariant()}{since}{value}").ConfigureAwait(false);
        }

        using var http = new HttpClient();
        await terminal.Out.WriteLineAsync($"Channels: {string.Join(", ", options.Alerts.Notify.Select(u => ChannelUrls.Parse(u, http).Name))}").ConfigureAwait(false);
        var outbox = new Outbox(options.Folder.Outbox);
        var refused = Directory.Exists(outbox.FailedFolder) ? Directory.GetFiles(outbox.FailedFolder, "*.json").Length : 0;
        await terminal.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Outbox: {outbox.Count} notices waiting, {refused} refused or given up (in {outbox.FailedFolder})")).ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
