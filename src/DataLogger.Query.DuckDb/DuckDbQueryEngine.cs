using System.Globalization;
using DataLogger.Ports;
using DataLogger.Readings;
using DataLogger.Time;

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
        Days = new BucketDays(BucketRoot);
    }

    /// <summary>The folder that holds <c>{series}/{yyyy}/{MM}/{dd}/{unix}.json</c>.</summary>
    public string BucketRoot { get; }

    /// <summary>The embedded database the queries run in.</summary>
    internal DuckDbDatabase Database { get; } = new();

    /// <summary>The bucket's days, as queries read them.</summary>
    internal BucketDays Days { get; }

    /// <inheritdoc />
    public async Task<ReadingsResult> ReadingsAsync(string series, TimeWindow window, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(window);
        Series.Validate(series);
        var sources = Days.Sources(series, window);
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
        var (_, rows) = await QueryAsync(Days.Sources(series, window, countObjects: false), ReadingsQuery.BandsSql(ReadingsTable.DefaultName, series, window, bucket), cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => new ReadingBand(
            Convert.ToInt64(r[0], CultureInfo.InvariantCulture),
            Convert.ToDouble(r[1], CultureInfo.InvariantCulture),
            Math.Round(Convert.ToDouble(r[2], CultureInfo.InvariantCulture), 2),
            Convert.ToDouble(r[3], CultureInfo.InvariantCulture),
            Convert.ToInt32(r[4], CultureInfo.InvariantCulture)))];
    }

    /// <summary>Runs <paramref name="query"/> over the table built from <paramref name="sources"/>.</summary>
    internal async Task<(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows)> QueryAsync(DaySources sources, QueryText query, CancellationToken cancellationToken) =>
        sources.IsEmpty
            ? ([], [])
            : await Database.QueryAsync(sources.TableSql + query.Sql, [.. sources.Parameters, .. query.Parameters], cancellationToken).ConfigureAwait(false);

    /// <summary>Closes the embedded database.</summary>
    public void Dispose() => Database.Dispose();
}
