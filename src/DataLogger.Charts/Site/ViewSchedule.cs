namespace DataLogger.Charts.Site;

/// <summary>
/// How often each view is redrawn, and so which are due now given when each was last drawn (<see cref="ViewState"/>):
/// the 24-hour view on every new reading, the longer views' bands less often. The host keeps the state between runs.
/// </summary>
public sealed class ViewSchedule
{
    readonly Dictionary<ChartView, TimeSpan> _refresh;

    /// <summary>Creates a schedule; a view it does not name is never due.</summary>
    public ViewSchedule(IReadOnlyDictionary<ChartView, TimeSpan> refresh)
    {
        ArgumentNullException.ThrowIfNull(refresh);
        _refresh = refresh.ToDictionary();
    }

    /// <summary>Every view at once: what a new note asks for (it may fall in any view's window).</summary>
    public static ViewSchedule Every { get; } = new(ChartView.All.ToDictionary(view => view, _ => TimeSpan.Zero));

    /// <summary>
    /// One machine (<c>datalogger run</c>): the week and month every 15 minutes, the year every hour. A query is a few
    /// tens of milliseconds of DuckDB, so the page is never more than a quarter of an hour behind.
    /// </summary>
    public static ViewSchedule Local { get; } = new(new Dictionary<ChartView, TimeSpan>
    {
        [ChartView.Day] = TimeSpan.Zero,
        [ChartView.Week] = TimeSpan.FromMinutes(15),
        [ChartView.Month] = TimeSpan.FromMinutes(15),
        [ChartView.Year] = TimeSpan.FromHours(1),
    });

    /// <summary>
    /// AWS: each longer view's query reads every object of its window (Athena bills the GETs), so the week and month
    /// are redrawn daily and the year weekly, which keeps them under $0.35 a month for one sensor.
    /// </summary>
    public static ViewSchedule Cloud { get; } = new(new Dictionary<ChartView, TimeSpan>
    {
        [ChartView.Day] = TimeSpan.Zero,
        [ChartView.Week] = TimeSpan.FromDays(1),
        [ChartView.Month] = TimeSpan.FromDays(1),
        [ChartView.Year] = TimeSpan.FromDays(7),
    });

    /// <summary>How often <paramref name="view"/> is redrawn, or null when this schedule never draws it.</summary>
    public TimeSpan? RefreshOf(ChartView view) => _refresh.TryGetValue(view, out var period) ? period : null;

    /// <summary>
    /// The views of <paramref name="series"/> to draw at <paramref name="now"/>, shortest first: those never drawn,
    /// and those drawn at least their refresh period ago (a record from the future, such as after a clock was set
    /// back, counts as due).
    /// </summary>
    public IReadOnlyList<ChartView> Due(ViewState state, string series, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        return [.. ChartView.All.Where(view => RefreshOf(view) is { } period
            && (state.DrawnAt(series, view) is not { } at || now - at >= period || at > now))];
    }
}
