using DataLogger.Query.DuckDb;
using Microsoft.Extensions.Logging;

namespace DataLogger.Cli.Hosting;

/// <summary><c>run</c>'s compaction: the finished days of each series into Parquet now and then once a day; a failure is logged, never fatal.</summary>
sealed class DailyCompaction(DuckDbQueryEngine engine, IReadOnlyList<string> series, ILogger logger, TimeProvider time)
{
    /// <summary>Compacts until stopped.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await CompactOnceAsync(cancellationToken).ConfigureAwait(false);
                await Task.Delay(TimeSpan.FromDays(1), time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or DuckDB.NET.Data.DuckDBException)
            {
                logger.LogError(e, "Compaction failed; the readings stay as they are: {Message}", e.Message);
                try
                {
                    await Task.Delay(TimeSpan.FromHours(1), time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    async Task CompactOnceAsync(CancellationToken cancellationToken)
    {
        foreach (var each in series)
        {
            var result = await new DuckDbCompactor(engine, time).CompactAsync(each, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), prune: false, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (result.Compacted > 0 || result.Months > 0)
            {
                logger.LogInformation("Compacted {Days} finished days of '{Series}' into Parquet files ({Readings} readings) and merged {Months} finished months", result.Compacted, each, result.Readings, result.Months);
            }
        }
    }
}
