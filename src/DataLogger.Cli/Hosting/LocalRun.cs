using DataLogger.Alerts;
using DataLogger.Alerts.Channels;
using DataLogger.Charts.Site;
using DataLogger.Cli.Common.Settings;
using DataLogger.Cli.Configuration;
using DataLogger.Device.Clock;
using DataLogger.Device.Sampling;
using DataLogger.Mqtt;
using DataLogger.Notes;
using DataLogger.Query.DuckDb;
using DataLogger.Readings;
using DataLogger.Storage.Local;
using Microsoft.Extensions.Logging;

namespace DataLogger.Cli.Hosting;

/// <summary>
/// <c>run</c>'s flow, wired: the probes' samplers (the agent's own) store each reading in the local bucket, tell MQTT
/// and <c>/metrics</c>, and ask the site for an update (<see cref="Updates"/>, which gathers a burst into one); an
/// update publishes every series (<see cref="SiteUpdater"/>), then evaluates the alerts (<see cref="AlertWatch"/>), and
/// when one fired or resolved publishes again so the banner is current.
/// </summary>
sealed class LocalRun : IDisposable
{
    // The notices' HTTP client: one for the process, with a timeout so a channel that hangs is a retry, not a stall.
    static readonly HttpClient NoticeHttp = new() { Timeout = TimeSpan.FromSeconds(15) };

    readonly RunSettings _options;
    readonly SiteUpdater _site;
    readonly ReadingWriter _writer;

    // Held by each site update's queries and by each series' compaction: compaction removes the JSON objects it merged,
    // which a query that listed them a moment before would then fail to open.
    readonly SemaphoreSlim _bucketReaders = new(1, 1);

    public LocalRun(RunSettings options, ILogger logger, ISiteRenderer? renderer = null, RunMetrics? metrics = null, bool once = false, TimeProvider? time = null)
    {
        _options = options;
        var clock = time ?? TimeProvider.System;
        Bucket = new LocalFolderStore(options.Folder.Bucket);
        _writer = new ReadingWriter(Bucket, logger);
        Held = new HeldReadings((series, reading) => _writer.StoreAsync(series, reading, CancellationToken.None), logger);
        var site = new LocalFolderStore(options.Folder.Site);

        // The service sweeps what killed writers left (a walk of the whole folder: a year is 105,000 files, 0.3 s cold
        // here); a cron run (--once) leaves it to the service, as leftovers are never read.
        if (!once && Bucket.RemoveLeftovers() + site.RemoveLeftovers() is > 0 and var leftovers)
        {
            logger.LogInformation("Removed {Count} half-written files a stopped writer left in {Folder}", leftovers, options.Folder.Root);
        }

        Engine = new DuckDbQueryEngine(options.Folder.Bucket);
        Metrics = metrics ?? new RunMetrics(options.Station, options.Alerts.Rules);
        Mqtt = MqttPublishing.Start(options.Mqtt, options.Probes, options.Titles, options.Interval, series => [.. options.Alerts.Rules.Where(r => r.Series == series).Select(r => r.Name)], logger, once, series => options.Goals.GetValueOrDefault(series)?.Target,
            [.. options.Layout.Series.Except(options.Probes.Select(p => p.Series))], options.Station);
        if (options.Alerts.Rules.Count > 0)
        {
            var monitor = new AlertMonitor(
                options.Alerts.Rules, [.. options.Alerts.Notify.Select(url => ChannelUrls.Parse(url, NoticeHttp))], options.Folder.State, options.Folder.Outbox,
                options.Titles.Of, options.TimeZone, logger, clock, options.Alerts.Quiet);
            Alerts = new AlertWatch(monitor, Metrics, Mqtt, clock)
            {
                Pool = options.Alerts.Watch is { } watch ? new PoolWatch(watch, options.Titles.Of, options.TimeZone) : null,
                History = async (series, token) => (await Engine.ReadingsAsync(series, Time.TimeWindow.Last(TimeSpan.FromDays(7), clock.GetUtcNow()), token).ConfigureAwait(false)).Readings,
            };
        }

        // The pages' "Add a note" form posts to run's own api/notes, where a device (a phone) may post.
        var siteOptions = new SiteOptions { NotesAction = options.Ingest.Devices.Count > 0 ? NoteRequest.Path.TrimStart('/') : null };
        var publisher = new SitePublisher(renderer ?? new XkcdSiteRenderer(siteOptions), site, clock) { Notes = new NoteBook(Bucket) };
        _site = new SiteUpdater(options, Engine, publisher, Metrics, logger);
        Updates = new CoalescingPipeline(PublishAsync, logger: logger);
        Samplers = new ProbeSamplers(
            options.Probes, options.Interval, StoreAsync, clock, logger, (series, e) =>
            {
                Metrics.FailedRead(series, e.Reason);
                Alerts?.Refused(series, e.Reason);
            }, ClockCheck.For(options.Clock, options.Probes, clock, logger));
        Compaction = new CompactionLoop(new LocalCompaction(Bucket, Engine, clock), options.Layout.Series, logger, clock, _bucketReaders);
    }

    /// <summary>The alerts, when any are set.</summary>
    public AlertWatch? Alerts { get; }

    /// <summary>The readings' MQTT publisher, when a broker is set.</summary>
    public MqttPublisher? Mqtt { get; }

    /// <summary>What <c>/metrics</c> serves.</summary>
    public RunMetrics Metrics { get; }

    /// <summary>The local bucket.</summary>
    public LocalFolderStore Bucket { get; }

    /// <summary>The query engine over the bucket.</summary>
    public DuckDbQueryEngine Engine { get; }

    /// <summary>The site's updates: asked for by each stored reading, a burst gathered into one.</summary>
    public CoalescingPipeline Updates { get; }

    /// <summary>Every probe's sampler, each reading stored by <see cref="StoreAsync"/>.</summary>
    public ProbeSamplers Samplers { get; }

    /// <summary>The hourly compaction of the bucket.</summary>
    public CompactionLoop Compaction { get; }

    /// <summary>The site's top page: the one series' page, or the overview of several.</summary>
    public string Page => Path.Join(_options.Folder.Site, ChartView.Day.PageName);

    /// <summary>The readings the data folder would not take, waiting in memory.</summary>
    public HeldReadings Held { get; }

    /// <summary>
    /// Stores a reading of <paramref name="series"/> in the bucket (never over a different one: <see cref="ReadingWriter"/>),
    /// tells MQTT and the metrics, and asks for a site update. While the data folder takes nothing, the reading waits in
    /// memory (<see cref="Held"/>) and is stored with the next one it takes: for readings no one can send again (a
    /// probe's, an MQTT message's).
    /// </summary>
    public async Task StoreAsync(string series, Reading reading)
    {
        foreach (var (stored, taken) in await Held.StoreAsync(series, reading).ConfigureAwait(false))
        {
            Stored(stored, taken);
        }
    }

    /// <summary>
    /// Stores the readings of one device's request (several at once: each is its own fsync'd file), tells MQTT and the
    /// metrics of each, and asks for one site update when all are stored (one request, one update). While the data
    /// folder takes nothing it throws (the device is answered 503 and sends them again), after storing any reading held
    /// before; the readings stored meanwhile are there when they come again.
    /// </summary>
    public async Task StoreSentAsync(IReadOnlyList<(string Series, Reading Reading)> readings)
    {
        ArgumentNullException.ThrowIfNull(readings);
        foreach (var (series, reading) in await Held.RetryAsync().ConfigureAwait(false))
        {
            Stored(series, reading, notify: false);
        }

        try
        {
            await Parallel.ForEachAsync(readings, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (each, token) =>
            {
                await _writer.StoreAsync(each.Series, each.Reading, CancellationToken.None).ConfigureAwait(false);
                Stored(each.Series, each.Reading, notify: false);
            }).ConfigureAwait(false);
        }
        finally
        {
            Updates.Notify();
        }
    }

    /// <summary>Adds a note to the station's (<see cref="NoteBook"/>) and asks for a site update of every view; false when it was there already.</summary>
    public async Task<bool> NoteAsync(Note note)
    {
        var added = await new NoteBook(Bucket).AddAsync(note).ConfigureAwait(false);
        _site.DrawEveryViewNext(); // a note may fall in the week's, the month's or the year's window
        Updates.Notify();
        return added;
    }

    void Stored(string series, Reading reading, bool notify = true)
    {
        Metrics.Taken(series, reading);
        Mqtt?.Publish(series, reading);
        if (notify)
        {
            Updates.Notify();
        }
    }

    /// <summary>
    /// One update: for each series, query, render and publish the views that are due; then the alerts are evaluated on
    /// the newest readings, and when one fired or resolved the pages are drawn again, so their banner is current.
    /// </summary>
    public async Task PublishAsync(CancellationToken cancellationToken)
    {
        await PublishSiteAsync(Alerts?.Firing ?? [], cancellationToken).ConfigureAwait(false);
        foreach (var (series, forecast) in _site.Forecasts)
        {
            Mqtt?.PublishForecast(series, forecast);
        }

        if (await EvaluateAlertsAsync(cancellationToken).ConfigureAwait(false) > 0)
        {
            await PublishSiteAsync(Alerts!.Firing, cancellationToken).ConfigureAwait(false);
        }

        NativeHeap.Trim();
    }

    async Task PublishSiteAsync(IReadOnlyList<FiringAlert> firing, CancellationToken cancellationToken)
    {
        await _bucketReaders.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _site.PublishAsync(firing, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _bucketReaders.Release();
        }
    }

    /// <summary>Evaluates the alerts every half minute until stopped; a change asks for a site update.</summary>
    public Task WatchAlertsAsync(CancellationToken cancellationToken) =>
        Alerts?.WatchAsync(EvaluateAlertsAsync, Updates.Notify, cancellationToken) ?? Task.CompletedTask;

    // The alerts on the newest readings known (none before the first update); how many notices they made.
    Task<int> EvaluateAlertsAsync(CancellationToken cancellationToken) =>
        Alerts is null || !_site.HasPublished ? Task.FromResult(0) : Alerts.EvaluateAsync(series => series == Chemistry.WaterBalance.Series ? Balance() : _site.Latest(series), cancellationToken);

    // The water's balance as a reading of its own (alerts.balance watches it): the index of the newest tests and the
    // water now, as the overview shows it, stamped with the newest of them; null without them.
    Reading? Balance()
    {
        var station = _options.Station;
        Reading? Newest(Quantity quantity) => station.Series.Where(s => station.QuantityOf(s) == quantity).Select(_site.Latest).OfType<Reading>().MaxBy(r => r.Timestamp);
        var water = station.Temperatures.Select(_site.Latest).FirstOrDefault(r => r is not null);
        return Chemistry.WaterBalance.Of(Newest, water) is ({ } csi, var tests)
            ? Reading.Stored(Math.Max(tests.Max(t => t.Reading.Timestamp), water!.Timestamp), Math.Round(csi, 2), Chemistry.WaterBalance.Quantity.Unit)
            : null;
    }

    public void Dispose()
    {
        Mqtt?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Alerts?.Monitor.Dispose();
        Updates.Dispose();
        Engine.Dispose();
        _bucketReaders.Dispose();
        Held.Dispose();
    }
}
