using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using DataLogger.Charts.Site;
using DataLogger.Query.Athena;
using DataLogger.Site;
using DataLogger.Storage.S3;
using DataLogger.Time;

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

    /// <summary>The small object in the site bucket that records when each longer view was last drawn.</summary>
    public const string ViewStateName = "views-state.json";

    // How often the longer views are redrawn in AWS: each one queries every object of its window (Athena GETs them all),
    // so daily for the week and the month and weekly for the year keep them under $0.35 a month for one sensor.
    static readonly Dictionary<string, TimeSpan> Refresh = new()
    {
        [ChartView.Week.Name] = TimeSpan.FromDays(1),
        [ChartView.Month.Name] = TimeSpan.FromDays(1),
        [ChartView.Year.Name] = TimeSpan.FromDays(7),
    };

    readonly FunctionSettings _settings;
    readonly S3ObjectStore _site;
    readonly AthenaClient _athena;
    readonly AthenaQueryEngine _engine;
    readonly SitePublisher _publisher;

    /// <summary>The Lambda runtime's constructor: settings from the environment, checked now (cold start).</summary>
    public RenderFunction()
        : this(FunctionSettings.FromEnvironment())
    {
    }

    /// <summary>Creates the function with explicit settings.</summary>
    public RenderFunction(FunctionSettings settings, AthenaClient? athena = null)
    {
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _athena = athena ?? AthenaClient.Create();
        _engine = new AthenaQueryEngine(_athena, settings.Athena, Stores.Open(settings));
        _site = S3ObjectStore.Create(new S3StoreOptions { Bucket = settings.SiteBucket, Endpoint = settings.S3Endpoint });
        _site.CacheControl = CacheControl;
        _publisher = new SitePublisher(new XkcdSiteRenderer(), _site);
    }

    /// <summary>Handles one invocation.</summary>
    public async Task<Stream> HandleAsync(Stream input)
    {
        var outcome = await RunAsync(input, CancellationToken.None).ConfigureAwait(false);
        Console.WriteLine($"render: {outcome.Status}: {outcome.Message}");
        return outcome.ToStream();
    }

    /// <summary>Handles one event and says what it did.</summary>
    public async Task<FunctionOutcome> RunAsync(Stream input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        string? detailType, state, id, workGroup;
        try
        {
            using var document = await JsonDocument.ParseAsync(input, cancellationToken: cancellationToken).ConfigureAwait(false);
            var root = document.RootElement;
            detailType = root.TryGetProperty("detail-type", out var t) ? t.GetString() : null;
            var detail = root.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.Object ? d : default;
            state = Text(detail, "currentState");
            id = Text(detail, "queryExecutionId");
            workGroup = Text(detail, "workgroupName");
        }
        catch (JsonException e)
        {
            throw new FunctionEventException($"the event is not JSON: {e.Message}", e);
        }

        if (detailType != "Athena Query State Change")
        {
            return FunctionOutcome.Ignore($"not an Athena query state change (detail-type: {detailType ?? "none"})");
        }

        if (workGroup != _settings.Athena.WorkGroup)
        {
            return FunctionOutcome.Ignore($"query {id} ran in workgroup '{workGroup}', not ours ('{_settings.Athena.WorkGroup}')");
        }

        if (state != "SUCCEEDED")
        {
            return FunctionOutcome.Ignore($"query {id} is {state}, not SUCCEEDED");
        }

        if (string.IsNullOrEmpty(id))
        {
            throw new FunctionEventException("the Athena event has no detail.queryExecutionId");
        }

        var stopwatch = Stopwatch.StartNew();
        var execution = await _athena.GetQueryExecutionAsync(id, cancellationToken).ConfigureAwait(false);
        if (execution.Query is { } sql && !sql.Contains($"series = '{_settings.Series}'", StringComparison.Ordinal))
        {
            return FunctionOutcome.Ignore($"query {id} is not a readings query of '{_settings.Series}'");
        }

        var result = await _engine.ReadResultsAsync(execution, cancellationToken).ConfigureAwait(false);
        var end = execution.SubmittedAt ?? DateTimeOffset.UtcNow;
        var snapshot = new SiteSnapshot(_settings.Series, _settings.Title, TimeWindow.Last(StartQueryFunction.Window, end), result.Readings, _settings.TimeZone, DateTimeOffset.UtcNow)
        {
            Views = ChartView.All,
        };
        var published = await _publisher.PublishAsync(snapshot, result.Malformed, cancellationToken).ConfigureAwait(false);
        var files = published.Files.Select(f => f.Name).ToList();
        var drawn = await DrawLongerViewsAsync(snapshot, end, cancellationToken).ConfigureAwait(false);
        files.AddRange(drawn);
        return new FunctionOutcome(
            "rendered",
            $"rendered {result.Readings.Count} readings of query {id}{(drawn.Count > 0 ? " and the views " + string.Join(", ", drawn.Where(f => f.EndsWith(".html", StringComparison.Ordinal))) : string.Empty)} into s3://{_settings.SiteBucket}/ in {stopwatch.ElapsedMilliseconds} ms",
            id,
            files);
    }

    // The week, month and year views, each when its refresh period has passed (recorded in the site bucket).
    async Task<List<string>> DrawLongerViewsAsync(SiteSnapshot day, DateTimeOffset end, CancellationToken cancellationToken)
    {
        var state = new Dictionary<string, DateTimeOffset>();
        if (await _site.GetAsync(ViewStateName, cancellationToken).ConfigureAwait(false) is { } json)
        {
            try
            {
                state = JsonSerializer.Deserialize(json, ViewStateJson.Default.DictionaryStringDateTimeOffset) ?? state;
            }
            catch (JsonException)
            {
                // A damaged record only means the views are drawn again.
            }
        }

        var files = new List<string>();
        var now = DateTimeOffset.UtcNow;
        foreach (var view in ChartView.All.Where(v => v.Bucket is not null))
        {
            if (state.TryGetValue(view.Name, out var at) && now - at < Refresh[view.Name])
            {
                continue;
            }

            var window = TimeWindow.Last(view.Length, end);
            var bands = await _engine.BandsAsync(_settings.Series, window, view.Bucket!.Value, cancellationToken).ConfigureAwait(false);
            var snapshot = new SiteSnapshot(_settings.Series, _settings.Title, window, [], _settings.TimeZone, now)
            {
                View = view,
                Views = ChartView.All,
                Bands = bands,
                NewestReading = day.Latest,
            };
            var published = await _publisher.PublishAsync(snapshot, 0, cancellationToken).ConfigureAwait(false);
            files.AddRange(published.Files.Select(f => f.Name));
            state[view.Name] = now;
        }

        if (files.Count > 0)
        {
            await _site.PutAsync(ViewStateName, JsonSerializer.SerializeToUtf8Bytes(state, ViewStateJson.Default.DictionaryStringDateTimeOffset), "application/json", cancellationToken).ConfigureAwait(false);
        }

        return files;
    }

    static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>The record of when each longer view was drawn, as JSON (source-generated, so trimmed and NativeAOT builds keep it).</summary>
[JsonSerializable(typeof(Dictionary<string, DateTimeOffset>))]
sealed partial class ViewStateJson : JsonSerializerContext;
