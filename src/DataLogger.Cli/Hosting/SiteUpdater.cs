using System.Diagnostics;
using System.Globalization;
using DataLogger.Alerts;
using DataLogger.Charts.Site;
using DataLogger.Cli.Configuration;
using DataLogger.Ports;
using DataLogger.Readings;
using Microsoft.Extensions.Logging;

namespace DataLogger.Cli.Hosting;

/// <summary>
/// The second half of <c>run</c>'s flow: for each series, query, render and publish the views that are due into the
/// site folder, keep each series' newest reading (for the alerts and <c>/metrics</c>), and say so in one log line.
/// </summary>
sealed class SiteUpdater(RunSettings options, IQueryEngine engine, SitePublisher publisher, RunMetrics metrics, ILogger logger)
{
    readonly Dictionary<string, Reading?> _latest = new(StringComparer.Ordinal);
    readonly Dictionary<string, Forecasting.Forecast> _forecasts = new(StringComparer.Ordinal);

    /// <summary>Whether every series has been published at least once.</summary>
    public bool HasPublished => _latest.Count > 0;

    /// <summary>Each series' forecast as the last update drew it.</summary>
    public IReadOnlyDictionary<string, Forecasting.Forecast> Forecasts => _forecasts;

    /// <summary>The newest reading of <paramref name="series"/> the last update found, or null.</summary>
    public Reading? Latest(string series) => _latest.GetValueOrDefault(series);

    int _everyView;

    /// <summary>Has the next update draw every view, not only those due (a note may fall in any of them).</summary>
    public void DrawEveryViewNext() => Interlocked.Exchange(ref _everyView, 1);

    /// <summary>Publishes every series' due views, with its firing alerts in the banner.</summary>
    public async Task PublishAsync(IReadOnlyList<FiringAlert> firing, CancellationToken cancellationToken)
    {
        var schedule = Interlocked.Exchange(ref _everyView, 0) == 1 ? ViewSchedule.Every : ViewSchedule.Local;
        var stopwatch = Stopwatch.StartNew();
        var parts = new List<string>(options.Layout.Series.Count);
        var drawn = new List<string>();
        // The air first: another series' forecast reads its newest readings from the site. One publish for them all:
        // the files they share (latest.json, the overview, the record of the views drawn) written once.
        // The states first too: a temperature's charts draw their hours on behind them, from their data files.
        var states = options.Layout.Series.Where(s => options.Station.QuantityOf(s).IsState).Select(s => (s, options.Titles.Of(s))).ToList();
        var requests = options.Layout.Series.OrderBy(s => options.Goals.Values.Any(g => g.Ambient == s) || options.Station.QuantityOf(s).IsState ? 0 : 1).Select(series => new SiteRequest(series, options.Titles.Of(series), options.TimeZone)
        {
            States = states,
            Goal = options.Goals.GetValueOrDefault(series),
            Quantity = options.Station.QuantityOf(series),
            Interval = options.Station.IsSparse(series) ? TimeSpan.Zero : options.Interval,
            Layout = options.Layout,
            Alerts = [.. firing.Where(a => a.Series == series)],
        }).ToList();
        foreach (var results in await publisher.PublishDueAsync(engine, requests, schedule, cancellationToken).ConfigureAwait(false))
        {
            var day = results[0];
            var series = day.Snapshot.Series;
            drawn.AddRange(results.Select(r => r.Snapshot.View.Name).Where(n => !drawn.Contains(n)));
            _latest[series] = day.Snapshot.Latest;
            _forecasts[series] = day.Snapshot.Forecast;
            metrics.Newest(series, day.Snapshot.Latest);
            parts.Add(Summary(series, day));
        }

        metrics.SiteUpdated(stopwatch.Elapsed);
        logger.LogInformation("Site updated ({Views}): {Series} in {Elapsed} ms", string.Join(", ", drawn), string.Join("; ", parts), stopwatch.ElapsedMilliseconds);
    }

    // "289 readings, latest 21.35 °C at 12:31", with the series first when the site shows several.
    string Summary(string series, PublishResult day)
    {
        var latest = day.Snapshot.Latest is { } newest
            ? string.Create(CultureInfo.InvariantCulture, $"{(newest.IsTemperature ? newest.Celsius.ToString("0.00#", CultureInfo.InvariantCulture) + " °C" : options.Station.QuantityOf(series).Format(newest.Value))} at {TimeZoneInfo.ConvertTime(newest.Time, options.TimeZone):HH:mm}")
            : "none";
        var malformed = day.Malformed > 0 ? string.Create(CultureInfo.InvariantCulture, $", {day.Malformed} malformed objects skipped") : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"{(options.Layout.HasOverview ? series + " " : string.Empty)}{day.Snapshot.Readings.Count} readings, latest {latest}{malformed}");
    }
}
