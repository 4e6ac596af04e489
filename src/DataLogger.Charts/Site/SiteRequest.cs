namespace DataLogger.Charts.Site;

/// <summary>What to publish: which series, over how long a window, for which display time zone.</summary>
/// <param name="Series">The series to show.</param>
/// <param name="Title">The name shown on the page (see <see cref="Readings.SeriesTitles"/>).</param>
/// <param name="Length">How long the window is, ending now.</param>
/// <param name="TimeZone">The display time zone.</param>
public sealed record SiteRequest(string Series, string Title, TimeSpan Length, TimeZoneInfo TimeZone)
{
    /// <summary>The time between readings: a newest reading older than three of these is reported as stale.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The series' alerts that are firing, for the page's banner and <c>latest.json</c>.</summary>
    public IReadOnlyList<Alerts.FiringAlert> Alerts { get; init; } = [];

    /// <summary>The site's series and where their pages live; null: this series alone.</summary>
    public SiteLayout? Layout { get; init; }
}
