using System.Globalization;
using DataLogger.Ports;
using DataLogger.Readings;
using DataLogger.Time;
using DuckDB.NET.Data;

namespace DataLogger.Query.DuckDb;

/// <summary>
/// The local query engine: embedded DuckDB over the reading objects of a local bucket folder.
/// A query lists only the day folders its window touches (never a glob over the whole tree), gives DuckDB the
/// objects whose keys fall in the window as a table shaped as <see cref="ReadingsTable"/>, and runs
/// <see cref="ReadingsQuery"/>'s SQL text on it: the same text the Athena engine sends.
/// </summary>
/// <remarks>One in-memory DuckDB database is opened on first use and shared; each query gets its own connection.</remarks>
public sealed class DuckDbQueryEngine : IQueryEngine, IDisposable
{
    readonly Lazy<DuckDBConnection> _database = new(OpenDatabase, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Creates an engine over the bucket folder <paramref name="bucketRoot"/>.</summary>
    public DuckDbQueryEngine(string bucketRoot)
    {
        ArgumentException.ThrowIfNullOrEmpty(bucketRoot);
        BucketRoot = Path.GetFullPath(bucketRoot);
    }

    /// <summary>The folder that holds <c>{series}/{yyyy}/{MM}/{dd}/{unix}.json</c>.</summary>
    public string BucketRoot { get; }

    /// <inheritdoc />
    public async Task<ReadingsResult> ReadingsAsync(string series, TimeWindow window, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(window);
        Series.Validate(series);
        var sources = Sources(series, window);
        if (sources.IsEmpty)
        {
            return new ReadingsResult([], 0);
        }

        var (_, rows) = await QueryAsync(sources, ReadingsQuery.Sql(ReadingsTable.DefaultName, series, window), cancellationToken).ConfigureAwait(false);
        var readings = new List<Reading>(rows.Count);
        foreach (var row in rows)
        {
            var timestamp = Convert.ToInt64(row[0], CultureInfo.InvariantCulture);
            var celsius = Convert.ToDouble(row[1], CultureInfo.InvariantCulture);
            if (Reading.Validate(timestamp, celsius) is null)
            {
                readings.Add(Reading.Create(timestamp, celsius, row[2] as string));
            }
        }

        // Every object whose key is in the window is a reading of the window, or malformed.
        return new ReadingsResult(readings, Math.Max(0, sources.Objects - readings.Count));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ReadingBand>> BandsAsync(string series, TimeWindow window, TimeSpan bucket, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(window);
        Series.Validate(series);
        var (_, rows) = await QueryAsync(Sources(series, window, countObjects: false), ReadingsQuery.BandsSql(ReadingsTable.DefaultName, series, window, bucket), cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => new ReadingBand(
            Convert.ToInt64(r[0], CultureInfo.InvariantCulture),
            Convert.ToDouble(r[1], CultureInfo.InvariantCulture),
            Math.Round(Convert.ToDouble(r[2], CultureInfo.InvariantCulture), 2),
            Convert.ToDouble(r[3], CultureInfo.InvariantCulture),
            Convert.ToInt32(r[4], CultureInfo.InvariantCulture)))];
    }

    /// <summary>
    /// Runs <paramref name="query"/> (such as the exact text and parameters the Athena engine sends) over a bucket laid
    /// out as Athena's catalog in AWS sees it (<see cref="GlueTable"/>): the JSON objects of <paramref name="jsonFiles"/> as
    /// the table <see cref="GlueTable.JsonTable"/>, the compacted days' Parquet objects of <paramref name="compactedFiles"/>
    /// as <see cref="GlueTable.CompactedTable"/> (each one's partition columns from its path, as the projection takes them
    /// from the key), and <paramref name="view"/> defined by the view's own SQL (<see cref="GlueTable.ViewSql"/>). Returns the
    /// column names and the rows. This is how the one SQL text is checked against DuckDB, and how tests stand in for Athena.
    /// </summary>
    public async Task<(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows)> QueryCatalogAsync(
        IReadOnlyList<string> jsonFiles, IReadOnlyList<string> compactedFiles, string view, QueryText query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jsonFiles);
        ArgumentNullException.ThrowIfNull(compactedFiles);
        ArgumentNullException.ThrowIfNull(query);
        var sources = new DaySources([.. jsonFiles], [.. compactedFiles], jsonFiles.Count + compactedFiles.Count);
        var empty = "SELECT " + string.Join(", ", GlueTable.Columns.Select(c => $"CAST(NULL AS {GlueTable.PrestoType(c.HiveType)}) AS \"{c.Name}\"")) + " WHERE false";
        var json = sources.Json.Count > 0 ? JsonTableSql + $",\n{GlueTable.JsonTable(view)} AS (SELECT * FROM json_readings)" : $"{GlueTable.JsonTable(view)} AS ({empty})";
        var compacted = sources.Parquet.Count > 0
            ? $$"""
                {{GlueTable.CompactedTable(view)}} AS (
                    SELECT {{CompactedPartitionsFromPath}}, "timestamp", celsius, celcius, fahrenheit, sensor
                    FROM (SELECT string_split(filename, '/') AS parts, * FROM read_parquet(?, filename = true))
                )
                """
            : $"{GlueTable.CompactedTable(view)} AS ({empty})";
        var text = $"WITH {json},\n{compacted},\n{view} AS (\n{GlueTable.ViewSql(view)}\n)\n{query.Sql}";
        var (connection, command) = await PrepareAsync(sources, text, query.Parameters, cancellationToken).ConfigureAwait(false);
        using var scope = connection;
        using var commandScope = command;
        return await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
    }

    // A compacted day's partition columns from its path, {series}/compacted/{yyyy}/{MM}/{dd}/readings.parquet: the
    // date folders counted from the file name back, the series one folder further.
    static readonly string CompactedPartitionsFromPath = Partitions(i => i - ReadingsTable.PartitionColumns.Count - 1 - (i == 0 ? 1 : 0), ", ");

    /// <summary>Writes the result of <paramref name="select"/> over <paramref name="sources"/> to a Parquet file (ZSTD).</summary>
    internal async Task CopyToParquetAsync(DaySources sources, string select, string path, CancellationToken cancellationToken)
    {
        var (connection, command) = await PrepareAsync(sources, $"COPY ({TableSql(sources)}{select}) TO '{path.Replace("'", "''", StringComparison.Ordinal)}' (FORMAT PARQUET, COMPRESSION ZSTD)", [], cancellationToken).ConfigureAwait(false);
        using var scope = connection;
        using var commandScope = command;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="query"/> over the table built from <paramref name="sources"/>.</summary>
    internal async Task<(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows)> QueryAsync(DaySources sources, QueryText query, CancellationToken cancellationToken)
    {
        var rows = new List<object?[]>();
        var columns = new List<string>();
        if (sources.IsEmpty)
        {
            return (columns, rows);
        }

        var (connection, command) = await PrepareAsync(sources, TableSql(sources) + query.Sql, query.Parameters, cancellationToken).ConfigureAwait(false);
        using var scope = connection;
        using var commandScope = command;
        return await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
    }

    static async Task<(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows)> ReadAllAsync(DuckDBCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<object?[]>();
        var columns = new List<string>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < reader.FieldCount; i++)
        {
            columns.Add(reader.GetName(i));
        }

        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return (columns, rows);
    }

    // A connection of its own to the shared database, and the command with its positional parameters bound: the sources
    // first (their ? come first in the text, in the table's CTE), then the query's own.
    async Task<(DuckDBConnection Connection, DuckDBCommand Command)> PrepareAsync(DaySources sources, string text, IReadOnlyList<object> parameters, CancellationToken cancellationToken)
    {
        var connection = _database.Value.Duplicate();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        }

        var command = connection.CreateCommand();
        command.CommandText = text;
        if (sources.Json.Count > 0)
        {
            command.Parameters.Add(new DuckDBParameter(sources.Json));
        }

        if (sources.Parquet.Count > 0)
        {
            command.Parameters.Add(new DuckDBParameter(sources.Parquet));
        }

        foreach (var value in parameters)
        {
            command.Parameters.Add(new DuckDBParameter(value));
        }

        return (connection, command);
    }

    /// <summary>
    /// What a window reads, day by day: the JSON objects whose keys fall in it; for a compacted day its Parquet file
    /// (or its finished month's, when the month's days are merged) plus the JSON objects that arrived after the
    /// compaction. (DuckDB fails a whole query for a path that does not exist, so only what is there is listed.)
    /// </summary>
    internal DaySources Sources(string series, TimeWindow window, bool countObjects = true)
    {
        var json = new List<string>(capacity: 320);
        var parquet = new List<string>();
        var objects = 0;
        var overlap = false;
        var months = new Dictionary<string, MonthManifest?>(StringComparer.Ordinal);
        var mergedMonths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var day in window.Days)
        {
            var folder = Path.Join(BucketRoot, ReadingKey.DayPrefix(series, day));
            if (!Directory.Exists(folder))
            {
                continue;
            }

            var files = Directory.GetFiles(folder, "*" + ReadingKey.Extension);
            var monthFolder = Path.Join(BucketRoot, ReadingKey.MonthPrefix(series, day));
            if (!months.TryGetValue(monthFolder, out var month))
            {
                month = MonthManifest.Read(monthFolder);
                months[monthFolder] = month;
            }

            var merged = month is not null && month.Days.ContainsKey(day.Day);
            if (merged && mergedMonths.Add(monthFolder))
            {
                parquet.Add(Path.Join(monthFolder, MonthManifest.ParquetName));
            }

            // A compacted day with no JSON objects left needs its manifest only when objects are counted.
            var manifest = files.Length == 0 && !countObjects
                ? (merged || DayManifest.IsCompacted(folder) ? DayManifest.Empty : null)
                : DayManifest.Read(folder, withParquet: !merged) ?? (merged ? DayManifest.Empty : null);
            if (manifest is not null)
            {
                if (!merged)
                {
                    parquet.Add(Path.Join(folder, DayManifest.ParquetName));
                }

                objects += manifest.Readings.Count(window.Contains) + manifest.Malformed.Count(window.Contains);
            }

            foreach (var path in files)
            {
                if (ReadingKey.TryParseFileName(Path.GetFileName(path.AsSpan()), out var timestamp) && window.Contains(timestamp)
                    && (manifest is null || !manifest.Contains(timestamp)))
                {
                    json.Add(path);
                    objects++;
                    overlap |= manifest is not null;
                }
            }
        }

        return new DaySources(json, parquet, objects) { Overlap = overlap };
    }

    // The table the shared SQL reads, built from the listed objects and compacted days. A malformed object (not JSON,
    // a field of the wrong type) becomes a row whose fields are NULL, as with Athena's JSON SerDe with
    // 'ignore.malformed.json'. A reading in both a day's Parquet file and a JSON object counts once.
    static string TableSql(DaySources sources)
    {
        var parts = new List<string>(2);
        if (sources.Json.Count > 0)
        {
            parts.Add("SELECT * FROM json_readings");
        }

        if (sources.Parquet.Count > 0)
        {
            parts.Add("""SELECT series, year, month, day, "timestamp", celsius, celcius, fahrenheit, sensor FROM read_parquet(?)""");
        }

        var jsonCte = sources.Json.Count == 0 ? string.Empty : JsonTableSql + ",\n";

        // Only JSON objects in a day also read from a Parquet file can repeat a reading: a late one that a compaction
        // merged while this query was being prepared. (Deduplicating every query would sort a year of rows.)
        var distinct = sources.Overlap && sources.Json.Count > 0 && sources.Parquet.Count > 0
            ? """SELECT DISTINCT ON (series, "timestamp") * FROM all_readings ORDER BY series, "timestamp", (celsius IS NULL)"""
            : "SELECT * FROM all_readings";
        return $$"""
            WITH {{jsonCte}}all_readings AS (
                {{string.Join("\n    UNION ALL\n    ", parts)}}
            ), readings AS (
                {{distinct}}
            )

            """;
    }

    // The partition columns from an object's path, as Athena's projection takes them from its key: the folders of
    // ReadingKey's layout, counted from the file name (parts[-1]) back.
    static readonly string PartitionsFromPath = Partitions(i => i - ReadingsTable.PartitionColumns.Count - 1, ",\n                   ");

    // The partition columns, each taken from the path's part at index(column) (negative: from the end) and cast to its type.
    static string Partitions(Func<int, int> index, string separator) => string.Join(separator, ReadingsTable.PartitionColumns.Select((column, i) =>
        string.Create(CultureInfo.InvariantCulture, $"parts[{index(i)}]") is var part && column.HiveType == "int"
            ? $"TRY_CAST({part} AS INTEGER) AS {column.Name}"
            : $"{part} AS {column.Name}"));

    static readonly string JsonTableSql = $$"""
        objects AS (
            SELECT filename, CASE WHEN json_valid(content) THEN content::JSON END AS j
            FROM read_text(?)
        ), fields AS (
            SELECT string_split(filename, '/') AS parts,
                   CASE WHEN json_type(j, '$.timestamp') IN ('UBIGINT', 'BIGINT') THEN TRY_CAST(j->>'$.timestamp' AS BIGINT) END AS "timestamp",
                   CASE WHEN json_type(j, '$.celsius') IN ('DOUBLE', 'UBIGINT', 'BIGINT') THEN TRY_CAST(j->>'$.celsius' AS DOUBLE) END AS celsius,
                   CASE WHEN json_type(j, '$.celcius') IN ('DOUBLE', 'UBIGINT', 'BIGINT') THEN TRY_CAST(j->>'$.celcius' AS DOUBLE) END AS celcius,
                   CASE WHEN json_type(j, '$.fahrenheit') IN ('DOUBLE', 'UBIGINT', 'BIGINT') THEN TRY_CAST(j->>'$.fahrenheit' AS DOUBLE) END AS fahrenheit,
                   CASE WHEN json_type(j, '$.sensor') = 'VARCHAR' THEN j->>'$.sensor' END AS sensor
            FROM objects
        ), json_readings AS (
            SELECT {{PartitionsFromPath}},
                   "timestamp", celsius, celcius, fahrenheit, sensor
            FROM fields
        )
        """;

    static DuckDBConnection OpenDatabase()
    {
        var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        return connection;
    }

    /// <summary>Closes the embedded database.</summary>
    public void Dispose()
    {
        if (_database.IsValueCreated)
        {
            _database.Value.Dispose();
        }
    }
}
