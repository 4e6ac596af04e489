using System.Globalization;
using DataLogger.Ports;
using DataLogger.Readings;
using DataLogger.Time;
using DuckDB.NET.Data;

namespace DataLogger.Query.DuckDb;

/// <summary>
/// The local query engine: embedded DuckDB over the reading objects of a local bucket folder.
/// A query reads only the day folders its window touches (never a glob over the whole tree), loads them into a
/// table shaped as <see cref="ReadingsTable"/>, and runs <see cref="ReadingsQuery"/>'s SQL text on it: the same
/// text the Athena engine sends.
/// </summary>
public sealed class DuckDbQueryEngine : IQueryEngine
{
    const string Table = ReadingsTable.DefaultName;

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
        var globs = DayGlobs(series, window);
        if (globs.Count == 0)
        {
            return new ReadingsResult([], 0);
        }

        var connection = new DuckDBConnection("DataSource=:memory:");
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await LoadAsync(connection, globs, cancellationToken).ConfigureAwait(false);
            var malformed = await CountMalformedAsync(connection, window, cancellationToken).ConfigureAwait(false);
            var readings = new List<Reading>(capacity: 320);
            using var command = connection.CreateCommand();
            command.CommandText = ReadingsQuery.Sql(Table, series, window);
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var timestamp = reader.GetInt64(0);
                var celsius = reader.GetDouble(1);
                if (Reading.Validate(timestamp, celsius) is not null)
                {
                    malformed++;
                    continue;
                }

                readings.Add(Reading.Create(timestamp, celsius, reader.IsDBNull(2) ? null : reader.GetString(2)));
            }

            return new ReadingsResult(readings, malformed);
        }
    }

    /// <summary>
    /// The globs of the window's day folders that exist and hold at least one object: DuckDB fails a whole
    /// query for a glob that matches nothing.
    /// </summary>
    List<string> DayGlobs(string series, TimeWindow window)
    {
        var globs = new List<string>(2);
        foreach (var day in window.Days)
        {
            var folder = Path.Join(BucketRoot, ReadingKey.DayPrefix(series, day));
            if (Directory.Exists(folder) && Directory.EnumerateFiles(folder, "*" + ReadingKey.Extension).Any())
            {
                globs.Add(Path.Join(folder, "*" + ReadingKey.Extension));
            }
        }

        return globs;
    }

    // A malformed object (not JSON, not an object, a field of the wrong type) becomes a row whose fields are
    // NULL, as with Athena's JSON SerDe with 'ignore.malformed.json'.
    static async Task LoadAsync(DuckDBConnection connection, List<string> globs, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $$"""
            CREATE TEMP TABLE {{Table}} AS
            WITH objects AS (
                SELECT filename,
                       CASE WHEN json_valid(content) AND json_type(content) = 'OBJECT' THEN content::JSON END AS j
                FROM read_text($globs)
            ), fields AS (
                SELECT regexp_extract(filename, '([^/]+)/([0-9]{4})/([0-9]{2})/([0-9]{2})/([0-9]+)\.json$',
                                      ['series', 'year', 'month', 'day', 'key']) AS k,
                       CASE WHEN json_type(j, '$.timestamp') IN ('UBIGINT', 'BIGINT') THEN TRY_CAST(j->>'$.timestamp' AS BIGINT) END AS "timestamp",
                       CASE WHEN json_type(j, '$.celsius') IN ('DOUBLE', 'UBIGINT', 'BIGINT') THEN TRY_CAST(j->>'$.celsius' AS DOUBLE) END AS celsius,
                       CASE WHEN json_type(j, '$.celcius') IN ('DOUBLE', 'UBIGINT', 'BIGINT') THEN TRY_CAST(j->>'$.celcius' AS DOUBLE) END AS celcius,
                       CASE WHEN json_type(j, '$.fahrenheit') IN ('DOUBLE', 'UBIGINT', 'BIGINT') THEN TRY_CAST(j->>'$.fahrenheit' AS DOUBLE) END AS fahrenheit,
                       CASE WHEN json_type(j, '$.sensor') = 'VARCHAR' THEN j->>'$.sensor' END AS sensor
                FROM objects
            )
            SELECT k.series AS series,
                   CAST(k.year AS INTEGER) AS year,
                   CAST(k.month AS INTEGER) AS month,
                   CAST(k.day AS INTEGER) AS day,
                   CAST(k.key AS BIGINT) AS key_timestamp,
                   "timestamp", celsius, celcius, fahrenheit, sensor
            FROM fields
            """;
        command.Parameters.Add(new DuckDBParameter("globs", globs));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    // Objects whose key falls in the window but whose body is not a valid reading.
    static async Task<int> CountMalformedAsync(DuckDBConnection connection, TimeWindow window, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = string.Create(CultureInfo.InvariantCulture, $"""
            SELECT count(*) FROM {Table}
            WHERE key_timestamp > {window.StartUnixSeconds} AND key_timestamp <= {window.EndUnixSeconds}
              AND NOT coalesce("timestamp" IS NOT NULL AND coalesce(celsius, celcius) BETWEEN {Reading.MinCelsius:0.0} AND {Reading.MaxCelsius:0.0}, false)
            """);
        var count = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return Convert.ToInt32(count, CultureInfo.InvariantCulture);
    }
}
