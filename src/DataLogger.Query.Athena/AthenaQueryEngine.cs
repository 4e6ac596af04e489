using DataLogger.Ports;
using DataLogger.Readings;
using DataLogger.Time;

namespace DataLogger.Query.Athena;

/// <summary>
/// The AWS query engine: sends <see cref="ReadingsQuery"/>'s SQL (the text the DuckDB engine runs) to Athena, so only
/// the window's day partitions are scanned, waits for it, and reads the result CSV from the workgroup's output
/// location through an object store.
/// </summary>
/// <param name="client">The Athena client.</param>
/// <param name="settings">The workgroup, database and table.</param>
/// <param name="openResults">Opens the results bucket (by name) as an object store.</param>
public sealed class AthenaQueryEngine(AthenaClient client, AthenaSettings settings, Func<string, IObjectStore> openResults) : IQueryEngine
{
    // Polling a running query: 100 ms doubling to 2 s.
    static readonly Backoff Polling = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2));

    /// <summary>Starts the readings query for a window; returns the query execution id without waiting.</summary>
    public Task<string> StartReadingsQueryAsync(string series, TimeWindow window, string? clientRequestToken = null, CancellationToken cancellationToken = default) =>
        StartReadingsQueryAsync([series], window, clientRequestToken, cancellationToken);

    /// <summary>Starts one readings query for several series in one window (readings that arrived together).</summary>
    public Task<string> StartReadingsQueryAsync(IReadOnlyList<string> series, TimeWindow window, string? clientRequestToken = null, CancellationToken cancellationToken = default) =>
        client.StartQueryExecutionAsync(ReadingsQuery.Sql(settings.Table, series, window), settings.WorkGroup, settings.Database, clientRequestToken, cancellationToken);

    /// <summary>Reads the readings of a query of one series that succeeded.</summary>
    public async Task<ReadingsResult> ReadResultsAsync(QueryExecution execution, CancellationToken cancellationToken = default)
    {
        var (readings, skipped) = AthenaResults.Parse(await ResultAsync(execution, cancellationToken).ConfigureAwait(false));
        return new ReadingsResult(readings, skipped);
    }

    /// <summary>Reads the readings of each of <paramref name="series"/> from a query of them all that succeeded.</summary>
    public async Task<IReadOnlyDictionary<string, ReadingsResult>> ReadResultsAsync(QueryExecution execution, IReadOnlyList<string> series, CancellationToken cancellationToken = default)
    {
        var all = AthenaResults.ParseBySeries(await ResultAsync(execution, cancellationToken).ConfigureAwait(false), series);
        return all.ToDictionary(a => a.Key, a => new ReadingsResult(a.Value.Readings, a.Value.Skipped), StringComparer.Ordinal);
    }

    async Task<byte[]> ResultAsync(QueryExecution execution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        if (execution.State != "SUCCEEDED")
        {
            throw new AthenaException($"query {execution.Id} {execution.State}: {execution.StateChangeReason ?? "no reason given"}", execution.State);
        }

        var (bucket, key) = AthenaResults.SplitS3Uri(execution.OutputLocation ?? throw new AthenaException($"query {execution.Id} has no output location: set one on the workgroup"));
        return await openResults(bucket).GetAsync(key, cancellationToken).ConfigureAwait(false)
            ?? throw new AthenaException($"the result of query {execution.Id} is not at {execution.OutputLocation}: check the workgroup's result location and its expiry");
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ReadingBand>> BandsAsync(string series, TimeWindow window, TimeSpan bucket, CancellationToken cancellationToken = default)
    {
        var id = await client.StartQueryExecutionAsync(ReadingsQuery.BandsSql(settings.Table, series, window, bucket), settings.WorkGroup, settings.Database, cancellationToken: cancellationToken).ConfigureAwait(false);
        var execution = await WaitAsync(id, cancellationToken).ConfigureAwait(false);
        var csv = await ResultAsync(execution, cancellationToken).ConfigureAwait(false);
        return AthenaResults.ParseBands(csv);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DaySummary>> DaysAsync(string series, TimeWindow window, TimeSpan offset, CancellationToken cancellationToken = default)
    {
        var id = await client.StartQueryExecutionAsync(ReadingsQuery.DaysSql(settings.Table, series, window, offset), settings.WorkGroup, settings.Database, cancellationToken: cancellationToken).ConfigureAwait(false);
        var execution = await WaitAsync(id, cancellationToken).ConfigureAwait(false);
        return AthenaResults.ParseDays(await ResultAsync(execution, cancellationToken).ConfigureAwait(false), offset);
    }

    /// <summary>
    /// The station's notes any of which falls in <paramref name="window"/>, oldest first: <see cref="NotesTable.Sql"/> on
    /// the notes view (<see cref="NotesTable.DefaultName"/>, beside the readings' in the same database), the text DuckDB runs.
    /// </summary>
    public async Task<IReadOnlyList<Notes.Note>> NotesAsync(TimeWindow window, CancellationToken cancellationToken = default)
    {
        var id = await client.StartQueryExecutionAsync(NotesTable.Sql(NotesTable.DefaultName, window), settings.WorkGroup, settings.Database, cancellationToken: cancellationToken).ConfigureAwait(false);
        var execution = await WaitAsync(id, cancellationToken).ConfigureAwait(false);
        return AthenaResults.ParseNotes(await ResultAsync(execution, cancellationToken).ConfigureAwait(false));
    }

    async Task<QueryExecution> WaitAsync(string id, CancellationToken cancellationToken)
    {
        for (var polls = 0; ; polls++)
        {
            var execution = await client.GetQueryExecutionAsync(id, cancellationToken).ConfigureAwait(false);
            if (execution.IsDone)
            {
                return execution;
            }

            await Task.Delay(Polling.Ceiling(polls), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<ReadingsResult> ReadingsAsync(string series, TimeWindow window, CancellationToken cancellationToken = default)
    {
        var id = await StartReadingsQueryAsync(series, window, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await ReadResultsAsync(await WaitAsync(id, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
    }
}
