using System.Diagnostics;
using DataLogger.Aws;
using DataLogger.Query.Athena;
using DataLogger.Readings;
using DataLogger.Time;

namespace DataLogger.Functions;

/// <summary>
/// The start-query function: an S3 "object created" notification (direct or batched through SQS) starts one Athena
/// query for the last 48 hours (the 24-hour view and yesterday) of every series with new objects, however many records it holds; anything that is not a
/// reading key of a series it serves, or in another bucket, is ignored. Handler: <c>DataLogger.Functions::DataLogger.Functions.StartQueryFunction::HandleAsync</c>.
/// </summary>
public sealed class StartQueryFunction
{
    readonly FunctionSettings _settings;
    readonly AthenaQueryEngine _engine;
    readonly TimeProvider _time;
    readonly Lazy<(Ports.IObjectStore Data, Ports.IObjectStore Site)> _buckets;

    /// <summary>The Lambda runtime's constructor: settings from the environment, checked now (cold start).</summary>
    public StartQueryFunction()
        : this(FunctionSettings.FromEnvironment())
    {
    }

    /// <summary>Creates the function with explicit settings.</summary>
    public StartQueryFunction(FunctionSettings settings, AthenaClient? athena = null, TimeProvider? time = null)
    {
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _time = time ?? TimeProvider.System;
        var stores = Stores.Open(settings);
        _engine = new AthenaQueryEngine(athena ?? AthenaClient.Create(), settings.Athena, stores);
        _buckets = new(() => (stores(settings.DataBucket), stores(settings.SiteBucket))); // only for a batch with a state series

    }

    /// <summary>The window every query covers: the 24-hour view's, and yesterday before it (its faint line), 48 hours.</summary>
    public static TimeSpan Window { get; } = Charts.Site.ChartView.Day.ReadingsLength;

    /// <summary>Handles one invocation.</summary>
    public async Task<Stream> HandleAsync(Stream input) => (await RunAsync(input, CancellationToken.None).ConfigureAwait(false)).Answer("start-query");

    /// <summary>Handles one event and says what it did.</summary>
    public async Task<FunctionOutcome> RunAsync(Stream input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var buffer = new MemoryStream();
        await input.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        var objects = S3Notifications.Objects(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        var dataPrefix = _settings.DataPrefix.Length > 0 ? _settings.DataPrefix + "/" : string.Empty;
        var bySeries = objects
            .Where(o => o.Bucket == _settings.DataBucket && o.Key.StartsWith(dataPrefix, StringComparison.Ordinal))
            .Select(o => (o.Key, Series: ReadingKey.TryParse(o.Key[dataPrefix.Length..], out var key) ? key!.Series : null))
            .Where(o => o.Series is not null && _settings.Series.Contains(o.Series))
            .GroupBy(o => o.Series!, o => o.Key, StringComparer.Ordinal)
            .OrderBy(g => _settings.Series.ToList().IndexOf(g.Key))
            .ToList();
        if (bySeries.Count == 0)
        {
            return FunctionOutcome.Ignore(objects.Count == 0
                ? "no object-created records in the event"
                : $"none of the {objects.Count} objects is a reading of {string.Join(" or ", _settings.Series.Select(s => $"s3://{_settings.DataBucket}/{dataPrefix}{ReadingKey.SeriesPrefix(s)}"))}");
        }

        // A state that repeats the one drawn last waits for its change or the hourly redraw (RepeatedStates).
        var now = _time.GetUtcNow();
        var end = _settings.Refresh is { } refresh ? RefreshSlots.EndOf(now, refresh) : now;
        var states = bySeries.Where(g => _settings.Station.QuantityOf(g.Key).IsState).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g], StringComparer.Ordinal);
        var repeated = states.Count == 0
            ? new Dictionary<string, string>()
            : await RepeatedStates.FindAsync(
                _settings.Station, _buckets.Value.Data, _buckets.Value.Site, states, _settings.Refresh is { } every ? (end - every, end) : null, cancellationToken).ConfigureAwait(false);
        bySeries.RemoveAll(g => repeated.ContainsKey(g.Key));
        if (bySeries.Count == 0)
        {
            return FunctionOutcome.Ignore(string.Join("; ", repeated.Values));
        }

        // One query for every series with new objects (a Pi's probes are read on the same tick and arrive together):
        // one Athena minimum for them all; render reads back which series it covers and draws each.
        // With a refresh, every batch of a slot asks for the slot's one query (RefreshSlots): Athena answers the later
        // ones with the execution it started for the first, and nothing runs or renders again.
        var series = bySeries.Select(g => g.Key).ToList();
        var window = TimeWindow.Last(Window, end);
        var stopwatch = Stopwatch.StartNew();
        var id = await _engine.StartReadingsQueryAsync(series, window, _settings.Refresh is null ? null : RefreshSlots.Token(series, end), cancellationToken).ConfigureAwait(false);
        var slot = _settings.Refresh is { } length ? $", the {DataLogger.Time.Durations.Format(length)} slot's query" : string.Empty;
        return new FunctionOutcome(
            "started",
            $"started query {id} of {string.Join(", ", bySeries.Select(g => $"'{g.Key}' for {g.Count()} new objects"))} (window {window}{slot}) in {stopwatch.ElapsedMilliseconds} ms{string.Concat(repeated.Values.Select(r => "; " + r))}",
            id)
        {
            Queries = [.. series.Select(s => (s, id))],
        };
    }
}
