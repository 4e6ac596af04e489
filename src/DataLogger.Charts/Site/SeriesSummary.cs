using DataLogger.Readings;
using DataLogger.Time;

namespace DataLogger.Charts.Site;

/// <summary>
/// What the overview and <c>latest.json</c> show of one series, taken from its 24-hour view when it was last drawn:
/// its newest reading and the window's figures, and where its pages are.
/// </summary>
/// <param name="Series">The series.</param>
/// <param name="Title">The name people know it by.</param>
/// <param name="Folder">Its pages' folder in the site (<see cref="SiteLayout.FolderOf"/>).</param>
/// <param name="Window">The 24-hour window its figures cover.</param>
/// <param name="Count">How many readings the window holds.</param>
/// <param name="MeanCelsius">The window's mean, or null.</param>
/// <param name="Latest">The newest reading, or null.</param>
/// <param name="Min">The coldest reading of the window, or null.</param>
/// <param name="Max">The warmest reading of the window, or null.</param>
/// <param name="GeneratedAt">When its pages were drawn.</param>
/// <param name="Interval">The time between its readings (a newest reading older than three is stale).</param>
/// <param name="Alerts">Its alerts that are firing.</param>
public sealed record SeriesSummary(
    string Series,
    string Title,
    string Folder,
    TimeWindow Window,
    int Count,
    double? MeanCelsius,
    Reading? Latest,
    Reading? Min,
    Reading? Max,
    DateTimeOffset GeneratedAt,
    TimeSpan Interval,
    IReadOnlyList<Alerts.FiringAlert> Alerts)
{
    /// <summary>Its rate and, with a target, when it is reached.</summary>
    public Forecasting.Forecast Forecast { get; init; } = Forecasting.Forecast.Nothing;

    /// <summary>Its records.</summary>
    public Records Records { get; init; } = Records.None;

    /// <summary>A test by hand's last readings, oldest first (none for another series): the overview's table of tests.</summary>
    public IReadOnlyList<Reading> Recent { get; init; } = [];

    /// <summary>What it measures (a temperature unless its station says otherwise).</summary>
    public Quantity Quantity { get; init; } = Quantity.Temperature;

    /// <summary>The summary of a series' 24-hour snapshot.</summary>
    public static SeriesSummary Of(SiteSnapshot day, string folder)
    {
        ArgumentNullException.ThrowIfNull(day);
        return new SeriesSummary(day.Series, day.Title, folder, day.Window, day.Count, day.MeanCelsius, day.Latest, day.Min, day.Max, day.GeneratedAt, day.Interval, day.Alerts)
        {
            Forecast = day.Forecast,
            Records = day.Records,
            Quantity = day.Quantity,
            Recent = day.RecentTests,
        };
    }

    /// <summary>Its 24-hour page, from the top of the site: <c>index.html</c> or <c>pool/index.html</c>.</summary>
    public string Page => Folder + ChartView.Day.PageName;

    /// <summary>How long ago its newest reading was taken at <paramref name="now"/>, when that is more than three intervals; else null.</summary>
    public TimeSpan? SilenceAt(DateTimeOffset now) => Staleness.Silence(Latest?.Time, now, Interval);
}
