using System.Collections.Concurrent;
using DataLogger.Ports;
using DataLogger.Readings;

namespace DataLogger.Compaction;

/// <summary>
/// Compacts the JSON reading objects of a series in a bucket (S3, or the local folder of <c>datalogger run</c>) into one
/// Parquet object per UTC day (<see cref="ReadingKey.CompactedKey"/>), so that a query reads a handful of objects
/// instead of one per reading, and a Pi's card does not fill with small files. Each run merges every reading taken
/// before its cutoff (<see cref="Cutoff"/>: the start of the current hour) that is still a JSON object into its day's
/// Parquet object, then deletes those JSON objects: finished days become one object, and today's object grows hour by
/// hour. The one compactor of both hosts: the compact function runs it on S3, <c>run</c> and <c>compact</c> on the folder.
/// </summary>
/// <remarks>
/// A stored reading is never replaced by a different one: a JSON object at a time its day's object holds already (a
/// Pi's clock set back stamped a new reading with a compacted one's time) is kept aside, not merged.
/// Safe to run twice, late, or to crash at any moment: a day's Parquet object is written whole (one put) before any of
/// its JSON objects is deleted, and only the objects it holds are deleted; until then a reading is in both, the same
/// row, which both engines count once (Athena's view is a <c>UNION</c>, DuckDB deduplicates such days). A reading that
/// arrives for a day already compacted is read from its JSON object until the next run merges it. An object that is
/// not plainly a reading of its key (<see cref="CompactedRow.FromObject"/>) is never merged and never deleted.
/// Two runs over one bucket must not overlap (the second could write a day without the first's new rows): the cloud's
/// schedule leaves an hour between runs, the local host holds a lock.
/// </remarks>
/// <param name="data">The bucket.</param>
/// <param name="time">The clock a run's time budget is measured with.</param>
/// <param name="concurrency">How many objects are read or deleted at once.</param>
public sealed class BucketCompactor(IObjectStore data, TimeProvider time, int concurrency = 16)
{
    /// <summary>Test seam: runs after a day's Parquet object is written and before its JSON objects are deleted (a crash point).</summary>
    internal Func<string, Task>? BeforeDeletes { get; set; }

    /// <summary>The readings a run at <paramref name="now"/> merges are those taken before this: the start of its UTC hour.</summary>
    public static DateTimeOffset Cutoff(DateTimeOffset now)
    {
        var utc = now.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }

    /// <summary>
    /// Merges the JSON objects of <paramref name="series"/> taken before <paramref name="cutoff"/> into their days' Parquet
    /// objects. Stops starting new days once <paramref name="stopAt"/> has passed (what is left waits for the next run).
    /// </summary>
    /// <param name="series">The series.</param>
    /// <param name="cutoff">Readings taken before this are merged.</param>
    /// <param name="stopAt">When to stop starting new days, or null for no limit.</param>
    /// <param name="progress">Told of each day done (or postponed) and, first, of how many days there are.</param>
    /// <param name="cancellationToken">Stops the run between objects.</param>
    public async Task<CompactionSummary> CompactAsync(string series, DateTimeOffset cutoff, DateTimeOffset? stopAt, IProgress<CompactionProgress>? progress, CancellationToken cancellationToken)
    {
        Series.Validate(series);
        var days = await DaysBeforeAsync(series, cutoff.ToUnixTimeSeconds(), cancellationToken).ConfigureAwait(false);
        progress?.Report(new CompactionProgress(0, days.Count));
        var summary = new CompactionSummary(series);
        var done = 0;
        foreach (var (day, keys) in days)
        {
            summary = stopAt is { } stop && time.GetUtcNow() >= stop
                ? summary with { Postponed = summary.Postponed + 1 }
                : summary.Add(await CompactDayAsync(series, day, keys, cancellationToken).ConfigureAwait(false));
            progress?.Report(new CompactionProgress(++done, days.Count));
        }

        return summary;
    }

    /// <summary>
    /// Merges <paramref name="rows"/>, readings of <paramref name="series"/> on <paramref name="day"/> held somewhere other
    /// than JSON objects of this bucket (an older layout's files), into the day's Parquet object; returns how many
    /// readings the day holds then. A row at a time the day holds already is not merged; when its reading differs, it is
    /// kept aside (<see cref="ReadingKey.AsideKey"/>).
    /// </summary>
    public async Task<int> MergeAsync(string series, DateOnly day, IReadOnlyCollection<CompactedRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        Series.Validate(series);
        var outside = rows.FirstOrDefault(r => new ReadingKey(series, r.Timestamp).Day != day);
        if (outside is not null)
        {
            throw new ArgumentException($"The reading at {outside.Timestamp} is not of {day:yyyy-MM-dd} (UTC).", nameof(rows));
        }

        return (await WriteDayAsync(series, day, rows, row => row.ToJson(), cancellationToken).ConfigureAwait(false)).Readings;
    }

    // The reading keys of the series taken before the cutoff, by UTC day in order.
    async Task<SortedDictionary<DateOnly, List<ReadingKey>>> DaysBeforeAsync(string series, long before, CancellationToken cancellationToken)
    {
        var days = new SortedDictionary<DateOnly, List<ReadingKey>>();
        await foreach (var key in data.ListAsync(ReadingKey.SeriesPrefix(series), cancellationToken).ConfigureAwait(false))
        {
            if (ReadingKey.TryParse(key, out var reading) && reading!.Timestamp < before)
            {
                (days.TryGetValue(reading.Day, out var list) ? list : days[reading.Day] = []).Add(reading);
            }
        }

        return days;
    }

    async Task<CompactionSummary> CompactDayAsync(string series, DateOnly day, List<ReadingKey> keys, CancellationToken cancellationToken)
    {
        var merged = new ConcurrentBag<(ReadingKey Key, CompactedRow Row, byte[] Body)>();
        var left = 0;
        await Parallel.ForEachAsync(keys, Parallelism(cancellationToken), async (key, token) =>
        {
            var body = await data.GetAsync(key.ToString(), token).ConfigureAwait(false);
            if (body is null)
            {
                return; // deleted since the listing: another run merged it
            }

            if (CompactedRow.FromObject(key, body) is { } row)
            {
                merged.Add((key, row, body));
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

        var bodies = merged.ToDictionary(m => m.Row, m => m.Body);
        var (readings, refused) = await WriteDayAsync(series, day, [.. merged.Select(m => m.Row)], row => bodies[row], cancellationToken).ConfigureAwait(false);
        if (BeforeDeletes is { } crash)
        {
            await crash(ReadingKey.CompactedKey(series, day)).ConfigureAwait(false);
        }

        await Parallel.ForEachAsync(merged, Parallelism(cancellationToken), async (each, token) =>
            await data.DeleteAsync(each.Key.ToString(), token).ConfigureAwait(false)).ConfigureAwait(false);
        return new CompactionSummary(series) { Days = 1, Merged = merged.Count - refused, Readings = readings, Left = left, Aside = refused };
    }

    // Writes the day's Parquet object whole, in time order: what it holds already, and each new row whose time it does
    // not hold. A new row at a time it holds with a different reading is not merged (a stored reading is never replaced
    // by a different one): its object (bodyOf) is kept aside first. Returns how many readings the day holds and how many
    // rows were kept aside.
    async Task<(int Readings, int Aside)> WriteDayAsync(
        string series, DateOnly day, IReadOnlyCollection<CompactedRow> rows, Func<CompactedRow, byte[]> bodyOf, CancellationToken cancellationToken)
    {
        var target = ReadingKey.CompactedKey(series, day);
        var all = new SortedDictionary<long, CompactedRow>();
        var existing = await data.GetAsync(target, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            foreach (var row in await CompactedDay.DecodeAsync(existing, cancellationToken).ConfigureAwait(false))
            {
                all[row.Timestamp] = row;
            }
        }

        var added = 0;
        var aside = 0;
        foreach (var row in rows.OrderBy(r => r.Timestamp))
        {
            if (all.TryAdd(row.Timestamp, row))
            {
                added++;
            }
            else if (!all[row.Timestamp].IsSameReading(row))
            {
                var body = bodyOf(row);
                await data.CreateAsync(new ReadingKey(series, row.Timestamp).AsideKey(body), body, ReadingJson.ContentType, cancellationToken).ConfigureAwait(false);
                aside++;
            }
        }

        if (added > 0 || existing is null)
        {
            await data.PutAsync(target, await CompactedDay.EncodeAsync([.. all.Values], cancellationToken).ConfigureAwait(false), CompactedDay.ContentType, cancellationToken).ConfigureAwait(false);
        }

        return (all.Count, aside);
    }

    ParallelOptions Parallelism(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken };
}
