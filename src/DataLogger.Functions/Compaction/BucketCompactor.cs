using System.Collections.Concurrent;
using DataLogger.Readings;
using DataLogger.Storage.S3;

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
public sealed class BucketCompactor(S3ObjectStore data, int concurrency = 16)
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

/// <summary>What a compaction run of one series did.</summary>
/// <param name="Series">The series.</param>
public sealed record CompactionSummary(string Series)
{
    /// <summary>The days whose Parquet object was written.</summary>
    public int Days { get; init; }

    /// <summary>The JSON objects merged (and deleted).</summary>
    public int Merged { get; init; }

    /// <summary>The readings the written days hold in all.</summary>
    public int Readings { get; init; }

    /// <summary>The JSON objects left as they are: not plainly a reading of their key.</summary>
    public int Left { get; init; }

    /// <summary>The days not started for lack of time (the next run does them).</summary>
    public int Postponed { get; init; }

    /// <summary>This summary with <paramref name="other"/>'s counts added.</summary>
    public CompactionSummary Add(CompactionSummary other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return this with
        {
            Days = Days + other.Days,
            Merged = Merged + other.Merged,
            Readings = Readings + other.Readings,
            Left = Left + other.Left,
            Postponed = Postponed + other.Postponed,
        };
    }

    /// <summary>One line for the log: <c>pool: 2 days written (290 readings merged, 576 in those days), 1 object left as it is</c>.</summary>
    public override string ToString() =>
        $"{Series}: {(Days == 0 ? "nothing to merge" : $"{Days} day{(Days == 1 ? "" : "s")} written ({Merged} readings merged, {Readings} in those days)")}"
        + (Left > 0 ? $", {Left} object{(Left == 1 ? "" : "s")} left as {(Left == 1 ? "it is" : "they are")} (not a plain reading of its key)" : string.Empty)
        + (Postponed > 0 ? $", {Postponed} day{(Postponed == 1 ? "" : "s")} left for the next run (out of time)" : string.Empty);
}
