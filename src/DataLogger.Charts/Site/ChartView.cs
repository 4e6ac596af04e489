using DataLogger.Site;
using DataLogger.Time;

namespace DataLogger.Charts.Site;

/// <summary>
/// A view of the site: how far back it looks, and whether it draws every reading (24 h) or bands of min, mean and max
/// per bucket (hourly for a week and a month, daily for a year).
/// </summary>
/// <param name="Name">The view's short name: <c>24h</c>, <c>7d</c>, <c>30d</c>, <c>1y</c>.</param>
/// <param name="Length">How far back the view looks.</param>
/// <param name="Bucket">The band size, or null to draw every reading.</param>
/// <param name="Label">How the page names it: <c>24 hours</c>, <c>7 days</c>.</param>
public sealed record ChartView(string Name, TimeSpan Length, TimeSpan? Bucket, string Label)
{
    /// <summary>The last 24 hours, every reading.</summary>
    public static ChartView Day { get; } = new("24h", TimeSpan.FromHours(24), null, "24 hours");

    /// <summary>The last 7 days, hourly bands.</summary>
    public static ChartView Week { get; } = new("7d", TimeSpan.FromDays(7), TimeSpan.FromHours(1), "7 days");

    /// <summary>The last 30 days, hourly bands.</summary>
    public static ChartView Month { get; } = new("30d", TimeSpan.FromDays(30), TimeSpan.FromHours(1), "30 days");

    /// <summary>The last 365 days, daily bands.</summary>
    public static ChartView Year { get; } = new("1y", TimeSpan.FromDays(365), TimeSpan.FromDays(1), "year");

    /// <summary>All views, shortest first.</summary>
    public static IReadOnlyList<ChartView> All { get; } = [Day, Week, Month, Year];

    /// <summary>
    /// A view of every reading of a window <paramref name="length"/> long: <see cref="Day"/> for 24 hours, else one named
    /// by its length (<c>48h</c> is <c>2d</c>, drawn into <c>2d.html</c>), as <c>datalogger render --last</c> draws.
    /// </summary>
    public static ChartView Readings(TimeSpan length) =>
        length == Day.Length ? Day : new(Durations.Format(length), length, null, Durations.Format(length));

    /// <summary>The page of the view: <c>index.html</c> for the day, <c>7d.html</c> and so on for the others.</summary>
    public string PageName => this == Day ? SiteFiles.Page : $"{Name}.html";
}
