using DataLogger.Compaction;
using Microsoft.Extensions.Logging;

namespace DataLogger.Cli.Hosting;

/// <summary>
/// <c>run</c>'s compaction: each series at the start and then every hour, as the compact function on AWS (the readings
/// of the hours that are over); a failure is logged, never fatal, and the readings stay as they are. Each series is
/// compacted holding <paramref name="readers"/>, which the site's queries hold too: a query never lists a reading's
/// object that compaction removes before the query reads it.
/// </summary>
sealed class CompactionLoop(LocalCompaction compaction, IReadOnlyList<string> series, ILogger logger, TimeProvider time, SemaphoreSlim readers)
{
    /// <summary>How often <c>run</c> compacts.</summary>
    public static TimeSpan Every { get; } = TimeSpan.FromHours(1);

    /// <summary>Compacts until stopped.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await CompactOnceAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or DuckDB.NET.Data.DuckDBException)
            {
                logger.LogError("Compaction failed; the readings stay as they are, and the next try is in an hour: {Message}", e.Message);
            }

            try
            {
                await Task.Delay(Every, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    async Task CompactOnceAsync(CancellationToken cancellationToken)
    {
        foreach (var each in series)
        {
            CompactionSummary? summary;
            await readers.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                summary = await compaction.CompactAsync(each, progress: null, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                readers.Release();
            }

            if (summary is null)
            {
                logger.LogInformation("Compaction of '{Series}' left for the next hour: another compaction is running in this folder", each);
            }
            else if (summary.Days > 0 || summary.Moved > 0)
            {
                logger.LogInformation("Compacted {Summary}", summary);
            }
        }

        if (await compaction.CompactNotesAsync(cancellationToken).ConfigureAwait(false) is { Months: > 0 } notes)
        {
            logger.LogInformation("Compacted {Summary}", notes);
        }
    }
}
