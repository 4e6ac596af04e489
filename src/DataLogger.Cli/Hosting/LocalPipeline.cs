using System.Diagnostics;
using DataLogger.Charts.Site;
using DataLogger.Cli.Configuration;
using DataLogger.Pipeline;
using DataLogger.Ports;
using DataLogger.Query.DuckDb;
using DataLogger.Readings;
using DataLogger.Site;
using DataLogger.Storage.Local;
using Microsoft.Extensions.Logging;

namespace DataLogger.Cli.Hosting;

/// <summary>
/// The embedded flow, wired: the local bucket raises "object created" for each reading, the coalescing pipeline
/// queries the window with DuckDB, renders the chart and page, and publishes them into the site folder.
/// </summary>
sealed class LocalPipeline : IDisposable
{
    readonly RunOptions _options;
    readonly SitePublisher _publisher;
    readonly ILogger _logger;

    public LocalPipeline(RunOptions options, ILogger logger, ISiteRenderer? renderer = null)
    {
        _options = options;
        _logger = logger;
        Bucket = new LocalFolderStore(options.Folder.Bucket);
        Site = new LocalFolderStore(options.Folder.Site);
        Engine = new DuckDbQueryEngine(options.Folder.Bucket);
        _publisher = new SitePublisher(renderer ?? new XkcdSiteRenderer(), Site);
        Pipeline = new CoalescingPipeline(PublishAsync, logger: logger);
        Bucket.ObjectCreated += OnObjectCreated;
    }

    public LocalFolderStore Bucket { get; }

    public LocalFolderStore Site { get; }

    public DuckDbQueryEngine Engine { get; }

    public CoalescingPipeline Pipeline { get; }

    /// <summary>The last publish that worked.</summary>
    public PublishResult? Last { get; private set; }

    SiteRequest Request => new(_options.Series, _options.Title, ChartView.Day.Length, _options.TimeZone) { Interval = _options.Interval };

    /// <summary>Stores a reading in the bucket (which notifies the pipeline).</summary>
    public Task StoreAsync(Reading reading) =>
        Bucket.PutAsync(ReadingKey.For(_options.Series, reading).ToString(), ReadingJson.Encode(reading), ReadingJson.ContentType, CancellationToken.None);

    /// <summary>One run: query, render, publish.</summary>
    public async Task PublishAsync(CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var results = await _publisher.PublishDueAsync(Engine, Request, ViewSchedule.Local, cancellationToken: cancellationToken).ConfigureAwait(false);
        var result = results[0];
        Last = result;
        _logger.LogInformation(
            "Site updated ({Views}): {Count} readings, latest {Latest} in {Elapsed} ms{Malformed}",
            string.Join(", ", results.Select(r => r.Snapshot.View.Name)),
            result.Snapshot.Readings.Count,
            result.Snapshot.Latest is { } latest ? FormattableString.Invariant($"{latest.Celsius:0.00#} °C at {TimeZoneInfo.ConvertTime(latest.Time, _options.TimeZone):HH:mm}") : "none",
            stopwatch.ElapsedMilliseconds,
            result.Malformed > 0 ? FormattableString.Invariant($", {result.Malformed} malformed objects skipped") : string.Empty);
    }

    /// <summary>Compacts finished days now and then once a day, until stopped; failures are logged, never fatal.</summary>
    public async Task CompactDailyAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var result = await new DuckDbCompactor(Engine).CompactAsync(_options.Series, DateOnly.FromDateTime(DateTime.UtcNow), prune: false, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (result.Compacted > 0 || result.Months > 0)
                {
                    _logger.LogInformation("Compacted {Days} finished days into Parquet files ({Readings} readings) and merged {Months} finished months", result.Compacted, result.Readings, result.Months);
                }

                await Task.Delay(TimeSpan.FromDays(1), cancellationToken).ConfigureAwait(false);
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
                    await Task.Delay(TimeSpan.FromHours(1), cancellationToken).ConfigureAwait(false);
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
        if (ReadingKey.TryParse(created.Key, out var key) && key!.Series == _options.Series)
        {
            Pipeline.Notify();
        }
    }

    public void Dispose()
    {
        Bucket.ObjectCreated -= OnObjectCreated;
        Pipeline.Dispose();
        Engine.Dispose();
    }
}
