using System.CommandLine;
using System.Globalization;
using DataLogger.Cli.Common;
using DataLogger.Cli.Common.Settings;
using DataLogger.Cli.Output;
using DataLogger.Query.DuckDb;
using DataLogger.Time;

namespace DataLogger.Cli.Commands;

/// <summary><c>datalogger query</c>: prints the readings of a time window, read by DuckDB from the local bucket.</summary>
static class QueryCommand
{
    public static Command Create(Terminal terminal, Option<string> data)
    {
        var last = CommonOptions.Duration("--last", "How far back from the end to read, for example 24h, 7d or 90m.", TimeSpan.FromHours(24));
        var end = CommonOptions.End("The end of the window: ISO 8601 time or Unix seconds (default: now).");
        var series = SharedSettings.Series.CreateOption();
        var zone = SharedSettings.TimeZone.CreateOption();
        var format = new Option<ReadingFormat>("--format")
        {
            Description = "How to print the readings: table, csv or json. [default: table]",
            HelpName = "FORMAT",
        };

        var notes = new Option<bool>("--notes")
        {
            Description = "Print the station's notes of the window instead (the notes table: the same SQL Athena runs on its notes view).",
        };
        var command = new Command("query", "Print the readings of a time window from the local bucket (DuckDB).")
        {
            last.Option, end, series, zone, format, notes,
        };
        command.SetGuardedAction(terminal, async (parse, cancellationToken) =>
        {
            var folder = DataFolder.At(parse.GetValue(data)!);
            folder.RequireBucket();

            var window = TimeWindow.Last(last.ValueIn(parse), parse.GetValue(end) ?? DateTimeOffset.UtcNow);
            var timeZone = SharedSettings.TimeZone.ValueIn(parse, zone);
            using var engine = new DuckDbQueryEngine(folder.Bucket);
            if (parse.GetValue(notes))
            {
                var found = await engine.NotesAsync(window, cancellationToken).ConfigureAwait(false);
                await ReadingWriter.WriteAsync(found, parse.GetValue(format), timeZone, terminal.Out, terminal.Ansi).ConfigureAwait(false);
                await terminal.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{found.Count} note{(found.Count == 1 ? string.Empty : "s")} from {TimeZoneInfo.ConvertTime(window.Start, timeZone):yyyy-MM-dd HH:mm} to {TimeZoneInfo.ConvertTime(window.End, timeZone):yyyy-MM-dd HH:mm} ({timeZone.Id})")).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            var name = SharedSettings.Series.ValueIn(parse, series, Readings.Series.DefaultIn(folder.Bucket));
            var result = await engine.ReadingsAsync(name, window, cancellationToken).ConfigureAwait(false);
            await ReadingWriter.WriteAsync(result.Readings, parse.GetValue(format), timeZone, terminal.Out, terminal.Ansi).ConfigureAwait(false);
            await terminal.Error.WriteLineAsync(Summary(name, window, timeZone, result)).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    static string Summary(string series, TimeWindow window, TimeZoneInfo zone, Ports.ReadingsResult result)
    {
        var from = TimeZoneInfo.ConvertTime(window.Start, zone);
        var to = TimeZoneInfo.ConvertTime(window.End, zone);
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{result.Readings.Count} readings of '{series}' from {from:yyyy-MM-dd HH:mm} to {to:yyyy-MM-dd HH:mm} ({zone.Id})");
        if (result.Readings.Count > 0)
        {
            var min = result.Readings.MinBy(r => r.Value)!;
            var max = result.Readings.MaxBy(r => r.Value)!;
            text += min.IsTemperature ? string.Create(CultureInfo.InvariantCulture, $"; min {min.Celsius:0.00#} °C, max {max.Celsius:0.00#} °C")
                : min.Unit == Readings.Quantity.State.Unit ? $"; on in {result.Readings.Count(r => r.Value >= 0.5)} of them"
                : string.Create(CultureInfo.InvariantCulture, $"; min {min.Value:0.###} {min.Unit}, max {max.Value:0.###} {max.Unit}");
        }

        if (result.Malformed > 0)
        {
            text += string.Create(CultureInfo.InvariantCulture, $"; skipped {result.Malformed} malformed object{(result.Malformed == 1 ? string.Empty : "s")}");
        }

        return text;
    }
}
