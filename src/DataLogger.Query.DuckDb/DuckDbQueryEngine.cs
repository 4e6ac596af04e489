using System.Globalization;
using DataLogger.Ports;
using DataLogger.Query.DuckDb.Legacy;
using DataLogger.Readings;
using DataLogger.Time;
using DuckDB.NET.Data;

namespace DataLogger.Query.DuckDb;

/// <summary>
/// The local query engine: embedded DuckDB over the reading objects of a local bucket folder.
/// A query lists only the day folders its window touches (never a glob over the whole tree: <see cref="BucketDays"/>),
/// gives DuckDB the objects whose keys fall in the window as a table shaped as <see cref="ReadingsTable"/>
/// (<see cref="ReadingsTableSql"/>), and runs <see cref="ReadingsQuery"/>'s SQL text on it: the same text the Athena
/// engine sends.
/// </summary>
public sealed class DuckDbQueryEngine : IQueryEngine, IDisposable
{
    /// <summary>Creates an engine over the bucket folder <paramref name="bucketRoot"/>.</summary>
    public DuckDbQueryEngine(string bucketRoot)
    {
        ArgumentException.ThrowIfNullOrEmpty(bucketRoot);
        BucketRoot = Path.GetFullPath(bucketRoot);
        Legacy = new LegacyLayout(BucketRoot, Database);
        Days = new BucketDays(BucketRoot, Legacy);
        Shapes = new ParquetShapes(Database);
    }

    /// <summary>The folder that holds <c>{series}/{yyyy}/{MM}/{dd}/{unix}.json</c>.</summary>
    public string BucketRoot { get; }

    /// <summary>The embedded database the queries run in.</summary>
    internal DuckDbDatabase Database { get; } = new();

    /// <summary>The bucket folder's older compaction layout, read by queries until the local compaction moves it.</summary>
    public LegacyLayout Legacy { get; }

    /// <summary>Test seam: runs after a query has listed what it reads and before it reads it.</summary>
    internal Func<Task>? AfterListing { get; set; }

    /// <summary>The bucket's days, as queries read them.</summary>
    internal BucketDays Days { get; }

    // Which compacted days have the later columns (value, unit).
    ParquetShapes Shapes { get; }

    // The bands of compacted days read before, by day.
    DayBands KeptBands { get; } = new();

    /// <inheritdoc />
    public async Task<ReadingsResult> ReadingsAsync(string series, TimeWindow window, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(window);
        Series.Validate(series);
        var (sources, rows) = await ReadAsync(series, window, ReadingsQuery.Sql(ReadingsTable.DefaultName, series, window), cancellationToken).ConfigureAwait(false);
        var readings = new List<Reading>(rows.Count);
        foreach (var row in rows)
        {
            if (ReadingsQuery.ReadingOf(row[0], row[1], row[2], row[3], row[4]) is { } reading)
            {
                readings.Add(reading);
            }
        }

        return new ReadingsResult(readings, await MalformedAsync(sources, window, readings, cancellationToken).ConfigureAwait(false));
    }

    // How many of the objects the keys stand for are malformed: each is a reading or malformed, and a compacted day holds
    // readings only (the compactor leaves anything else as it is). A key without a reading at its time is malformed,
    // unless its body gave a reading at another time: one that is neither a key nor a compacted day's row.
    async Task<int> MalformedAsync(DaySources sources, TimeWindow window, List<Reading> readings, CancellationToken cancellationToken)
    {
        var taken = readings.Select(r => r.Timestamp).ToHashSet();
        var missing = sources.Keys.Count(key => !taken.Contains(key));
        taken.ExceptWith(sources.Keys);
        if (missing == 0 || taken.Count == 0)
        {
            return missing;
        }

        taken.ExceptWith(await CompactedReadingsAsync(sources, window, cancellationToken).ConfigureAwait(false));
        return Math.Max(0, missing - taken.Count);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ReadingBand>> BandsAsync(string series, TimeWindow window, TimeSpan bucket, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(window);
        Series.Validate(series);
        var query = ReadingsQuery.BandsSql(ReadingsTable.DefaultName, series, window, bucket);
        if (DayBands.Keeps(bucket))
        {
            // The days whole in the window as kept (or asked of DuckDB alone), the rest as they are.
            List<ReadingBand> kept = [];
            var (_, rest) = await ReadAsync(series, window, query, cancellationToken, async sources =>
                kept = await KeptBands.TakeAsync(series, window, bucket, sources, async days =>
                {
                    await Shapes.MarkAsync(days, cancellationToken).ConfigureAwait(false);
                    return BandsOf((await QueryAsync(days, query, cancellationToken).ConfigureAwait(false)).Rows);
                }).ConfigureAwait(false)).ConfigureAwait(false);
            List<ReadingBand> bands = [.. kept, .. BandsOf(rest)];
            bands.Sort((a, b) => a.Start.CompareTo(b.Start));
            // A reading whose object lies under another day than its time (a body's own timestamp) can put one bucket
            // in two sources: then every source is read together, as before.
            if (bands.Select(b => b.Start).Distinct().Count() == bands.Count)
            {
                return bands;
            }
        }

        return BandsOf((await ReadAsync(series, window, query, cancellationToken).ConfigureAwait(false)).Rows);
    }

    /// <summary>The bands of the bands' SQL's rows.</summary>
    internal static List<ReadingBand> BandsOf(IReadOnlyList<object?[]> rows) =>
        [.. rows.Select(r => new ReadingBand(
            Convert.ToInt64(r[0], CultureInfo.InvariantCulture),
            Convert.ToDouble(r[1], CultureInfo.InvariantCulture),
            Math.Round(Convert.ToDouble(r[2], CultureInfo.InvariantCulture), 2),
            Convert.ToDouble(r[3], CultureInfo.InvariantCulture),
            Convert.ToInt32(r[4], CultureInfo.InvariantCulture)))];

    /// <inheritdoc />
    public async Task<IReadOnlyList<DaySummary>> DaysAsync(string series, TimeWindow window, TimeSpan offset, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(window);
        Series.Validate(series);
        var (_, rows) = await ReadAsync(series, window, ReadingsQuery.DaysSql(ReadingsTable.DefaultName, series, window, offset), cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => ReadingsQuery.DayOf([.. r.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)!)], offset))];
    }

    /// <summary>
    /// The station's notes any of which falls in <paramref name="window"/>, oldest first: <see cref="NotesTable.Sql"/>,
    /// the text Athena runs too, over the months' compacted objects and the notes' own objects in the folder.
    /// </summary>
    public async Task<IReadOnlyList<Notes.Note>> NotesAsync(TimeWindow window, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(window);
        var query = NotesTable.Sql(NotesTable.DefaultName, window);
        for (var attempt = 1; ; attempt++)
        {
            // A compaction that merges a month while this reads deletes objects listed: listed and read again then.
            var (objects, compacted) = NoteFiles(window);
            var (table, parameters) = NotesTableSql.Table(objects, compacted);
            try
            {
                var (_, rows) = await Database.QueryAsync($"WITH {NotesTable.DefaultName} AS (\n{table}\n)\n{query.Sql}", [.. parameters, .. query.Parameters], cancellationToken).ConfigureAwait(false);
                return [.. rows.Select(r => NotesTable.NoteOf(r[0], r[1], r[2], r[3])).OfType<Notes.Note>()];
            }
            catch (DuckDBException) when (attempt < 3 && !objects.All(File.Exists))
            {
            }
        }
    }

    // The notes' own objects and the compacted months of the months a window's notes can be in.
    (List<string> Objects, List<string> Compacted) NoteFiles(TimeWindow window)
    {
        var objects = new List<string>();
        var compacted = new List<string>();
        foreach (var month in Notes.Note.MonthsOf(window))
        {
            var folder = Path.Join(BucketRoot, ReadingKey.NotesMonthPrefix(month));
            if (Directory.Exists(folder))
            {
                objects.AddRange(Directory.EnumerateFiles(folder, "*" + ReadingKey.Extension, SearchOption.AllDirectories));
            }

            var key = Path.Join(BucketRoot, ReadingKey.CompactedNotesKey(month));
            if (File.Exists(key))
            {
                compacted.Add(key);
            }
        }

        return (objects, compacted);
    }

    // The timestamps of the compacted days' rows in the window.
    async Task<IReadOnlyList<long>> CompactedReadingsAsync(DaySources sources, TimeWindow window, CancellationToken cancellationToken)
    {
        var files = sources.Compacted.ToList();
        if (files.Count == 0)
        {
            return [];
        }

        var (_, rows) = await Database.QueryAsync("""SELECT "timestamp" FROM read_parquet(?)""", [files], cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture)).Where(window.Contains)];
    }

    // Runs the query over what the window reads. A compaction (run's hourly one, or another process's) may merge JSON
    // objects into their day's Parquet object and remove them while the query reads: DuckDB then skips what is gone,
    // or fails on an older layout's file moved away. So when a file listed is gone afterwards, the window is listed and
    // read again (the Parquet object is written before any object it holds is removed).
    // prepare: what takes some of the sources listed out of the query (and reads them its own way).
    async Task<(DaySources Sources, IReadOnlyList<object?[]> Rows)> ReadAsync(string series, TimeWindow window, QueryText query, CancellationToken cancellationToken, Func<DaySources, Task>? prepare = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var sources = Days.Sources(series, window);
            if (AfterListing is { } seam)
            {
                await seam().ConfigureAwait(false);
            }

            try
            {
                if (prepare is not null)
                {
                    await prepare(sources).ConfigureAwait(false);
                }

                await Shapes.MarkAsync(sources, cancellationToken).ConfigureAwait(false);
                var (_, rows) = await QueryAsync(sources, query, cancellationToken).ConfigureAwait(false);
                if (attempt == 3 || sources.Files.All(File.Exists))
                {
                    return (sources, rows);
                }
            }
            catch (DuckDBException) when (attempt < 3 && !sources.Files.All(File.Exists))
            {
            }
        }
    }

    /// <summary>Runs <paramref name="query"/> over the table built from <paramref name="sources"/>.</summary>
    internal async Task<(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows)> QueryAsync(DaySources sources, QueryText query, CancellationToken cancellationToken) =>
        sources.IsEmpty
            ? ([], [])
            : await Database.QueryAsync(sources.TableSql + query.Sql, [.. sources.Parameters, .. query.Parameters], cancellationToken).ConfigureAwait(false);

    /// <summary>Closes the embedded database.</summary>
    public void Dispose() => Database.Dispose();
}
