using System.Globalization;
using System.Text;
using DataLogger.Readings;

namespace DataLogger.Query;

/// <summary>
/// The Glue (Athena) table over the reading objects, defined once: the CDK stack builds it from
/// <see cref="Parameters"/>, and <c>datalogger athena ddl</c> prints <see cref="Ddl"/> for people who set it up by hand.
/// JSON SerDe that ignores malformed objects; partition projection on <c>series/year/month/day</c> with a
/// <c>storage.location.template</c> on the key layout, so a new day is queryable at once (no crawler).
/// </summary>
public static class GlueTable
{
    /// <summary>The SerDe that reads one JSON object per file.</summary>
    public const string SerDe = "org.openx.data.jsonserde.JsonSerDe";

    /// <summary>The first year partition projection covers.</summary>
    public const int FirstYear = 2020;

    /// <summary>The last year partition projection covers.</summary>
    public const int LastYear = 2100;

    /// <summary>The location of the objects: <c>s3://BUCKET/PREFIX/</c> (the prefix may be empty).</summary>
    public static string Location(string bucket, string prefix = "") =>
        $"s3://{bucket}/{(prefix.Trim('/') is { Length: > 0 } p ? p + "/" : string.Empty)}";

    /// <summary>The SerDe parameters: malformed objects become rows of NULLs instead of failing the query.</summary>
    public static IReadOnlyDictionary<string, string> SerDeParameters { get; } = new Dictionary<string, string>
    {
        ["ignore.malformed.json"] = "true",
        ["case.insensitive"] = "true",
    };

    /// <summary>The table parameters, partition projection included.</summary>
    public static IReadOnlyDictionary<string, string> Parameters(string bucket, string prefix = "") => new Dictionary<string, string>
    {
        ["classification"] = "json",
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
        ["storage.location.template"] = Location(bucket, prefix) + ReadingKey.DayPrefixTemplate(folder => "${" + folder + "}"),
    };

    /// <summary>The <c>CREATE EXTERNAL TABLE</c> statement, for Athena's query editor.</summary>
    public static string Ddl(string database, string table, string bucket, string prefix = "")
    {
        var ddl = new StringBuilder();
        ddl.Append(CultureInfo.InvariantCulture, $"CREATE EXTERNAL TABLE IF NOT EXISTS `{database}`.`{table}` (\n");
        ddl.AppendJoin(",\n", ReadingsTable.DataColumns.Select(c => $"  `{c.Name}` {c.HiveType} COMMENT '{c.Comment}'"));
        ddl.Append("\n)\nPARTITIONED BY (\n");
        ddl.AppendJoin(",\n", ReadingsTable.PartitionColumns.Select(c => $"  `{c.Name}` {c.HiveType} COMMENT '{c.Comment}'"));
        ddl.Append(CultureInfo.InvariantCulture, $"\n)\nROW FORMAT SERDE '{SerDe}'\nWITH SERDEPROPERTIES (\n");
        ddl.AppendJoin(",\n", SerDeParameters.Select(p => $"  '{p.Key}' = '{p.Value}'"));
        ddl.Append(CultureInfo.InvariantCulture, $"\n)\nLOCATION '{Location(bucket, prefix)}'\nTBLPROPERTIES (\n");
        ddl.AppendJoin(",\n", Parameters(bucket, prefix).Select(p => $"  '{p.Key}' = '{p.Value}'"));
        ddl.Append("\n);\n");
        return ddl.ToString();
    }
}
