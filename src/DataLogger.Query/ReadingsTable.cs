using DataLogger.Readings;

namespace DataLogger.Query;

/// <summary>
/// The shape of the table every query reads: one row per reading object, with the object's JSON fields as
/// columns and the key's parts as partition columns. Athena's Glue table has exactly these columns; the DuckDB
/// engine builds a table of the same shape from the day folders.
/// </summary>
public static class ReadingsTable
{
    /// <summary>The table's name, in both engines unless configured otherwise.</summary>
    public const string DefaultName = "readings";

    /// <summary>
    /// The data columns: the fields of a reading object (<c>celcius</c> is the original system's spelling; <c>value</c> and
    /// <c>unit</c> are another quantity's, added after the others so every earlier object and Parquet day reads as before).
    /// </summary>
    public static IReadOnlyList<Column> DataColumns { get; } =
    [
        new("timestamp", "bigint", "When the reading was taken, Unix seconds (UTC)."),
        new("celsius", "double", "Temperature in degrees Celsius."),
        new("celcius", "double", "Temperature in degrees Celsius, as the original system spelled it."),
        new("fahrenheit", "double", "Temperature in degrees Fahrenheit (derived)."),
        new("sensor", "string", "The id of the sensor, when known."),
        new("value", "double", "The value of a reading of another quantity than temperature, in its unit."),
        new("unit", "string", "The unit of value: %, hPa, pH, mV, W, kWh, on/off, ..."),
    ];

    /// <summary>The data columns a table or Parquet day written before other quantities were stored lacks (read as NULL).</summary>
    public static IReadOnlyList<Column> LaterColumns => [.. DataColumns.TakeLast(2)];

    /// <summary>Every column, partitions first, as the view over both tables lists them.</summary>
    public static IReadOnlyList<Column> Columns => [.. PartitionColumns, .. DataColumns];

    /// <summary>The partition columns: the folders of the key (<see cref="ReadingKey.Folders"/>), outermost first.</summary>
    public static IReadOnlyList<Column> PartitionColumns { get; } =
    [
        new(ReadingKey.Folders[0], "string", "The series (first part of the key)."),
        new(ReadingKey.Folders[1], "int", "UTC year of the reading."),
        new(ReadingKey.Folders[2], "int", "UTC month of the reading."),
        new(ReadingKey.Folders[3], "int", "UTC day of the month of the reading."),
    ];

    /// <summary>A column of the table.</summary>
    /// <param name="Name">The column name.</param>
    /// <param name="HiveType">The column type as Glue (Hive DDL) names it.</param>
    /// <param name="Comment">What the column holds.</param>
    public sealed record Column(string Name, string HiveType, string Comment)
    {
        /// <summary>The type as the SQL engines (Trino, DuckDB) name it: <c>string</c> is <c>varchar</c>, <c>int</c> is <c>integer</c>.</summary>
        public string SqlType => HiveType switch
        {
            "string" => "varchar",
            "int" => "integer",
            _ => HiveType,
        };
    }
}
