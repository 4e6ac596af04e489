using DataLogger.Ports;
using DataLogger.Readings;
using DataLogger.Time;

namespace DataLogger.Site;

/// <summary>
/// The second half of the flow: query the window, render the site, publish its files. The page is written last,
/// so a reader never sees a page whose chart is not there yet.
/// </summary>
public sealed class SitePublisher(ISiteRenderer renderer, IObjectStore site, TimeProvider? time = null)
{
    readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Queries the window that ends at <paramref name="end"/> (default: now), then renders and publishes it.</summary>
    public async Task<PublishResult> PublishAsync(IQueryEngine engine, SiteRequest request, DateTimeOffset? end = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(request);
        var now = _time.GetUtcNow();
        var window = TimeWindow.Last(request.Length, end ?? now);
        var result = await engine.ReadingsAsync(request.Series, window, cancellationToken).ConfigureAwait(false);
        var snapshot = new SiteSnapshot(request.Series, request.Title, window, result.Readings, request.TimeZone, now);
        return await PublishAsync(snapshot, result.Malformed, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Publishes <paramref name="views"/> (the 24-hour view from every reading, longer ones from bands the engine sums
    /// up), each page linking to all of <paramref name="tabs"/>; returns one result per view.
    /// </summary>
    public async Task<IReadOnlyList<PublishResult>> PublishViewsAsync(
        IQueryEngine engine, SiteRequest request, IReadOnlyList<ChartView> views, IReadOnlyList<ChartView> tabs, DateTimeOffset? end = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(views);
        var now = _time.GetUtcNow();
        var results = new List<PublishResult>(views.Count);
        Reading? newest = null;
        foreach (var view in views.OrderBy(v => v.Length))
        {
            var window = TimeWindow.Last(view.Length, end ?? now);
            SiteSnapshot snapshot;
            var malformed = 0;
            if (view.Bucket is not { } bucket)
            {
                var readings = await engine.ReadingsAsync(request.Series, window, cancellationToken).ConfigureAwait(false);
                malformed = readings.Malformed;
                newest ??= readings.Readings.Count > 0 ? readings.Readings[^1] : null;
                snapshot = new SiteSnapshot(request.Series, request.Title, window, readings.Readings, request.TimeZone, now);
            }
            else
            {
                if (newest is null)
                {
                    var recent = await engine.ReadingsAsync(request.Series, TimeWindow.Last(TimeSpan.FromHours(24), end ?? now), cancellationToken).ConfigureAwait(false);
                    newest = recent.Readings.Count > 0 ? recent.Readings[^1] : null;
                }

                var bands = await engine.BandsAsync(request.Series, window, bucket, cancellationToken).ConfigureAwait(false);
                snapshot = new SiteSnapshot(request.Series, request.Title, window, [], request.TimeZone, now) { Bands = bands, NewestReading = newest };
            }

            results.Add(await PublishAsync(snapshot with { View = view, Views = tabs, Interval = request.Interval }, malformed, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    /// <summary>Renders and publishes a snapshot whose readings are already known.</summary>
    public async Task<PublishResult> PublishAsync(SiteSnapshot snapshot, int malformed = 0, CancellationToken cancellationToken = default)
    {
        var files = renderer.Render(snapshot);
        foreach (var file in files)
        {
            await site.PutAsync(file.Name, file.Body, file.ContentType, cancellationToken).ConfigureAwait(false);
        }

        return new PublishResult(snapshot, files, malformed);
    }
}
