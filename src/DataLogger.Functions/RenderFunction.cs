using System.Diagnostics;
using DataLogger.Aws;
using DataLogger.Charts.Site;
using DataLogger.Query;
using DataLogger.Query.Athena;
using DataLogger.Storage.S3;

namespace DataLogger.Functions;

/// <summary>
/// The render function: the EventBridge "Athena Query State Change" event of a SUCCEEDED query in our workgroup
/// (anything else is ignored) reads the result, draws the chart and page with the same code as the local pipeline,
/// and puts them into the site bucket with their content types and a short Cache-Control.
/// Handler: <c>DataLogger.Functions::DataLogger.Functions.RenderFunction::HandleAsync</c>.
/// </summary>
public sealed class RenderFunction
{
    /// <summary>The Cache-Control of every site file: phones revalidate and see a new chart at once.</summary>
    public const string CacheControl = "no-cache";

    readonly FunctionSettings _settings;
    readonly S3ObjectStore _site;
    readonly AthenaClient _athena;
    readonly AthenaQueryEngine _engine;
    readonly SitePublisher _publisher;

    /// <summary>Where the metric lines go: the function's log (standard output), which CloudWatch reads.</summary>
    public TextWriter Metrics { get; init; } = Console.Out;

    /// <summary>The Lambda runtime's constructor: settings from the environment, checked now (cold start).</summary>
    public RenderFunction()
        : this(FunctionSettings.FromEnvironment())
    {
    }

    /// <summary>Creates the function with explicit settings.</summary>
    public RenderFunction(FunctionSettings settings, AthenaClient? athena = null, SnsTopic? alerts = null)
    {
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _athena = athena ?? AthenaClient.Create();
        _engine = new AthenaQueryEngine(_athena, settings.Athena, Stores.Open(settings));
        _site = S3ObjectStore.Create(new S3StoreOptions { Bucket = settings.SiteBucket, Endpoint = settings.S3Endpoint });
        _site.CacheControl = CacheControl;
        _publisher = new SitePublisher(new XkcdSiteRenderer(new SiteOptions { NotesAction = settings.NotesUrl }), _site) { Notes = new Notes.NoteBook(Stores.Data(settings)) };
        alerts ??= settings.AlertTopic is { } topic ? SnsTopic.Create(topic) : null;
        _alerts = alerts is not null && Alerts.WatchSettings.For(settings.Station, settings.Goals) is { } watch
            ? new CloudAlerts(watch, Stores.Data(settings), _site, alerts, settings)
            : null;
    }

    // The pool's fault rules, when the stack names a topic and the station a water.
    readonly CloudAlerts? _alerts;

    /// <summary>Handles one invocation.</summary>
    public async Task<Stream> HandleAsync(Stream input) => (await RunAsync(input, CancellationToken.None).ConfigureAwait(false)).Answer("render");

    /// <summary>Handles one event and says what it did.</summary>
    public async Task<FunctionOutcome> RunAsync(Stream input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var change = await QueryStateChange.ReadAsync(input, cancellationToken).ConfigureAwait(false);
        if (Ignored(change) is { } ignored)
        {
            return ignored;
        }

        var id = change.QueryExecutionId!;
        var stopwatch = Stopwatch.StartNew();
        var execution = await _athena.GetQueryExecutionAsync(id, cancellationToken).ConfigureAwait(false);
        if (!ReadingsQuery.TryRead(execution.Query, execution.Parameters, _settings.Athena.Table, _settings.Series, out var asked))
        {
            // Such as the bands queries render itself runs for the longer views, in the same workgroup.
            return FunctionOutcome.Ignore($"query {id} is not start-query's readings query of {string.Join(" or ", _settings.Series.Select(s => $"'{s}'"))}");
        }

        // Each series' 24-hour view from the result (the air first: another's forecast reads its data from the site), its longer views when their time has come (ViewSchedule.Cloud);
        // the files the series share (latest.json, the overview, the record of the views drawn) once for them all.
        var results = await _engine.ReadResultsAsync(execution, asked.Series, cancellationToken).ConfigureAwait(false);
        var states = _settings.Series.Where(s => _settings.Station.QuantityOf(s).IsState).Select(s => (s, _settings.TitleOf(s))).ToList();
        var requests = asked.Series.OrderBy(s => _settings.Goals.Values.Any(g => g.Ambient == s) || _settings.Station.QuantityOf(s).IsState ? 0 : 1).Select(series => new SiteRequest(series, _settings.TitleOf(series), _settings.TimeZone)
        {
            Layout = _settings.Layout,
            States = states, // drawn behind the temperatures, from their data files in the site
            End = new[] { asked.Window.End, DateTimeOffset.UtcNow }.Min(), // a refresh slot's query ends at the slot's end
            Day = results[series],
            Goal = _settings.Goals.GetValueOrDefault(series),
            Quantity = _settings.Station.QuantityOf(series),
        }).Select(r => _settings.Station.IsSparse(r.Series) ? r with { Interval = TimeSpan.Zero } : r).ToList(); // a state or a test by hand is never stale
        var all = await _publisher.PublishDueAsync(_engine, requests, ViewSchedule.Cloud, cancellationToken).ConfigureAwait(false);
        var drawn = new List<string>();
        foreach (var published in all)
        {
            var series = published[0].Snapshot.Series;
            if (published[0].Snapshot.Latest is { } newest)
            {
                Metrics.WriteLine(ReadingMetric.Line(series, newest, _settings.Station.QuantityOf(series))); // CloudWatch's alarms watch it
            }

            var longer = published.Where(p => p.Snapshot.View.Bucket is not null).Select(p => p.Snapshot.View.PageName).ToList();
            drawn.Add($"{published[0].Snapshot.Readings.Count} readings of '{series}' and {published[0].Snapshot.Compare.Count} of the day before{(longer.Count > 0 ? " and the views " + string.Join(", ", longer) : string.Empty)}");
        }

        drawn.AddRange(await TellAsync(results, requests[0].End!.Value, cancellationToken).ConfigureAwait(false));
        var files = all.SelectMany(p => p).SelectMany(p => p.Written.Select(f => f.Name)).Distinct(StringComparer.Ordinal).ToList();
        var unchanged = all.SelectMany(p => p).Sum(p => p.Unchanged.Count);
        return new FunctionOutcome(
            "rendered",
            $"rendered {string.Join("; ", drawn)} (query {id}) into s3://{_settings.SiteBucket}/ ({files.Count} files written, {unchanged} unchanged) in {stopwatch.ElapsedMilliseconds} ms",
            id,
            files);
    }

    // The pool's fault rules over the batch, what they told the alarms' topic.
    async Task<IReadOnlyList<string>> TellAsync(IReadOnlyDictionary<string, Ports.ReadingsResult> results, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_alerts is null)
        {
            return [];
        }

        try
        {
            return [.. (await _alerts.RunAsync(results, now, cancellationToken).ConfigureAwait(false)).Select(n => $"told {n.Kind} {n.State} to the alarms' topic")];
        }
        catch (HttpRequestException e)
        {
            // The page is drawn; the notice is told with the next batch (its state was not moved).
            return [$"the alarms' topic did not take a notice ({e.Message}): told again with the next batch"];
        }
    }

    // Why an event is not ours to render (another event, another workgroup, a query that did not succeed), or null.
    FunctionOutcome? Ignored(QueryStateChange change)
    {
        if (change.DetailType != QueryStateChange.Type)
        {
            return FunctionOutcome.Ignore($"not an Athena query state change (detail-type: {change.DetailType ?? "none"})");
        }

        if (change.WorkGroup != _settings.Athena.WorkGroup)
        {
            return FunctionOutcome.Ignore($"query {change.QueryExecutionId} ran in workgroup '{change.WorkGroup}', not ours ('{_settings.Athena.WorkGroup}')");
        }

        if (change.State != "SUCCEEDED")
        {
            return FunctionOutcome.Ignore($"query {change.QueryExecutionId} is {change.State}, not SUCCEEDED");
        }

        return string.IsNullOrEmpty(change.QueryExecutionId)
            ? throw new FunctionEventException("the Athena event has no detail.queryExecutionId")
            : null;
    }
}
