using System.Globalization;
using DataLogger.Files;
using DataLogger.Readings;

namespace DataLogger.Query.DuckDb;

/// <summary>
/// Compacts each finished UTC day of JSON readings into one Parquet file (ZSTD) beside a manifest, so a year view reads
/// a few hundred files instead of 105,120 and the SD card does not fill with small files; then merges the days of each
/// finished month into one Parquet file more, so a year view reads about 40. Atomic and idempotent: each Parquet file
/// is written under a temporary name, flushed and renamed, then its manifest (the commit point) is written the same
/// way; a crash at any moment leaves the data readable as before, and the next run finishes the job. A reading that
/// arrives late for a compacted day is read beside the Parquet files until the next run merges it (the month's
/// manifest is emptied first, so its file is never read in place of the day's newer one). Originals are kept unless
/// <c>prune</c> is asked for.
/// </summary>
public sealed class DuckDbCompactor(DuckDbQueryEngine engine, TimeProvider? time = null)
{
    readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Test seam: runs after the Parquet file is in place and before the manifest is written (a crash point).</summary>
    internal Action<string>? BeforeManifest { get; set; }

    /// <summary>Test seam: runs after a month's Parquet file is in place and before its manifest is written (a crash point).</summary>
    internal Action<string>? BeforeMonthManifest { get; set; }

    /// <summary>Compacts the finished days of <paramref name="series"/> before <paramref name="today"/> (UTC).</summary>
    public async Task<CompactionResult> CompactAsync(string series, DateOnly today, bool prune, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        Series.Validate(series);
        var root = Path.Join(engine.BucketRoot, ReadingKey.SeriesPrefix(series));
        var days = Directory.Exists(root)
            ? Directory.EnumerateDirectories(root, "*", new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 2 })
                .Select(d => (Folder: d, Day: DayOf(d)))
                .Where(d => d.Day < today)
                .OrderBy(d => d.Folder, StringComparer.Ordinal)
                .ToList()
            : [];
        int compacted = 0, readings = 0, pruned = 0, unchanged = 0;
        var versions = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var (folder, day) in days)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (wrote, manifest, removed) = await CompactDayAsync(folder, MonthFolder(series, day!.Value), prune, cancellationToken).ConfigureAwait(false);
            compacted += wrote ? 1 : 0;
            unchanged += wrote ? 0 : 1;
            readings += manifest?.Readings.Count ?? 0;
            pruned += removed;
            if (manifest is not null)
            {
                versions[folder] = manifest.CompactedAt;
            }

            progress?.Report(1);
        }

        var months = 0;
        foreach (var month in days.Where(d => versions.ContainsKey(d.Folder)).GroupBy(d => new DateOnly(d.Day!.Value.Year, d.Day.Value.Month, 1)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (month.Key.AddMonths(1) <= today
                && await MergeMonthAsync(MonthFolder(series, month.Key), month.ToDictionary(d => d.Day!.Value.Day, d => versions[d.Folder]), cancellationToken).ConfigureAwait(false))
            {
                months++;
            }
        }

        return new CompactionResult(days.Count, compacted, unchanged, readings, pruned) { Months = months };
    }

    string MonthFolder(string series, DateOnly day) => Path.Join(engine.BucketRoot, ReadingKey.MonthPrefix(series, day));

    // The day of a day folder of the bucket, or null for any other folder.
    DateOnly? DayOf(string folder) =>
        ReadingKey.TryParseDayPrefix(Path.GetRelativePath(engine.BucketRoot, folder).Replace(Path.DirectorySeparatorChar, '/'), out _, out var day) ? day : null;

    // Merges the compacted days of a finished month (each day with its manifest's version) into one Parquet file,
    // unless the month's manifest already holds exactly those.
    async Task<bool> MergeMonthAsync(string folder, Dictionary<int, DateTimeOffset> versions, CancellationToken cancellationToken)
    {
        var current = MonthManifest.Read(folder);
        if (current?.Holds(versions) == true)
        {
            return false;
        }

        if (current is { Days.Count: > 0 })
        {
            await EmptyAsync(folder, cancellationToken).ConfigureAwait(false);
        }

        var files = versions.Keys.Order().Select(day => Path.Join(folder, ReadingKey.DayFolder(day), DayManifest.ParquetName)).ToList();
        var target = Path.Join(folder, MonthManifest.ParquetName);
        var temp = AtomicFile.TemporaryPathFor(target);
        try
        {
            await CopyToParquetAsync(new DaySources([], files, 0), """SELECT * FROM readings ORDER BY "timestamp" """, temp, cancellationToken).ConfigureAwait(false);
            AtomicFile.Commit(temp, target);
            BeforeMonthManifest?.Invoke(folder);
            await WriteAsync(folder, MonthManifest.FileName, new MonthManifest(versions, _time.GetUtcNow()).Encode(), cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    // Empties a month's manifest (an atomic, flushed write, like every manifest), so queries read its days from their
    // own files: done before any of them changes.
    async Task InvalidateAsync(string monthFolder, CancellationToken cancellationToken)
    {
        if (MonthManifest.Read(monthFolder) is { Days.Count: > 0 })
        {
            await EmptyAsync(monthFolder, cancellationToken).ConfigureAwait(false);
        }
    }

    Task EmptyAsync(string monthFolder, CancellationToken cancellationToken) =>
        WriteAsync(monthFolder, MonthManifest.FileName, new MonthManifest(new Dictionary<int, DateTimeOffset>(), _time.GetUtcNow()).Encode(), cancellationToken);

    // Writes the result of select over the sources to a Parquet file (ZSTD).
    Task CopyToParquetAsync(DaySources sources, string select, string path, CancellationToken cancellationToken) =>
        engine.Database.ExecuteAsync($"COPY ({sources.TableSql}{select}) TO '{path.Replace("'", "''", StringComparison.Ordinal)}' (FORMAT PARQUET, COMPRESSION ZSTD)", sources.Parameters, cancellationToken);

    // Writes a manifest into folder: a temporary file flushed and renamed, then the folder flushed.
    static Task WriteAsync(string folder, string name, byte[] body, CancellationToken cancellationToken) =>
        AtomicFile.WriteAsync(Path.Join(folder, name), body, cancellationToken: cancellationToken);

    // Compacts one day; returns whether it wrote, the day's manifest (null when it has none) and the JSON objects pruned.
    async Task<(bool Wrote, DayManifest? Manifest, int Pruned)> CompactDayAsync(string folder, string monthFolder, bool prune, CancellationToken cancellationToken)
    {
        var manifest = DayManifest.Read(folder);
        var json = Directory.EnumerateFiles(folder, "*" + ReadingKey.Extension)
            .Select(path => (Path: path, Ok: ReadingKey.TryParseFileName(Path.GetFileName(path), out var t), Timestamp: t))
            .Where(f => f.Ok)
            .ToList();
        var fresh = json.Where(f => manifest is null || !manifest.Contains(f.Timestamp)).ToList();
        var wrote = false;
        if (fresh.Count > 0)
        {
            var sources = new DaySources(
                [.. fresh.Select(f => f.Path)],
                manifest is null ? [] : [Path.Join(folder, DayManifest.ParquetName)],
                fresh.Count)
            {
                Overlap = manifest is not null,
            };
            await InvalidateAsync(monthFolder, cancellationToken).ConfigureAwait(false);
            var target = Path.Join(folder, DayManifest.ParquetName);
            var temp = AtomicFile.TemporaryPathFor(target);
            try
            {
                var (_, rows) = await engine.QueryAsync(sources, $"""SELECT "timestamp" FROM readings WHERE {ReadingsQuery.ValidReading}""", cancellationToken).ConfigureAwait(false);
                var valid = rows.Select(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture)).ToHashSet();
                await CopyToParquetAsync(sources, $"""
                    SELECT series, year, month, day, "timestamp", COALESCE(celsius, celcius) AS celsius, CAST(NULL AS DOUBLE) AS celcius, fahrenheit, sensor
                    FROM readings
                    WHERE {ReadingsQuery.ValidReading}
                    ORDER BY "timestamp"
                    """, temp, cancellationToken).ConfigureAwait(false);
                AtomicFile.Commit(temp, target);
                BeforeManifest?.Invoke(folder);
                var malformed = fresh.Select(f => f.Timestamp).Where(t => !valid.Contains(t)).ToHashSet();
                var next = new DayManifest(
                    [.. valid, .. manifest?.Readings ?? []],
                    [.. malformed, .. manifest?.Malformed ?? []],
                    _time.GetUtcNow());
                await WriteAsync(folder, DayManifest.FileName, next.Encode(), cancellationToken).ConfigureAwait(false);
                manifest = next;
                wrote = true;
            }
            finally
            {
                File.Delete(temp);
            }
        }

        var pruned = 0;
        if (prune && manifest is not null)
        {
            foreach (var (path, _, timestamp) in json.Where(f => manifest.Readings.Contains(f.Timestamp)))
            {
                File.Delete(path);
                pruned++;
            }
        }

        return (wrote, manifest, pruned);
    }
}
