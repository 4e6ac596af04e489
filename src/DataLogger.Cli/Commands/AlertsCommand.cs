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
/// <c>run</c> reads (<c>datalogger.json</c>, <c>DATALOGGER__*</c>).
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

        return new Command("alerts", "The alerts: test the channels, see what is firing.") { test, status };
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
