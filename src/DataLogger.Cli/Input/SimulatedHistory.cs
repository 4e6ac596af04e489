using DataLogger.Cli.Common;
using DataLogger.Readings;
using DataLogger.Simulation;
using DataLogger.Storage.Local;
using Spectre.Console;

namespace DataLogger.Cli.Input;

/// <summary>Writes a simulated history into a local bucket with a progress bar, never overwriting a reading that is there.</summary>
static class SimulatedHistory
{
    /// <summary>Writes the readings every <paramref name="interval"/> in <c>(end - length, end]</c>; returns how many were written and kept.</summary>
    public static async Task<(int Written, int Kept)> WriteAsync(
        Terminal terminal, string bucket, string series, PoolModel model, DateTimeOffset end, TimeSpan length, TimeSpan interval, CancellationToken cancellationToken)
    {
        // Simulated data need not survive a power cut, so skip the per-file flush: ten times faster.
        var store = new LocalFolderStore(bucket, durable: false);
        var total = History.Count(end, length, interval);
        var written = 0;
        var kept = 0;
        await terminal.Ansi.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask($"Writing {total:N0} simulated readings", maxValue: Math.Max(total, 1));
                await Parallel.ForEachAsync(
                    History.Generate(model, end, length, interval),
                    new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount * 2, CancellationToken = cancellationToken },
                    async (reading, ct) =>
                    {
                        var key = ReadingKey.For(series, reading).ToString();
                        if (await store.CreateAsync(key, ReadingJson.Encode(reading), ReadingJson.ContentType, ct).ConfigureAwait(false))
                        {
                            Interlocked.Increment(ref written);
                        }
                        else
                        {
                            Interlocked.Increment(ref kept);
                        }

                        task.Increment(1);
                    }).ConfigureAwait(false);
                task.Value = task.MaxValue;
            }).ConfigureAwait(false);
        return (written, kept);
    }
}
