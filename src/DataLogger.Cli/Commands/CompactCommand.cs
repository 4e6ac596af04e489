using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DataLogger.Cli.Common;
using DataLogger.Cli.Common.Settings;
using DataLogger.Query.DuckDb;
using Spectre.Console;

namespace DataLogger.Cli.Commands;

/// <summary>
/// <c>datalogger compact</c>: each finished UTC day of JSON readings into one Parquet file, so the longer views stay
/// fast and the SD card does not fill with small files. <c>datalogger run</c> does it once a day by itself.
/// </summary>
static class CompactCommand
{
    public static Command Create(Terminal terminal, Option<string> data)
    {
        var series = SharedSettings.Series.CreateOption();
        var prune = new Option<bool>("--prune") { Description = "Delete the JSON readings once their day's Parquet file holds them (kept by default)." };
        var command = new Command("compact", "Compact each finished day of readings into one Parquet file, and each finished month's days into one more (queries read both).") { series, prune };
        command.SetGuardedAction(terminal, async (parse, cancellationToken) =>
        {
            var folder = DataFolder.At(parse.GetValue(data)!);
            folder.RequireBucket();

            var name = SharedSettings.Series.ValueIn(parse, series);
            using var engine = new DuckDbQueryEngine(folder.Bucket);
            var stopwatch = Stopwatch.StartNew();
            CompactionResult result = null!;
            await terminal.Ansi.Progress().AutoClear(true).StartAsync(async context =>
            {
                var task = context.AddTask("Compacting days", maxValue: 1);
                result = await new DuckDbCompactor(engine).CompactAsync(
                    name, DateOnly.FromDateTime(DateTime.UtcNow), parse.GetValue(prune), new DayProgress(task), cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
            await terminal.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Compacted {result.Compacted} of {result.Days} finished days of '{name}' ({result.Unchanged} had nothing new; {result.Readings:N0} readings in Parquet files{(result.Pruned > 0 ? $"; removed {result.Pruned:N0} JSON objects" : string.Empty)}){(result.Months > 0 ? $"; merged {result.Months} finished {(result.Months == 1 ? "month" : "months")} into month files" : string.Empty)} in {stopwatch.Elapsed.TotalSeconds:0.0} s.")).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    sealed class DayProgress(ProgressTask task) : IProgress<int>
    {
        public void Report(int value)
        {
            task.MaxValue = Math.Max(task.MaxValue, task.Value + value + 1);
            task.Increment(value);
        }
    }
}
