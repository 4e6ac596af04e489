using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using DataLogger.Readings;
using DataLogger.Time;

namespace DataLogger.Query;

/// <summary>
/// The one SQL text for "the readings of a series in a time window", run as it is by both engines: DuckDB locally
/// and Athena in AWS. It names the day partitions the window touches, so Athena scans those days only, and keeps
/// only rows that are valid readings (a malformed object is a row of NULLs in both engines). The window's bounds are
/// parameters (<see cref="ReadingsRequest.Parameters"/>), which Athena keeps with the execution; the series is a
/// literal, the static equality that Athena's injected partition projection requires.
/// </summary>
public static class ReadingsQuery
{
    /// <summary>
    /// The query for the readings of <paramref name="series"/> in <paramref name="window"/>, ordered by time. The
    /// window's bounds are parameters; the series (validated) and the partition conditions are literals.
    /// </summary>
    /// <param name="table">The table (or view) to read, shaped as <see cref="ReadingsTable"/>.</param>
    /// <param name="series">The series; validated with <see cref="Series.Validate"/>.</param>
    /// <param name="window">The time window.</param>
    public static QueryText Sql(string table, string series, TimeWindow window) => Sql(table, [series], window);

    /// <summary>
    /// The query for the readings of several series in one window, as start-query asks when readings of several series
    /// arrive together (one query, one Athena minimum, for them all): with a <c>series</c> column first, ordered by
    /// series and time. For one series it is exactly <see cref="Sql(string, string, TimeWindow)"/>.
    /// </summary>
    /// <param name="table">The table (or view) to read.</param>
    /// <param name="series">The series, distinct, each validated with <see cref="Series.Validate"/>.</param>
    /// <param name="window">The time window.</param>
    public static QueryText Sql(string table, IReadOnlyList<string> series, TimeWindow window)
    {
        ArgumentNullException.ThrowIfNull(series);
        var several = series.Count > 1 ? "series, " : string.Empty;
        return new(
            string.Create(CultureInfo.InvariantCulture, $"""
                SELECT {several}"timestamp", COALESCE(celsius, celcius) AS celsius, sensor, value, unit
                FROM {table}
                {Filter(series, window)}
                ORDER BY {several}"timestamp"
                """),
            new ReadingsRequest(series[0], window).Parameters);
    }

    /// <summary>
    /// The condition every row must meet to count as a reading: a timestamp, and a temperature (under either spelling)
    /// a sensor can report (<see cref="Reading.MinCelsius"/> to <see cref="Reading.MaxCelsius"/>), or else a value with
    /// its unit (another quantity). A malformed object is a row of NULLs in both engines, so this also drops those.
    /// </summary>
    public static string ValidReading { get; } = string.Create(CultureInfo.InvariantCulture,
        $"""
        "timestamp" IS NOT NULL AND (COALESCE(celsius, celcius) BETWEEN {Reading.MinCelsius:0.0} AND {Reading.MaxCelsius:0.0} OR (celsius IS NULL AND celcius IS NULL AND value IS NOT NULL AND unit IS NOT NULL))
        """);

    /// <summary>A row's number: the temperature under either spelling, else the value (of another quantity).</summary>
    const string Number = "COALESCE(celsius, celcius, value)";

    /// <summary>
    /// The reading of a row of <see cref="Sql(string, string, TimeWindow)"/> (its columns from <c>"timestamp"</c> on, as
    /// text or numbers), or null when it is no reading: a temperature (<c>celsius</c>) or a value in its unit.
    /// </summary>
    public static Reading? ReadingOf(object? timestamp, object? celsius, object? sensor, object? value, object? unit)
    {
        var at = Convert.ToInt64(timestamp, CultureInfo.InvariantCulture);
        var sensorId = sensor as string is { Length: > 0 } id ? id : null;
        if (celsius is not null and not "" && !(celsius is double d && double.IsNaN(d)))
        {
            var c = Convert.ToDouble(celsius, CultureInfo.InvariantCulture);
            return Reading.Validate(at, c) is null ? Reading.Create(at, c, sensorId) : null;
        }

        if (value is null or "" || unit is not string { Length: > 0 } text)
        {
            return null;
        }

        try
        {
            return Reading.Stored(at, Convert.ToDouble(value, CultureInfo.InvariantCulture), text, sensorId);
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// What a readings query was for, from its SQL text and parameters as Athena returns them with the execution:
    /// true when <paramref name="parameters"/> are a window's bounds and <paramref name="sql"/> is exactly the
    /// <see cref="Sql(string, IReadOnlyList{string}, TimeWindow)"/> of that window for some of <paramref name="series"/>
    /// on <paramref name="table"/>. Anything else (a bands query, someone's query in the console, a series not served)
    /// is not a readings query. The series named are picked out of the text, which is then compared whole with the
    /// query those series would make.
    /// </summary>
    public static bool TryRead(string? sql, IReadOnlyList<string>? parameters, string table, IEnumerable<string> series, [NotNullWhen(true)] out ReadingsBatch? batch)
    {
        ArgumentNullException.ThrowIfNull(series);
        batch = null;
        if (sql is null || parameters is not { Count: 2 }
            || !QueryText.TryParseLiteral(parameters[0], out var start) || start is not long from
            || !QueryText.TryParseLiteral(parameters[1], out var end) || end is not long to
            || from < 0 || to <= from || to > Reading.MaxTimestamp)
        {
            return false;
        }

        var named = SeriesCondition.Match(sql);
        var served = series.ToHashSet(StringComparer.Ordinal);
        var asked = named.Success ? named.Groups["name"].Captures.Select(c => c.Value).ToList() : [];
        if (asked.Count == 0 || !asked.All(served.Contains) || asked.Distinct(StringComparer.Ordinal).Count() != asked.Count)
        {
            return false;
        }

        var window = new TimeWindow(DateTimeOffset.FromUnixTimeSeconds(from), DateTimeOffset.FromUnixTimeSeconds(to));
        if (!string.Equals(Sql(table, asked, window).Sql, sql, StringComparison.Ordinal))
        {
            return false;
        }

        batch = new ReadingsBatch(asked, window);
        return true;
    }

    // The series a readings query names: series = 'pool', or series IN ('pool', 'spa').
    static readonly System.Text.RegularExpressions.Regex SeriesCondition = new(
        @"\nWHERE series (?:= '(?<name>[^']+)'|IN \((?:'(?<name>[^']+)'(?:, )?)+\))\n", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>The result columns of <see cref="BandsSql"/>, in order.</summary>
    public static IReadOnlyList<string> BandColumns { get; } = ["bucket_start", "min_celsius", "mean_celsius", "max_celsius", "readings"];

    /// <summary>
    /// The SQL for min, mean and max per time bucket (an hour, a day) of <paramref name="series"/> in
    /// <paramref name="window"/>: the longer views' bands. Buckets are aligned to Unix time (UTC hours and days), with
    /// <c>%</c> rather than integer division, which the two engines spell differently. The mean is an exact decimal
    /// sum over the count, so it does not depend on the order the rows are read in.
    /// </summary>
    public static QueryText BandsSql(string table, string series, TimeWindow window, TimeSpan bucket)
    {
        var seconds = (long)bucket.TotalSeconds;
        if (seconds < 60)
        {
            throw new ArgumentOutOfRangeException(nameof(bucket), "A band is at least a minute long.");
        }

        return Grouped(table, series, window, string.Create(CultureInfo.InvariantCulture, $"""
            "timestamp" - ("timestamp" % {seconds}) AS bucket_start,
                   min({Number}) AS min_celsius,
                   CAST(sum(CAST({Number} AS DECIMAL(18, 3))) AS DOUBLE) / count(*) AS mean_celsius,
                   max({Number}) AS max_celsius,
                   count(*) AS readings
            """));
    }

    /// <summary>The result columns of <see cref="DaysSql"/>, in order.</summary>
    public static IReadOnlyList<string> DayColumns { get; } = ["day_start", "min_celsius", "min_at", "max_celsius", "max_at", "readings"];

    /// <summary>
    /// The SQL for each local day of <paramref name="series"/> in <paramref name="window"/> summed up: the lowest and
    /// highest reading, when each was taken (<c>min_by</c> and <c>max_by</c>, which DuckDB and Athena both have), and
    /// the count; days cut at midnight <paramref name="offset"/> from UTC, each day's start in Unix seconds. The
    /// records are computed from these daily summaries, a row a day however many readings it holds.
    /// </summary>
    public static QueryText DaysSql(string table, string series, TimeWindow window, TimeSpan offset)
    {
        var shift = (long)offset.TotalSeconds;
        if (Math.Abs(shift) > 14 * 3600 || shift % 60 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), "A time zone is at most 14 hours from UTC, in whole minutes.");
        }

        return Grouped(table, series, window, string.Create(CultureInfo.InvariantCulture, $"""
            ("timestamp" + {shift}) - (("timestamp" + {shift}) % 86400) - {shift} AS day_start,
                   min({Number}) AS min_celsius,
                   min_by("timestamp", {Number}) AS min_at,
                   max({Number}) AS max_celsius,
                   max_by("timestamp", {Number}) AS max_at,
                   count(*) AS readings
            """));
    }

    // A query of per-group figures: the columns (the first the group), the filter both queries share, one row a group in order.
    static QueryText Grouped(string table, string series, TimeWindow window, string columns) => new(
        string.Create(CultureInfo.InvariantCulture, $"""
            SELECT {columns}
            FROM {table}
            {Filter(series, window)}
            GROUP BY 1
            ORDER BY 1
            """),
        new ReadingsRequest(series, window).Parameters);

    /// <summary>A row of <see cref="DaysSql"/>, its values as text in <see cref="DayColumns"/>' order, as a day's summary.</summary>
    public static DaySummary DayOf(IReadOnlyList<string> row, TimeSpan offset)
    {
        ArgumentNullException.ThrowIfNull(row);
        var start = long.Parse(row[0], CultureInfo.InvariantCulture);
        return new DaySummary(
            DaySummary.DayOf(start, offset),
            double.Parse(row[1], CultureInfo.InvariantCulture),
            long.Parse(row[2], CultureInfo.InvariantCulture),
            double.Parse(row[3], CultureInfo.InvariantCulture),
            long.Parse(row[4], CultureInfo.InvariantCulture),
            int.Parse(row[5], CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The day partitions from <paramref name="first"/> to <paramref name="last"/> as a few range conditions on
    /// year, month and day (a day range within a month, whole months within a year), so a year's window is five
    /// conditions rather than 366, for Athena's partition pruning and DuckDB's filter alike.
    /// </summary>
    public static string PartitionPredicate(DateOnly first, DateOnly last)
    {
        if (last < first)
        {
            throw new ArgumentOutOfRangeException(nameof(last), "The last day comes before the first.");
        }

        static string Day(DateOnly d, string op) => string.Create(CultureInfo.InvariantCulture, $"(year = {d.Year} AND month = {d.Month} AND day {op} {d.Day})");
        if (first.Year == last.Year && first.Month == last.Month)
        {
            return first == last
                ? Day(first, "=")
                : string.Create(CultureInfo.InvariantCulture, $"(year = {first.Year} AND month = {first.Month} AND day BETWEEN {first.Day} AND {last.Day})");
        }

        var clauses = new List<string> { Day(first, ">=") };
        var month = new DateOnly(first.Year, first.Month, 1).AddMonths(1);
        var lastMonth = new DateOnly(last.Year, last.Month, 1);
        while (month < lastMonth)
        {
            // Whole months, one clause per year.
            var endOfRun = month.Year == lastMonth.Year ? lastMonth.AddMonths(-1) : new DateOnly(month.Year, 12, 1);
            clauses.Add(month == endOfRun
                ? string.Create(CultureInfo.InvariantCulture, $"(year = {month.Year} AND month = {month.Month})")
                : string.Create(CultureInfo.InvariantCulture, $"(year = {month.Year} AND month BETWEEN {month.Month} AND {endOfRun.Month})"));
            month = endOfRun.AddMonths(1);
        }

        clauses.Add(Day(last, "<="));
        return string.Join(" OR ", clauses);
    }

    // The WHERE clause both queries share: the series, the window's day partitions (so Athena scans those only), the
    // window in Unix seconds, and plausible temperatures only. Its ? stand for ReadingsRequest.Parameters, in order.
    static string Filter(string series, TimeWindow window) => Filter([series], window);

    static string Filter(IReadOnlyList<string> series, TimeWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        if (series.Count == 0 || series.Distinct(StringComparer.Ordinal).Count() != series.Count)
        {
            throw new ArgumentException("A query names one series or several different ones.", nameof(series));
        }

        foreach (var name in series)
        {
            Series.Validate(name);
        }

        var sql = new StringBuilder();
        sql.Append(series.Count == 1 ? $"WHERE series = '{series[0]}'" : $"WHERE series IN ({string.Join(", ", series.Select(name => $"'{name}'"))})");
        sql.Append("\n  AND (");
        sql.Append(PartitionPredicate(window.Days[0], window.Days[^1]));
        sql.Append(CultureInfo.InvariantCulture, $"""
            )
              AND "timestamp" > ? AND "timestamp" <= ?
              AND {ValidReading}
            """);
        return sql.ToString();
    }
}
