using DataLogger.Alerts;
using DataLogger.Charts.Site;
using DataLogger.Ports;
using DataLogger.Readings;

namespace DataLogger.Functions;

/// <summary>
/// The pool's fault rules on AWS (<see cref="PoolWatch"/>, the same as <c>run</c>'s): after render draws a batch that
/// holds the water, the watch takes the water's readings of the query (its day: what it learns from, where
/// <c>run</c> has a week), the air's and the heater's from the batch or else their day's data file in the site, and
/// the alerts' state machine (<see cref="AlertEvaluator"/>) moves each rule from the state kept in the data bucket
/// (<see cref="StateKey"/>). Each notice is published to the alarms' topic (<see cref="SnsTopic"/>, the e-mail the
/// stack subscribes) before the new state is written: a publish that fails leaves the state as it was, so the next
/// batch tells it again. Glitches are not watched here: a refused read stays on the Pi.
/// </summary>
public sealed class CloudAlerts(WatchSettings watch, IObjectStore data, IObjectStore site, SnsTopic topic, FunctionSettings settings)
{
    /// <summary>Where the rules' state is kept in the data bucket.</summary>
    public const string StateKey = ReadingKey.AlertStateKey;

    /// <summary>The rules watched on AWS: the station's (<see cref="PoolWatch.Rules"/>) but glitches.</summary>
    public IReadOnlyList<AlertRule> Rules { get; } = [.. PoolWatch.Rules(watch).Where(r => r.Kind != AlertKind.Glitches)];

    /// <summary>Runs the rules at <paramref name="now"/> over <paramref name="batch"/>; returns the notices published (none when the batch has no water).</summary>
    public async Task<IReadOnlyList<AlertNotice>> RunAsync(IReadOnlyDictionary<string, ReadingsResult> batch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (!batch.TryGetValue(watch.Water, out var water))
        {
            return [];
        }

        var pool = new PoolWatch(watch, settings.TitleOf, settings.TimeZone);
        foreach (var series in new[] { watch.Air, watch.Heater }.OfType<string>())
        {
            var readings = batch.TryGetValue(series, out var result) ? result.Readings
                : await ViewData.ReadingsAsync(site, settings.Layout.FolderOf(series), cancellationToken).ConfigureAwait(false);
            foreach (var reading in readings)
            {
                pool.Observe(series, reading);
            }
        }

        foreach (var reading in water.Readings)
        {
            pool.Observe(watch.Water, reading);
        }

        var findings = pool.Findings(now);
        var book = await data.GetAsync(StateKey, cancellationToken).ConfigureAwait(false) is { } stored ? AlertBook.Decode(stored) : AlertBook.Empty;
        var (after, notices) = AlertEvaluator.Evaluate(Rules, book, _ => null, settings.TitleOf, now, settings.TimeZone, rule => findings.GetValueOrDefault(rule.Kind));
        foreach (var notice in notices)
        {
            await topic.PublishAsync(notice, cancellationToken).ConfigureAwait(false);
        }

        if (!ReferenceEquals(after, book))
        {
            await data.PutAsync(StateKey, after.Encode(), ReadingJson.ContentType, cancellationToken).ConfigureAwait(false);
        }

        return notices;
    }
}
