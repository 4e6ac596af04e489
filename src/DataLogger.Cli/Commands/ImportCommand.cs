using System.CommandLine;
using System.Globalization;
using DataLogger.Charts.Site;
using DataLogger.Cli.Common;
using DataLogger.Cli.Common.Settings;
using DataLogger.Cli.Input;
using DataLogger.Query.DuckDb;
using DataLogger.Readings;
using DataLogger.Storage.Local;
using DataLogger.Time;
using Spectre.Console;

namespace DataLogger.Cli.Commands;

/// <summary>
/// <c>datalogger import FILE</c>: readings from a CSV (ours, ThingSpeak's export, Home Assistant's history download)
/// into the local bucket by the same key contract, each created only where nothing is (<see cref="Readings.ReadingWriter"/>).
/// Idempotent: a reading already stored (as a JSON object or in a compacted day) is counted, not written again; a
/// different reading at its time is refused, never written over. Says what it imported, what was there, what it refused and why.
/// </summary>
static class ImportCommand
{
    public static Command Create(Terminal terminal, Option<string> data)
    {
        var file = new Argument<string>("FILE") { Description = "The CSV file: ours (time,timestamp,celsius), ThingSpeak's (created_at,field1) or Home Assistant's history (entity_id,state,last_changed)." };
        var series = SharedSettings.Series.CreateOption();
        var zone = SharedSettings.TimeZone.CreateOption();
        var column = new Option<string?>("--column") { Description = "The temperature column, when it is not celsius, temp_c, field1 or state (such as field2).", HelpName = "NAME" };
        var entity = new Option<string?>("--entity") { Description = "Home Assistant's entity to take, when the file holds several (such as sensor.pool_temperature).", HelpName = "ID" };
        var fahrenheit = new Option<bool>("--fahrenheit") { Description = "The values are °F." };
        var quantity = new Option<string?>("--quantity")
        {
            Description = "What the values measure, when not a temperature (such as ph, humidity or number:L/min); our CSV's unit column says it.",
            HelpName = "QUANTITY",
        };
        var command = new Command("import", "Import readings from a CSV file into the local bucket (idempotent: a reading already there is not written again).")
        {
            file, series, zone, column, entity, fahrenheit, quantity,
        };
        command.SetGuardedAction(terminal, async (parse, cancellationToken) =>
        {
            var folder = DataFolder.At(parse.GetValue(data)!);
            var name = SharedSettings.Series.ValueIn(parse, series);
            var path = parse.GetValue(file)!;
            var read = ReadingsCsv.Read(path, SharedSettings.TimeZone.ValueIn(parse, zone), new ReadingsCsv.Choice(parse.GetValue(column), parse.GetValue(entity), parse.GetValue(fahrenheit)) { Quantity = QuantityOf(parse.GetValue(quantity)) });
            if (!read.Quantity.IsTemperature && parse.GetResult(series) is null or { Implicit: true })
            {
                // Another quantity's readings never go to the default series, the pool's temperature.
                throw new UserErrorException($"{path} holds {read.Quantity.Noun} readings ({read.Quantity.Unit}): name the series they go to with --series, such as --series {read.Quantity.Name.Replace('_', '-')}.");
            }

            Directory.CreateDirectory(folder.Bucket);
            var counts = await ImportAsync(terminal, folder, name, read.Readings, read.Refused, cancellationToken).ConfigureAwait(false);
            await terminal.Error.WriteLineAsync(Summary(path, name, read, counts)).ConfigureAwait(false);
            return read.Readings.Count == 0 && read.Refused.Count > 0 ? ExitCodes.UserError : ExitCodes.Ok;
        });
        return command;
    }

    sealed record Counts(int Imported, int AlreadyThere);

    static Quantity? QuantityOf(string? name)
    {
        try
        {
            return name is null ? null : Quantity.Parse(name);
        }
        catch (FormatException e)
        {
            throw new UserErrorException($"--quantity: {e.Message}.", e);
        }
    }

    // Each reading created where nothing is; one already stored (JSON or compacted) counted; a different one refused.
    static async Task<Counts> ImportAsync(Terminal terminal, DataFolder folder, string series, List<Reading> readings, List<(int Line, string Reason)> refused, CancellationToken cancellationToken)
    {
        if (readings.Count == 0)
        {
            return new Counts(0, 0);
        }

        Dictionary<long, double> stored;
        using (var engine = new DuckDbQueryEngine(folder.Bucket))
        {
            var window = new TimeWindow(readings[0].Time.AddSeconds(-1), readings[^1].Time);
            stored = (await engine.ReadingsAsync(series, window, cancellationToken).ConfigureAwait(false)).Readings
                .GroupBy(r => r.Timestamp).ToDictionary(g => g.Key, g => g.First().Value);
        }

        var bucket = new LocalFolderStore(folder.Bucket);
        var writer = new Readings.ReadingWriter(bucket);
        var (imported, there) = (0, 0);
        await terminal.Ansi.Progress().AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask($"Importing into '{series}'", maxValue: readings.Count);
                foreach (var reading in readings)
                {
                    if (stored.TryGetValue(reading.Timestamp, out var value))
                    {
                        if (value == reading.Value)
                        {
                            there++;
                        }
                        else
                        {
                            refused.Add((0, string.Create(CultureInfo.InvariantCulture, $"a different reading ({value:0.0##} {reading.Unit}) is stored at that time")));
                        }
                    }
                    else if (await writer.StoreAsync(series, reading, cancellationToken).ConfigureAwait(false) == StoreOutcome.Stored)
                    {
                        imported++;
                        stored[reading.Timestamp] = reading.Value;
                    }
                    else
                    {
                        there++;
                    }

                    task.Increment(1);
                }
            }).ConfigureAwait(false);

        // The records' daily summaries are asked for again at the next update (older days may have changed).
        var site = new LocalFolderStore(folder.Site);
        foreach (var days in new[] { DailySummaries.FileName, $"{series}/{DailySummaries.FileName}" })
        {
            await site.DeleteAsync(days, cancellationToken).ConfigureAwait(false);
        }

        return new Counts(imported, there);
    }

    // "Imported 287 readings of 'pool' from export.csv (time from 'created_at', °C from 'field1'); 1 already there; 2 refused:"
    // then each reason, with how many rows and the first lines.
    static string Summary(string path, string series, ReadingsCsv.Result read, Counts counts)
    {
        var text = string.Create(CultureInfo.InvariantCulture,
            $"Imported {counts.Imported:N0} reading{(counts.Imported == 1 ? string.Empty : "s")} of '{series}' from {Path.GetFileName(path)} ({read.Mapping}); {counts.AlreadyThere:N0} already there; {read.Refused.Count:N0} refused");
        if (read.Refused.Count == 0)
        {
            return text + ".";
        }

        var reasons = read.Refused.GroupBy(r => Kind(r.Reason)).OrderByDescending(g => g.Count()).Select(g =>
        {
            var lines = g.Where(r => r.Line > 0).Select(r => r.Line.ToString(CultureInfo.InvariantCulture)).Take(5).ToList();
            return string.Create(CultureInfo.InvariantCulture, $"\n  {g.Count()} × {g.Key}{(lines.Count > 0 ? $" (line{(lines.Count == 1 ? string.Empty : "s")} {string.Join(", ", lines)}{(g.Count() > lines.Count ? ", …" : string.Empty)})" : string.Empty)}");
        });
        return text + ":" + string.Concat(reasons);
    }

    // Reasons grouped by their kind: each text ('unavailable' is not a temperature), but every value out of range as one.
    static string Kind(string reason) => reason.StartsWith("temperature ", StringComparison.Ordinal) && reason.Contains("outside", StringComparison.Ordinal)
        ? string.Create(CultureInfo.InvariantCulture, $"temperature outside {Reading.MinCelsius} to {Reading.MaxCelsius} °C")
        : reason.StartsWith("a different reading", StringComparison.Ordinal) ? "a different reading is stored at that time (kept, not written over)"
        : reason;
}
