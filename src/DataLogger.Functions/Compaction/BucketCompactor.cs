using System.Collections.Concurrent;
using DataLogger.Ports;
using DataLogger.Readings;

namespace DataLogger.Functions.Compaction;

/// <summary>
/// Compacts the JSON reading objects of a series in the data bucket into one Parquet object per UTC day
/// (<see cref="ReadingKey.CompactedKey"/>), so that a query reads a handful of objects instead of one per reading.
/// Each run merges every reading taken before its cutoff (the start of the current hour) that is still a JSON object
/// into its day's Parquet object, then deletes those JSON objects: finished days become one object, and today's
/// object grows hour by hour.
/// </summary>
/// <remarks>
/// Safe to run twice, late, or to crash at any moment: a day's Parquet object is written whole (one PUT) before any of
/// its JSON objects is deleted, and only the objects it holds are deleted; until then a reading is in both, the same
/// row, which the view counts once (<see cref="Aws.GlueTable.ViewSql"/>). A reading that arrives for a day already
/// compacted is read from its JSON object until the next run merges it. An object that is not plainly a reading of its
/// key (<see cref="CompactedRow.FromObject"/>) is never merged and never deleted.
/// </remarks>
public sealed class BucketCompactor(IObjectStore data, int concurrency = 16)
{
    /// <summary>Test seam: runs after a day's Parquet object is written and before its JSON objects are deleted (a crash point).</summary>
    internal Func<string, Task>? BeforeDeletes { get; set; }

    /// <summary>
    /// Merges the JSON objects of <paramref name="series"/> taken before <paramref name="cutoff"/> into their days' Parquet
    /// objects. Stops starting new days once <paramref name="stopAt"/> has passed (what is left waits for the next run).
    /// </summary>
    public async Task<CompactionSummary> CompactAsync(string series, DateTimeOffset cutoff, DateTimeOffset? stopAt = null, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        Series.Validate(series);
        time ??= TimeProvider.System;
        var before = cutoff.ToUnixTimeSeconds();
        var days = new SortedDictionary<DateOnly, List<ReadingKey>>();
        await foreach (var key in data.ListAsync(ReadingKey.SeriesPrefix(series), cancellationToken).ConfigureAwait(false))
        {
            if (ReadingKey.TryParse(key, out var reading) && reading!.Timestamp < before)
            {
                (days.TryGetValue(reading.Day, out var list) ? list : days[reading.Day] = []).Add(reading);
            }
        }

        var summary = new CompactionSummary(series);
        foreach (var (day, keys) in days)
        {
            if (stopAt is { } stop && time.GetUtcNow() >= stop)
            {
                summary = summary with { Postponed = summary.Postponed + 1 };
                continue;
            }

            summary = summary.Add(await CompactDayAsync(series, day, keys, cancellationToken).ConfigureAwait(false));
        }

        return summary;
    }

    async Task<CompactionSummary> CompactDayAsync(string series, DateOnly day, List<ReadingKey> keys, CancellationToken cancellationToken)
    {
        var merged = new ConcurrentBag<(ReadingKey Key, CompactedRow Row)>();
        var left = 0;
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (key, token) =>
        {
            var body = await data.GetAsync(key.ToString(), token).ConfigureAwait(false);
            if (body is null)
            {
                return; // deleted since the listing: another run merged it
            }

            if (CompactedRow.FromObject(key, body) is { } row)
            {
                merged.Add((key, row));
            }
            else
            {
                Interlocked.Increment(ref left);
            }
        }).ConfigureAwait(false);

        if (merged.IsEmpty)
        {
            return new CompactionSummary(series) { Left = left };
        }

        // The day's rows: what it holds already, each replaced by a newer object of the same reading, in time order.
        var target = ReadingKey.CompactedKey(series, day);
        var rows = new SortedDictionary<long, CompactedRow>();
        if (await data.GetAsync(target, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            foreach (var row in await CompactedDay.DecodeAsync(existing, cancellationToken).ConfigureAwait(false))
            {
                rows[row.Timestamp] = row;
            }
        }

        foreach (var (_, row) in merged)
        {
            rows[row.Timestamp] = row;
        }

        await data.PutAsync(target, await CompactedDay.EncodeAsync([.. rows.Values], cancellationToken).ConfigureAwait(false), CompactedDay.ContentType, cancellationToken).ConfigureAwait(false);
        if (BeforeDeletes is { } crash)
        {
            await crash(target).ConfigureAwait(false);
        }

        await Parallel.ForEachAsync(merged, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (each, token) =>
            await data.DeleteAsync(each.Key.ToString(), token).ConfigureAwait(false)).ConfigureAwait(false);
        return new CompactionSummary(series) { Days = 1, Merged = merged.Count, Readings = rows.Count, Left = left };
    }
}
