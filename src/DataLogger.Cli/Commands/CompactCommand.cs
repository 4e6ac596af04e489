using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DataLogger.Cli.Common;
using DataLogger.Cli.Common.Settings;
using DataLogger.Cli.Hosting;
using DataLogger.Compaction;
using DataLogger.Query.DuckDb;
using DataLogger.Storage.Local;
using Spectre.Console;

namespace DataLogger.Cli.Commands;

/// <summary>
/// <c>datalogger compact</c>: the readings of the hours that are over into one Parquet object per UTC day, so the
/// longer views stay fast and the SD card does not fill with small files. <c>datalogger run</c> does it every hour.
/// </summary>
static class CompactCommand
{
    public static Command Create(Terminal terminal, Option<string> data)
    {
        var series = SharedSettings.Series.CreateOption();

        // Earlier versions kept the JSON objects unless asked: now a day's Parquet object replaces them always.
        var prune = new Option<bool>("--prune") { Hidden = true };
        var command = new Command("compact", "Merge the readings of each hour that is over into its day's Parquet object (bucket/{series}/compacted/...), and the notes of each month that is over into one object (bucket/notes/compacted/...), as run does hourly; queries read both.") { series, prune };
        command.SetGuardedAction(terminal, async (parse, cancellationToken) =>
        {
            var folder = DataFolder.At(parse.GetValue(data)!);
            folder.RequireBucket();

            var name = SharedSettings.Series.ValueIn(parse, series);
            using var engine = new DuckDbQueryEngine(folder.Bucket);
            var compaction = new LocalCompaction(new LocalFolderStore(folder.Bucket), engine, TimeProvider.System);
            var stopwatch = Stopwatch.StartNew();
            CompactionSummary? summary = null;
            await terminal.Ansi.Progress().AutoClear(true).StartAsync(async context =>
            {
                var task = context.AddTask("Compacting days", maxValue: 1);
                summary = await compaction.CompactAsync(name, new DayProgress(task), cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
            if (summary is null)
            {
                throw new UserErrorException($"another compaction is running in {folder.Bucket} (datalogger run compacts every hour): try again when it is done.");
            }

            var notes = await compaction.CompactNotesAsync(cancellationToken).ConfigureAwait(false);
            await terminal.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Compacted {summary}{(notes is { Months: > 0 } ? $"; {notes}" : string.Empty)} in {stopwatch.Elapsed.TotalSeconds:0.0} s.")).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    sealed class DayProgress(ProgressTask task) : IProgress<CompactionProgress>
    {
        public void Report(CompactionProgress value)
        {
            task.MaxValue = Math.Max(1, value.Days);
            task.Value = value.Done;
        }
    }
}
