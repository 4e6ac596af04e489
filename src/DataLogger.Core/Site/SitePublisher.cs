using DataLogger.Ports;
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
