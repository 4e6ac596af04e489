using DataLogger.Readings;
using DataLogger.Time;

namespace DataLogger.Charts.Site;

/// <summary>Everything the published site shows, as of one moment: the readings of a window and how to present them.</summary>
/// <param name="Series">The series the readings belong to.</param>
/// <param name="Title">The name people know the series by, for example <c>Pool</c>; shown as the page's heading.</param>
/// <param name="Window">The time window the readings were queried for.</param>
/// <param name="Readings">The readings of the window, ordered by time.</param>
/// <param name="TimeZone">The display time zone.</param>
/// <param name="GeneratedAt">When the snapshot was taken.</param>
public sealed record SiteSnapshot(
    string Series,
    string Title,
    TimeWindow Window,
    IReadOnlyList<Reading> Readings,
    TimeZoneInfo TimeZone,
    DateTimeOffset GeneratedAt)
{
    /// <summary>
    /// When the data starts, when that is well inside the window (a tenth of it or more after its start: a new
    /// station, a history backfilled for a day seen on the week's view); null when the data fills the window.
    /// </summary>
    public DateTimeOffset? DataStarts =>
        (Bands.Count > 0 ? Bands[0].Start : Readings.Count > 0 ? Readings[0].Timestamp : (long?)null) is { } first
        && DateTimeOffset.FromUnixTimeSeconds(first) - Window.Start > Window.Length / 10
            ? DateTimeOffset.FromUnixTimeSeconds(first)
            : null;

    /// <summary>The view this snapshot is drawn as (its page, its chart); the 24-hour view by default.</summary>
    public ChartView View { get; init; } = ChartView.Day;

    /// <summary>The views the page links to (tabs); only this one by default.</summary>
    public IReadOnlyList<ChartView> Views { get; init; } = [ChartView.Day];

    /// <summary>The bands of a longer view (min, mean, max per hour or day); empty for the 24-hour view.</summary>
    public IReadOnlyList<ReadingBand> Bands { get; init; } = [];

    /// <summary>What the view is compared with (<see cref="ChartView.Comparison"/>): yesterday's readings, moved a day later into the window.</summary>
    public IReadOnlyList<Reading> Compare { get; init; } = [];

    /// <summary>The same days last year's bands, moved a year later into the window.</summary>
    public IReadOnlyList<ReadingBand> CompareBands { get; init; } = [];

    /// <summary>The rate and, with a target, when it is reached (the 24-hour view's; nothing for the others).</summary>
    public Forecasting.Forecast Forecast { get; init; } = Forecasting.Forecast.Nothing;

    /// <summary>The records (the 24-hour view's; none for the others).</summary>
    public Records Records { get; init; } = Records.None;

    /// <summary>The time between readings: a newest reading older than three of these is reported as stale.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The series' alerts that are firing (a banner on the page).</summary>
    public IReadOnlyList<Alerts.FiringAlert> Alerts { get; init; } = [];

    /// <summary>The site's series and where their pages live (this series alone by default).</summary>
    public SiteLayout Layout
    {
        get => _layout ??= SiteLayout.Of(Series);
        init => _layout = value;
    }

    SiteLayout? _layout;

    /// <summary>The folder of this series' pages in the site: empty, or <c>pool/</c> beside other series.</summary>
    public string Folder => Layout.FolderOf(Series);

    /// <summary>How this series' pages reach the top of the site (the fonts, <c>latest.json</c>, the overview): empty or <c>../</c>.</summary>
    public string ToTop => Layout.ToTopFrom(Series);

    /// <summary>The station's states' spans behind the chart (a temperature's), and each state's changes in the window (a day's).</summary>
    public IReadOnlyList<StateSpan> StateSpans { get; init; } = [];

    /// <summary>Each state's changes in the window, by its title (the day's view): what the page lists under the chart.</summary>
    public IReadOnlyList<(string Title, IReadOnlyList<(long Time, bool On)> Changes)> StateChanges { get; init; } = [];

    /// <summary>A test by hand's last readings (up to <see cref="SitePublisher.RecentTestCount"/>, within 90 days), oldest first: the overview's table of tests.</summary>
    public IReadOnlyList<Reading> RecentTests { get; init; } = [];

    /// <summary>The notes the view shows: its series' and the whole station's that fall in its window, oldest first.</summary>
    public IReadOnlyList<Notes.Note> Notes { get; init; } = [];

    /// <summary>The notes numbered as the chart and the page number them (<see cref="NoteMarks.Numbered"/>).</summary>
    public IReadOnlyList<(int Number, Notes.Note Note)> NumberedNotes => NoteMarks.Numbered(Notes, Window);

    /// <summary>The newest reading when it is known apart from <see cref="Readings"/> (a band view's page).</summary>
    public Reading? NewestReading { get; init; }

    /// <summary>What the series measures.</summary>
    public Quantity Quantity { get; init; } = Quantity.Temperature;

    /// <summary>The newest reading, or null when there is none.</summary>
    public Reading? Latest => NewestReading ?? (Readings.Count == 0 ? null : Readings[^1]);

    /// <summary>How long ago the newest reading was taken, when that is more than three intervals; else null.</summary>
    public TimeSpan? Silence => Staleness.Silence(Latest?.Time, GeneratedAt, Interval);

    /// <summary>The coldest reading of the window (the first, when several tie), or null.</summary>
    public Reading? Min => Bands.Count > 0
        ? Bands.MinBy(b => b.Min) is { } low ? Reading.Stored(low.Start, low.Min, Quantity.Unit) : null
        : Readings.Count == 0 ? null : Readings.MinBy(r => r.Celsius);

    /// <summary>The warmest reading of the window (the first, when several tie), or null.</summary>
    public Reading? Max => Bands.Count > 0
        ? Bands.MaxBy(b => b.Max) is { } high ? Reading.Stored(high.Start, high.Max, Quantity.Unit) : null
        : Readings.Count == 0 ? null : Readings.MaxBy(r => r.Celsius);

    /// <summary>The mean of the window in °C, rounded to 0.01, or null.</summary>
    public double? MeanCelsius => Bands.Count > 0
        ? Math.Round(Bands.Sum(b => b.Mean * b.Count) / Bands.Sum(b => b.Count), 2, MidpointRounding.AwayFromZero)
        : Readings.Count == 0 ? null : Math.Round(Readings.Average(r => r.Celsius), 2, MidpointRounding.AwayFromZero);

    /// <summary>How many readings the window holds.</summary>
    public int Count => Bands.Count > 0 ? Bands.Sum(b => b.Count) : Readings.Count;
}
