using System.Globalization;
using System.Text;
using DataLogger.Readings;
using DataLogger.Time;

namespace DataLogger.Query;

/// <summary>
/// The one SQL text for "the readings of a series in a time window", run as it is by both engines: DuckDB locally
/// and Athena in AWS. It names the day partitions the window touches, so Athena scans those days only, and keeps
/// only rows that are valid readings (a malformed object is a row of NULLs in both engines).
/// </summary>
public static class ReadingsQuery
{
    /// <summary>The result columns, in order: <c>timestamp</c> (bigint), <c>celsius</c> (double), <c>sensor</c> (string).</summary>
    public static IReadOnlyList<string> ResultColumns { get; } = ["timestamp", "celsius", "sensor"];

    /// <summary>
    /// The SQL for the readings of <paramref name="series"/> in <paramref name="window"/>, ordered by time.
    /// Every value is a validated literal (a series name, integers), so the text is safe to send as it is.
    /// </summary>
    /// <param name="table">The table (or view) to read, shaped as <see cref="ReadingsTable"/>.</param>
    /// <param name="series">The series; validated with <see cref="Series.Validate"/>.</param>
    /// <param name="window">The time window.</param>
    public static string Sql(string table, string series, TimeWindow window)
    {
        ArgumentException.ThrowIfNullOrEmpty(table);
        ArgumentNullException.ThrowIfNull(window);
        Series.Validate(series);
        var sql = new StringBuilder();
        sql.Append(CultureInfo.InvariantCulture, $"""
            SELECT "timestamp", COALESCE(celsius, celcius) AS celsius, sensor
            FROM {table}
            WHERE series = '{series}'
              AND (
            """);
        var days = window.Days;
        for (var i = 0; i < days.Count; i++)
        {
            var day = days[i];
            sql.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? string.Empty : " OR ")}(year = {day.Year} AND month = {day.Month} AND day = {day.Day})");
        }

        sql.Append(CultureInfo.InvariantCulture, $"""
            )
              AND "timestamp" > {window.StartUnixSeconds} AND "timestamp" <= {window.EndUnixSeconds}
              AND COALESCE(celsius, celcius) BETWEEN {Reading.MinCelsius:0.0} AND {Reading.MaxCelsius:0.0}
            ORDER BY "timestamp"
            """);
        return sql.ToString();
    }
}
