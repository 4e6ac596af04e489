using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using DataLogger.Query;
using DataLogger.Readings;

namespace DataLogger.Aws;

/// <summary>
/// The Glue (Athena) catalog over the reading objects, defined once: the CDK stack builds it from these parts, and
/// <c>datalogger athena ddl</c> prints <see cref="Ddl"/> for people who set it up by hand. Two tables and a view:
/// <see cref="JsonTable"/> over the JSON objects (a SerDe that ignores malformed objects),
/// <see cref="CompactedTable"/> over the compacted days' Parquet objects (<see cref="ReadingKey.CompactedKey"/>), both
/// with partition projection on <c>series/year/month/day</c> and a <c>storage.location.template</c> on the key layout
/// (a new day is queryable at once, no crawler); and the view every query reads (<see cref="ViewSql"/>), their union,
/// in which a reading that is in both (compacted, its JSON object not yet deleted) counts once.
/// </summary>
public static class GlueTable
{
    /// <summary>The SerDe that reads one JSON object per file.</summary>
    public const string SerDe = "org.openx.data.jsonserde.JsonSerDe";

    /// <summary>The SerDe of the compacted days' Parquet objects.</summary>
    public const string ParquetSerDe = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";

    /// <summary>The input format of the Parquet table.</summary>
    public const string ParquetInputFormat = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";

    /// <summary>The output format of the Parquet table.</summary>
    public const string ParquetOutputFormat = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat";

    /// <summary>The first year partition projection covers.</summary>
    public const int FirstYear = 2020;

    /// <summary>The last year partition projection covers.</summary>
    public const int LastYear = 2100;

    /// <summary>The table of the JSON objects behind the view <paramref name="view"/>: <c>readings_json</c>.</summary>
    public static string JsonTable(string view) => view + "_json";

    /// <summary>The table of the compacted days behind the view <paramref name="view"/>: <c>readings_compacted</c>.</summary>
    public static string CompactedTable(string view) => view + "_compacted";

    /// <summary>The location of the objects: <c>s3://BUCKET/PREFIX/</c> (the prefix may be empty).</summary>
    public static string Location(string bucket, string prefix = "") =>
        $"s3://{bucket}/{(prefix.Trim('/') is { Length: > 0 } p ? p + "/" : string.Empty)}";

    /// <summary>The SerDe parameters: malformed objects become rows of NULLs instead of failing the query.</summary>
    public static IReadOnlyDictionary<string, string> SerDeParameters { get; } = new Dictionary<string, string>
    {
        ["ignore.malformed.json"] = "true",
        ["case.insensitive"] = "true",
    };

    /// <summary>The JSON table's parameters, partition projection included.</summary>
    public static IReadOnlyDictionary<string, string> Parameters(string bucket, string prefix = "") =>
        Projected("json", Location(bucket, prefix) + ReadingKey.DayPrefixTemplate(Placeholder));

    /// <summary>The compacted table's parameters, partition projection included.</summary>
    public static IReadOnlyDictionary<string, string> CompactedParameters(string bucket, string prefix = "") =>
        Projected("parquet", Location(bucket, prefix) + ReadingKey.CompactedDayPrefixTemplate(Placeholder));

    /// <summary>
    /// The view's query: every column of both tables, <c>UNION</c> (distinct), so a reading that is in a compacted day and
    /// still in its JSON object (the moments between a compaction's write and its deletes) is one row. A reading
    /// written again with other values after its day was compacted is two rows until the next compaction merges it.
    /// </summary>
    public static string ViewSql(string view)
    {
        var columns = string.Join(", ", ReadingsTable.Columns.Select(c => c.Name == "timestamp" ? "\"timestamp\"" : c.Name));
        return $"SELECT {columns} FROM {JsonTable(view)}\nUNION\nSELECT {columns} FROM {CompactedTable(view)}";
    }

    /// <summary>
    /// The view as Glue keeps an Athena view (<c>ViewOriginalText</c> of a <c>VIRTUAL_VIEW</c> table with
    /// <c>presto_view=true</c>): <c>/* Presto View: BASE64 */</c> of its SQL, catalog, schema and column types.
    /// </summary>
    public static string PrestoView(string view, string database) => Presto(ViewSql(view), database, ReadingsTable.Columns);

    static string Presto(string sql, string database, IReadOnlyList<ReadingsTable.Column> columns)
    {
        var definition = new JsonObject
        {
            ["originalSql"] = sql,
            ["catalog"] = "awsdatacatalog",
            ["schema"] = database,
            ["columns"] = new JsonArray([.. columns.Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["type"] = c.SqlType })]),
        };
        return $"/* Presto View: {Convert.ToBase64String(Encoding.UTF8.GetBytes(definition.ToJsonString()))} */";
    }

    /// <summary>The view's <c>ViewExpandedText</c>, as Athena writes it.</summary>
    public const string PrestoViewExpandedText = "/* Presto View */";

    /// <summary>The view's table parameters in Glue.</summary>
    public static IReadOnlyDictionary<string, string> ViewParameters { get; } = new Dictionary<string, string>
    {
        ["presto_view"] = "true",
        ["comment"] = "Presto View",
    };

    /// <summary>The statements that create both tables and the view <paramref name="table"/>, for Athena's query editor.</summary>
    public static string Ddl(string database, string table, string bucket, string prefix = "")
    {
        var ddl = new StringBuilder();
        TableDdl(ddl, database, JsonTable(table), $"ROW FORMAT SERDE '{SerDe}'\nWITH SERDEPROPERTIES (\n{string.Join(",\n", SerDeParameters.Select(p => $"  '{p.Key}' = '{p.Value}'"))}\n)", Location(bucket, prefix), Parameters(bucket, prefix));
        ddl.Append('\n');
        TableDdl(ddl, database, CompactedTable(table), "STORED AS PARQUET", Location(bucket, prefix), CompactedParameters(bucket, prefix));
        ddl.Append(CultureInfo.InvariantCulture, $"\nCREATE OR REPLACE VIEW `{database}`.`{table}` AS\n{ViewSql(table)};\n");
        var serde = $"ROW FORMAT SERDE '{SerDe}'\nWITH SERDEPROPERTIES (\n{string.Join(",\n", SerDeParameters.Select(p => $"  '{p.Key}' = '{p.Value}'"))}\n)";
        ddl.Append('\n');
        TableDdl(ddl, database, NotesJsonTable, serde, Location(bucket, prefix), NotesParameters(bucket, prefix), NotesTable.DataColumns, NotesJsonPartitionColumns);
        ddl.Append('\n');
        TableDdl(ddl, database, NotesCompactedTable, serde, Location(bucket, prefix), NotesCompactedParameters(bucket, prefix), NotesTable.DataColumns, NotesTable.PartitionColumns);
        ddl.Append(CultureInfo.InvariantCulture, $"\nCREATE OR REPLACE VIEW `{database}`.`{NotesTable.DefaultName}` AS\n{NotesViewSql};\n");
        return ddl.ToString();
    }

    static void TableDdl(StringBuilder ddl, string database, string table, string format, string location, IReadOnlyDictionary<string, string> parameters,
        IReadOnlyList<ReadingsTable.Column>? dataColumns = null, IReadOnlyList<ReadingsTable.Column>? partitionColumns = null)
    {
        ddl.Append(CultureInfo.InvariantCulture, $"CREATE EXTERNAL TABLE IF NOT EXISTS `{database}`.`{table}` (\n");
        ddl.AppendJoin(",\n", (dataColumns ?? ReadingsTable.DataColumns).Select(c => $"  `{c.Name}` {c.HiveType} COMMENT '{c.Comment}'"));
        ddl.Append("\n)\nPARTITIONED BY (\n");
        ddl.AppendJoin(",\n", (partitionColumns ?? ReadingsTable.PartitionColumns).Select(c => $"  `{c.Name}` {c.HiveType} COMMENT '{c.Comment}'"));
        ddl.Append(CultureInfo.InvariantCulture, $"\n)\n{format}\nLOCATION '{location}'\nTBLPROPERTIES (\n");
        ddl.AppendJoin(",\n", parameters.Select(p => $"  '{p.Key}' = '{p.Value}'"));
        ddl.Append("\n);\n");
    }

    /// <summary>The table of the notes' own objects (<c>notes/{yyyy}/{MM}/{dd}/{unix}-{id}.json</c>) behind the notes view.</summary>
    public const string NotesJsonTable = NotesTable.DefaultName + "_json";

    /// <summary>The table of the compacted months of notes (<c>notes/compacted/{yyyy}/{MM}/notes.json</c>, a note a line).</summary>
    public const string NotesCompactedTable = NotesTable.DefaultName + "_compacted";

    /// <summary>The notes' objects' partition columns: the notes table's (year, month) and the day of their folder.</summary>
    public static IReadOnlyList<ReadingsTable.Column> NotesJsonPartitionColumns { get; } =
        [.. NotesTable.PartitionColumns, ReadingsTable.PartitionColumns[3]];

    /// <summary>The notes' objects' table parameters: projection on year, month and day, the key layout's template.</summary>
    public static IReadOnlyDictionary<string, string> NotesParameters(string bucket, string prefix = "") =>
        Projected("json", Location(bucket, prefix) + ReadingKey.NotesFolder + "/${year}/${month}/${day}/", series: false);

    /// <summary>The compacted notes' table parameters: projection on year and month.</summary>
    public static IReadOnlyDictionary<string, string> NotesCompactedParameters(string bucket, string prefix = "") =>
        Projected("json", Location(bucket, prefix) + ReadingKey.CompactedNotesPrefix + "${year}/${month}/", series: false, day: false);

    /// <summary>
    /// The notes view's query (<see cref="NotesTable.Columns"/> of both tables, <c>UNION</c>: a note in a compacted month
    /// and still in its own object is one row), what <see cref="NotesTable.Sql"/> reads on Athena.
    /// </summary>
    public static string NotesViewSql { get; } =
        $"SELECT {NotesTable.Select(NotesTable.Columns)} FROM {NotesJsonTable}\nUNION\nSELECT {NotesTable.Select(NotesTable.Columns)} FROM {NotesCompactedTable}";

    /// <summary>The notes view as Glue keeps an Athena view (see <see cref="PrestoView"/>).</summary>
    public static string NotesPrestoView(string database) => Presto(NotesViewSql, database, NotesTable.Columns);

    static string Placeholder(string folder) => "${" + folder + "}";

    // Partition projection: the series injected (each query names it), the date parts as zero-padded integers.
    static Dictionary<string, string> Projected(string classification, string template, bool series = true, bool day = true)
    {
        var parameters = Projected(classification, template);
        if (!series)
        {
            parameters.Remove("projection.series.type");
        }

        if (!day)
        {
            foreach (var key in parameters.Keys.Where(k => k.StartsWith("projection.day.", StringComparison.Ordinal)).ToList())
            {
                parameters.Remove(key);
            }
        }

        return parameters;
    }

    static Dictionary<string, string> Projected(string classification, string template) => new()
    {
        ["classification"] = classification,
        ["projection.enabled"] = "true",
        ["projection.series.type"] = "injected",
        ["projection.year.type"] = "integer",
        ["projection.year.range"] = string.Create(CultureInfo.InvariantCulture, $"{FirstYear},{LastYear}"),
        ["projection.year.digits"] = "4",
        ["projection.month.type"] = "integer",
        ["projection.month.range"] = "1,12",
        ["projection.month.digits"] = "2",
        ["projection.day.type"] = "integer",
        ["projection.day.range"] = "1,31",
        ["projection.day.digits"] = "2",
        ["storage.location.template"] = template,
    };
}
