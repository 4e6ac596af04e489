using System.Globalization;

namespace DataLogger.Query.DuckDb;

/// <summary>
/// The readings table (<see cref="ReadingsTable"/>'s columns, in its order) built in DuckDB from the objects themselves:
/// JSON objects through <c>read_text</c> (a malformed one, not JSON or a field of the wrong type, becomes a row whose
/// fields are NULL, as with Athena's JSON SerDe with <c>ignore.malformed.json</c>), Parquet files through
/// <c>read_parquet</c>, the partition columns from each file's path as Athena's projection takes them from its key.
/// Every column list here is made from <see cref="ReadingsTable"/>, never spelled again.
/// </summary>
public static class ReadingsTableSql
{
    /// <summary>Every column of the table, partitions first, quoted: <c>series, year, month, day, "timestamp", celsius, ...</c>.</summary>
    public static string Columns { get; } = string.Join(", ", ReadingsTable.Columns.Select(c => Quote(c.Name)));

    /// <summary>The data columns, quoted: <c>"timestamp", celsius, celcius, fahrenheit, sensor</c>.</summary>
    public static string DataColumns { get; } = string.Join(", ", ReadingsTable.DataColumns.Select(c => Quote(c.Name)));

    /// <summary>
    /// The CTEs <c>objects</c>, <c>fields</c> and <c>json_readings</c> (no leading <c>WITH</c>): the JSON objects of the
    /// list bound to its one <c>?</c>, as rows of the table, the partition columns from the key's folders.
    /// </summary>
    public static string JsonReadings { get; } = JsonReadingsSql(PartitionsFromPath(ReadingKeyFolders.FromFileName));

    /// <summary>
    /// A select of the table's columns from the Parquet files of the list bound to its one <c>?</c>, whose partition
    /// columns are in the files (the older local layout's days and months, <see cref="Legacy.LegacyLayout"/>).
    /// </summary>
    public static string ParquetReadings { get; } = $"SELECT {Columns} FROM {Parquet("read_parquet(?, union_by_name = true)")}";

    /// <summary>
    /// A select of the table's columns from compacted days (<c>{series}/compacted/{yyyy}/{MM}/{dd}/readings.parquet</c>),
    /// the list of files bound to both its <c>?</c>, the partition columns from the path as the compacted table's
    /// projection takes them. Each path is split once, not once per row: a year's query takes half the time.
    /// </summary>
    public static string CompactedReadings { get; } = Compacted("read_parquet(?, filename = true)");

    /// <summary><see cref="CompactedReadings"/> for days compacted before other quantities were stored: the later columns added as NULL.</summary>
    public static string CompactedReadingsBefore { get; } = Compacted(Parquet("read_parquet(?, filename = true)"));

    /// <summary>
    /// <see cref="CompactedReadings"/> for days of both shapes (some compacted before other quantities were stored): the
    /// columns read by name, each footer asked (<see cref="ParquetShapes"/>).
    /// </summary>
    public static string CompactedReadingsByName { get; } = Compacted(Parquet("read_parquet(?, filename = true, union_by_name = true)"));

    static string Compacted(string read) => $"""
        SELECT {PartitionsFromPath(ReadingKeyFolders.FromCompactedFileName)}, {DataColumns}
        FROM {read}
        JOIN (SELECT filename, string_split(filename, '/') AS parts FROM (SELECT unnest(?) AS filename)) USING (filename)
        """;

    /// <summary>A select of no rows with the table's columns and types (for a table with nothing to read).</summary>
    public static string Empty { get; } =
        "SELECT " + string.Join(", ", ReadingsTable.Columns.Select(c => $"CAST(NULL AS {c.SqlType}) AS {Quote(c.Name)}")) + " WHERE false";

    static string Quote(string name) => name == "timestamp" ? "\"timestamp\"" : name;

    // Parquet files as read, with the columns days compacted before other quantities were stored lack (ReadingsTable's
    // LaterColumns) added as NULL: unioned by name with no rows that have them all.
    static string Parquet(string read) =>
        $"(SELECT * FROM {read} UNION ALL BY NAME SELECT {string.Join(", ", ReadingsTable.LaterColumns.Select(c => $"CAST(NULL AS {c.SqlType}) AS {Quote(c.Name)}"))} WHERE false)";

    // The partition columns, each taken from the path's part at index(column) (negative: from the end) and cast to its type.
    static string PartitionsFromPath(Func<int, int> index) => string.Join(", ", ReadingsTable.PartitionColumns.Select((column, i) =>
        string.Create(CultureInfo.InvariantCulture, $"parts[{index(i)}]") is var part && column.HiveType == "int"
            ? $"TRY_CAST({part} AS INTEGER) AS {column.Name}"
            : $"{part} AS {column.Name}"));

    static string JsonReadingsSql(string partitions)
    {
        var fields = string.Join(",\n           ", ReadingsTable.DataColumns.Select(c => c.HiveType switch
        {
            "bigint" => $"CASE WHEN json_type(j, '$.{c.Name}') IN ('UBIGINT', 'BIGINT') THEN TRY_CAST(j->>'$.{c.Name}' AS BIGINT) END AS {Quote(c.Name)}",
            "double" => $"CASE WHEN json_type(j, '$.{c.Name}') IN ('DOUBLE', 'UBIGINT', 'BIGINT') THEN TRY_CAST(j->>'$.{c.Name}' AS DOUBLE) END AS {Quote(c.Name)}",
            _ => $"CASE WHEN json_type(j, '$.{c.Name}') = 'VARCHAR' THEN j->>'$.{c.Name}' END AS {Quote(c.Name)}",
        }));
        return $"""
            objects AS (
                SELECT filename, CASE WHEN json_valid(content) THEN content::JSON END AS j
                FROM read_text(?)
            ), fields AS (
                SELECT string_split(filename, '/') AS parts,
                       {fields}
                FROM objects
            ), json_readings AS (
                SELECT {partitions}, {DataColumns}
                FROM fields
            )
            """;
    }

    // Where each partition column's folder is in a path split at '/', counted from the file name (parts[-1]) back.
    static class ReadingKeyFolders
    {
        // {series}/{yyyy}/{MM}/{dd}/{unix}.json
        public static int FromFileName(int column) => column - ReadingsTable.PartitionColumns.Count - 1;

        // {series}/compacted/{yyyy}/{MM}/{dd}/readings.parquet: the series one folder further.
        public static int FromCompactedFileName(int column) => FromFileName(column) - (column == 0 ? 1 : 0);
    }
}
