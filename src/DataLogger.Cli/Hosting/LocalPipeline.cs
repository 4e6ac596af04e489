using System.Diagnostics;
using System.Globalization;
using DataLogger.Charts.Site;
using DataLogger.Cli.Configuration;
using DataLogger.CommandLine.Settings;
using DataLogger.Mqtt;
using DataLogger.Notify;
using DataLogger.Notify.Channels;
using DataLogger.Pipeline;
using DataLogger.Ports;
using DataLogger.Query.DuckDb;
using DataLogger.Readings;
using DataLogger.Storage.Local;
using Microsoft.Extensions.Logging;

namespace DataLogger.Cli.Hosting;

/// <summary>
/// The embedded flow, wired: the local bucket raises "object created" for each reading, the coalescing pipeline
/// queries each series' windows with DuckDB, renders their charts and pages (and the overview, for several series), and
/// publishes them into the site folder.
/// </summary>
sealed class LocalPipeline : IDisposable
{
    // The notices' HTTP client: one for the process, with a timeout so a channel that hangs is a retry, not a stall.
    static readonly HttpClient NoticeHttp = new() { Timeout = TimeSpan.FromSeconds(15) };

    readonly RunOptions _options;
    readonly SitePublisher _publisher;
    readonly ILogger _logger;
    readonly SiteLayout _layout;
    readonly Dictionary<string, Reading?> _latest = new(StringComparer.Ordinal);
    readonly TimeProvider _time;

    public LocalPipeline(RunOptions options, ILogger logger, ISiteRenderer? renderer = null, RunMetrics? metrics = null, bool once = false, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _options = options;
        _logger = logger;
        _layout = options.Layout;
        Bucket = new LocalFolderStore(options.Folder.Bucket);
        Site = new LocalFolderStore(options.Folder.Site);
        Engine = new DuckDbQueryEngine(options.Folder.Bucket);
        _publisher = new SitePublisher(renderer ?? new XkcdSiteRenderer(), Site, _time);
        Pipeline = new CoalescingPipeline(PublishAsync, logger: logger);
        Bucket.ObjectCreated += OnObjectCreated;
        Metrics = metrics ?? new RunMetrics(_layout.Series, options.Alerts.Rules);
        Mqtt = MqttPublishing.Start(options.Mqtt, options.Probes, options.Titles, options.Interval, series => [.. options.Alerts.Rules.Where(r => r.Series == series).Select(r => r.Name)], logger, once);
        if (options.Alerts.Rules.Count > 0)
        {
            Alerts = new AlertMonitor(
                options.Alerts.Rules, [.. options.Alerts.Notify.Select(url => ChannelUrls.Parse(url, NoticeHttp))], options.Folder.State, options.Folder.Outbox,
                options.Titles.Of, options.TimeZone, logger);
        }
    }

    /// <summary>The alerts, when any are set.</summary>
    public AlertMonitor? Alerts { get; }

    /// <summary>The readings' MQTT publisher, when a broker is set.</summary>
    public MqttPublisher? Mqtt { get; }

    /// <summary>What <c>/metrics</c> serves.</summary>
    public RunMetrics Metrics { get; }

    public LocalFolderStore Bucket { get; }

    public LocalFolderStore Site { get; }

    public DuckDbQueryEngine Engine { get; }

    public CoalescingPipeline Pipeline { get; }

    /// <summary>The site's top page: the one series' page, or the overview of several.</summary>
    public string Page => Path.Join(_options.Folder.Site, ChartView.Day.PageName);

    /// <summary>Stores a reading of <paramref name="series"/> in the bucket (which notifies the pipeline), and tells MQTT and the metrics.</summary>
    public async Task StoreAsync(string series, Reading reading)
    {
        await Bucket.PutAsync(ReadingKey.For(series, reading).ToString(), ReadingJson.Encode(reading), ReadingJson.ContentType, CancellationToken.None).ConfigureAwait(false);
        Metrics.Taken(series, reading);
        Mqtt?.Publish(series, reading);
    }

    /// <summary>
    /// One run: for each series, query, render and publish the views that are due; then the alerts are evaluated on the
    /// newest readings, and when one fired or resolved the 24-hour pages are drawn again, so their banner is current.
    /// </summary>
    public async Task PublishAsync(CancellationToken cancellationToken)
    {
        await PublishSeriesAsync(cancellationToken).ConfigureAwait(false);
        if (await EvaluateAlertsAsync(cancellationToken).ConfigureAwait(false) > 0)
        {
            await PublishSeriesAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Evaluates the alerts on the newest readings known (none before the first publish); returns how many notices it made.</summary>
    public async Task<int> EvaluateAlertsAsync(CancellationToken cancellationToken)
    {
        if (Alerts is null || _latest.Count == 0)
        {
            return 0;
        }

        var notices = await Alerts.EvaluateAsync(series => _latest.GetValueOrDefault(series), cancellationToken).ConfigureAwait(false);
        var firing = Alerts.Firing;
        Metrics.Alerts(Alerts.Rules, firing);
        Mqtt?.PublishAlerts(firing);
        return notices.Count;
    }

    /// <summary>Evaluates the alerts every half minute until stopped (offline alerts need no reading to fire); a change redraws the pages.</summary>
    public async Task WatchAlertsAsync(CancellationToken cancellationToken)
    {
        if (Alerts is null)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(30), _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                if (await EvaluateAlertsAsync(cancellationToken).ConfigureAwait(false) > 0)
                {
                    Pipeline.Notify();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    async Task PublishSeriesAsync(CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var parts = new List<string>(_options.Probes.Count);
        var views = new SortedSet<string>(StringComparer.Ordinal);
        var drawn = new List<string>();
        foreach (var probe in _options.Probes)
        {
            var request = new SiteRequest(probe.Series, _options.Titles.Of(probe.Series), _options.TimeZone)
            {
                Interval = _options.Interval,
                Layout = _layout,
                Alerts = [.. Alerts?.Firing.Where(a => a.Series == probe.Series) ?? []],
            };
            var results = await _publisher.PublishDueAsync(Engine, request, ViewSchedule.Local, cancellationToken).ConfigureAwait(false);
            drawn.AddRange(results.Select(r => r.Snapshot.View.Name).Where(n => !drawn.Contains(n)));
            var day = results[0];
            _latest[probe.Series] = day.Snapshot.Latest;
            Metrics.Newest(probe.Series, day.Snapshot.Latest);
            var latest = day.Snapshot.Latest is { } newest
                ? string.Create(CultureInfo.InvariantCulture, $"{newest.Celsius:0.00#} °C at {TimeZoneInfo.ConvertTime(newest.Time, _options.TimeZone):HH:mm}")
                : "none";
            var malformed = day.Malformed > 0 ? string.Create(CultureInfo.InvariantCulture, $", {day.Malformed} malformed objects skipped") : string.Empty;
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{(_layout.HasOverview ? probe.Series + " " : string.Empty)}{day.Snapshot.Readings.Count} readings, latest {latest}{malformed}"));
        }

        Metrics.SiteUpdated(stopwatch.Elapsed);
        _logger.LogInformation("Site updated ({Views}): {Series} in {Elapsed} ms", string.Join(", ", drawn), string.Join("; ", parts), stopwatch.ElapsedMilliseconds);
    }

    /// <summary>Compacts finished days now and then once a day, until stopped; failures are logged, never fatal.</summary>
    public async Task CompactDailyAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                foreach (var series in _layout.Series)
                {
                    var result = await new DuckDbCompactor(Engine, _time).CompactAsync(series, DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime), prune: false, cancellationToken: cancellationToken).ConfigureAwait(false);
                    if (result.Compacted > 0 || result.Months > 0)
                    {
                        _logger.LogInformation("Compacted {Days} finished days of '{Series}' into Parquet files ({Readings} readings) and merged {Months} finished months", result.Compacted, series, result.Readings, result.Months);
                    }
                }

                await Task.Delay(TimeSpan.FromDays(1), _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or DuckDB.NET.Data.DuckDBException)
            {
                _logger.LogError(e, "Compaction failed; the readings stay as they are: {Message}", e.Message);
                try
                {
                    await Task.Delay(TimeSpan.FromHours(1), _time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    void OnObjectCreated(object? sender, ObjectCreated created)
    {
        if (ReadingKey.TryParse(created.Key, out var key) && _layout.Series.Contains(key!.Series))
        {
            Pipeline.Notify();
        }
    }

    public void Dispose()
    {
        Mqtt?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Alerts?.Dispose();
        Bucket.ObjectCreated -= OnObjectCreated;
        Pipeline.Dispose();
        Engine.Dispose();
    }
}
