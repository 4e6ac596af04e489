using System.CommandLine;
using System.Globalization;
using DataLogger.Cli.Common;
using DataLogger.Cli.Common.Settings;
using DataLogger.Cli.Configuration;
using DataLogger.Ingest;
using DataLogger.Readings;
using DataLogger.Storage.Local;

namespace DataLogger.Cli.Commands;

/// <summary>
/// <c>datalogger record ph 7.4</c>: one reading entered by hand (a water test, a meter read by eye) into a series of the
/// station, in the unit of what that series measures (<c>quantities</c> in the settings <c>run</c> reads), stored in
/// the local bucket as a probe's would be; the page shows it at <c>run</c>'s next update.
/// </summary>
static class RecordCommand
{
    public static Command Create(Terminal terminal, Option<string> data)
    {
        var series = new Argument<string>("SERIES") { Description = "The series, one of the station's (such as ph; its quantity is set in \"quantities\")." };
        var value = new Argument<string>("VALUE") { Description = "The value in the series' unit (7.4 for a pH; on or off for a state)." };
        var at = CommonOptions.At("When it was measured: ISO 8601 or Unix seconds (default: now).");
        var command = new Command("record", "Record one reading by hand (a water test such as pH, a meter read by eye) in a series of the station.") { series, value, at };
        var flags = new SettingFlags(command, data);
        command.Add(flags.Config);
        command.SetGuardedAction(terminal, async (parse, cancellationToken) =>
        {
            var config = flags.Read(parse);
            var options = RunSettings.From(config);
            var name = parse.GetValue(series)!;
            name = options.Station.Series.Contains(name) ? name : name.ToLowerInvariant(); // PH is ph
            var (reading, quantity) = ReadingOf(options.Station, name, parse.GetValue(value)!, parse.GetValue(at) ?? DateTimeOffset.UtcNow, config.File);
            Directory.CreateDirectory(options.Folder.Bucket);
            var outcome = await new ReadingWriter(new LocalFolderStore(options.Folder.Bucket)).StoreAsync(name, reading, cancellationToken).ConfigureAwait(false);
            var when = TimeZoneInfo.ConvertTime(reading.Time, options.TimeZone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            await terminal.Out.WriteLineAsync(outcome switch
            {
                StoreOutcome.Stored => $"Recorded {quantity.Format(reading.Value)} in '{name}' at {when}; the page shows it at run's next update.",
                StoreOutcome.AlreadyStored => $"{quantity.Format(reading.Value)} in '{name}' at {when} was recorded already.",
                _ => $"'{name}' holds another reading at {when}; this one ({quantity.Format(reading.Value)}) was kept aside: record it with another --at.",
            }).ConfigureAwait(false);
            return outcome == StoreOutcome.KeptAside ? ExitCodes.UserError : ExitCodes.Ok;
        });
        return command;
    }

    // The reading of a value typed for a series, or a message that says what the series takes.
    static (Reading Reading, Quantity Quantity) ReadingOf(Station station, string series, string text, DateTimeOffset at, string? file)
    {
        if (!station.Series.Contains(series))
        {
            var guess = Quantity.All.FirstOrDefault(q => q.Name == series.Replace('-', '_'))?.Name ?? "number:UNIT";
            throw new UserErrorException($"'{series}' is not a series of this station ({string.Join(", ", station.Series)}): say what it measures in \"quantities\" in {file ?? "the settings file (datalogger.json, or --config FILE)"}, such as \"quantities\": {{\"{series}\": \"{guess}\"}} (one of {Quantity.Names}, or number:UNIT).");
        }

        var quantity = station.QuantityOf(series);
        var value = QuantityFields.Value(quantity, text)
            ?? throw new UserErrorException($"'{text}' is not {(quantity.IsState ? "on or off" : $"a number: write {quantity.Noun} with a dot for the decimals, such as {quantity.Round((quantity.Min + quantity.Max) / 2).ToString(System.Globalization.CultureInfo.InvariantCulture)}")}, what '{series}' measures.");
        var (reading, problem) = IngestDevice.ReadingAt(quantity, at, value, DateTimeOffset.UtcNow);
        return reading is null
            ? throw new UserErrorException($"'{series}': {problem}.")
            : (reading, quantity);
    }
}
