using DataLogger.Alerts;
using DataLogger.Ports;

namespace DataLogger.Charts.Site;

/// <summary>What to publish: which series, for which display time zone, and what the caller already knows.</summary>
/// <param name="Series">The series to show.</param>
/// <param name="Title">The name shown on the page (see <see cref="Readings.SeriesTitles"/>).</param>
/// <param name="TimeZone">The display time zone.</param>
public sealed record SiteRequest(string Series, string Title, TimeZoneInfo TimeZone)
{
    /// <summary>The time between readings: a newest reading older than three of these is reported as stale.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The series' alerts that are firing, for the page's banner and <c>latest.json</c>.</summary>
    public IReadOnlyList<FiringAlert> Alerts { get; init; } = [];

    /// <summary>The site's series and where their pages live; null: this series alone.</summary>
    public SiteLayout? Layout { get; init; }

    /// <summary>When the windows end; null: now.</summary>
    public DateTimeOffset? End { get; init; }

    /// <summary>The 24-hour window's readings when the caller has them already (the render function's query result); null: queried.</summary>
    public ReadingsResult? Day { get; init; }

    /// <summary>The temperature the owner waits for, and the air's series, for the forecast and the records; null: none.</summary>
    public Forecasting.HeatingGoal? Goal { get; init; }

    /// <summary>Whether the records' daily summaries are asked of the engine again (else those kept in the site).</summary>
    public bool RefreshRecords { get; init; }

    /// <summary>What the series measures (its unit, its axis, whether it is a state): a temperature unless the station says otherwise.</summary>
    public Readings.Quantity Quantity { get; init; } = Readings.Quantity.Temperature;

    /// <summary>The station's notes the publisher read for this publish (its own series' and the whole station's are drawn).</summary>
    public IReadOnlyList<Notes.Note> Notes { get; init; } = [];

    /// <summary>The station's states (a heater's relay, a pump's plug) drawn as spans behind a temperature's charts, each with its title.</summary>
    public IReadOnlyList<(string Series, string Title)> States { get; init; } = [];

    /// <summary>
    /// Whether the 24-hour view's answers are worked out (the forecast, the records and the recent tests); false for a
    /// chart alone (<c>render --chart</c>), which draws none of them and must not keep a CSV's days as the site's records.
    /// </summary>
    public bool Answers { get; init; } = true;

    /// <summary>The views each page links to.</summary>
    public IReadOnlyList<ChartView> Tabs { get; init; } = ChartView.All;
}
