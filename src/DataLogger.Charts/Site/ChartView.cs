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

    /// <summary>
    /// What the view is compared with, drawn faintly behind it: the 24-hour view with yesterday (a day back), the 7- and
    /// 30-day views with the same days last year (365 days back); null: nothing (the year).
    /// </summary>
    public ViewComparison? Comparison => Name switch
    {
        "24h" => new ViewComparison(TimeSpan.FromDays(1), "today", "yesterday"),
        "7d" or "30d" => new ViewComparison(TimeSpan.FromDays(365), "this year", "last year"),
        _ => null,
    };

    /// <summary>
    /// The readings window a view of every reading queries, ending at <paramref name="end"/>: its own, and the span it
    /// is compared with before it (48 hours for the 24-hour view, one query for both).
    /// </summary>
    public TimeWindow ReadingsWindow(DateTimeOffset end) => TimeWindow.Last(ReadingsLength, end);

    /// <summary>How far back <see cref="ReadingsWindow"/> looks.</summary>
    public TimeSpan ReadingsLength => Length + (Bucket is null && Comparison is { } compare ? compare.Back : TimeSpan.Zero);

    /// <summary>The view's data file (its readings or bands, for the page's script): <c>data-24h.json</c>.</summary>
    public string DataName => SiteFiles.DataOf(Name);

    /// <summary>The view's download: <c>data-24h.csv</c>.</summary>
    public string CsvName => $"data-{Name}.csv";

    /// <summary>The view's notes' download, when it has notes: <c>notes-24h.csv</c>.</summary>
    public string NotesCsvName => $"notes-{Name}.csv";

    /// <summary>The page of the view: <c>index.html</c> for the day, <c>7d.html</c> and so on for the others.</summary>
    public string PageName => this == Day ? SiteFiles.Page : $"{Name}.html";
}

/// <summary>What a view is compared with: the span a step <paramref name="Back"/> earlier, and the legend's names.</summary>
/// <param name="Back">How far back the compared span lies.</param>
/// <param name="Current">The legend's name of the view's own data: <c>today</c>.</param>
/// <param name="Compared">The legend's name of the compared span: <c>yesterday</c>.</param>
public sealed record ViewComparison(TimeSpan Back, string Current, string Compared);
