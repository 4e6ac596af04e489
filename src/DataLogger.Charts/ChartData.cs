using DataLogger.Readings;
using DataLogger.Time;

namespace DataLogger.Charts;

/// <summary>What a chart shows.</summary>
/// <param name="Title">The title above the chart, for example <c>Pool temperature - last 24 h</c>.</param>
/// <param name="Window">The time span of the x axis.</param>
/// <param name="Readings">The readings, ordered by time.</param>
/// <param name="TimeZone">The time zone of the time axis.</param>
public sealed record ChartData(string Title, TimeWindow Window, IReadOnlyList<Reading> Readings, TimeZoneInfo TimeZone)
{
    /// <summary>What the readings measure: a temperature draws °C on the left and °F on the right, another quantity its unit on the left, a state shaded spans.</summary>
    public Quantity Quantity { get; init; } = Quantity.Temperature;

    /// <summary>Min, mean and max per bucket: when there are any, the chart draws them (a band and its mean line) instead of the readings.</summary>
    public IReadOnlyList<ReadingBand> Bands { get; init; } = [];

    /// <summary>Readings to compare with, already moved into the window (yesterday's, a day later): a faint line behind.</summary>
    public IReadOnlyList<Reading> Compare { get; init; } = [];

    /// <summary>Bands to compare with, already moved into the window (the same days last year): their mean as a faint line behind.</summary>
    public IReadOnlyList<ReadingBand> CompareBands { get; init; } = [];

    /// <summary>The legend's names for the data and what it is compared with (<c>today</c>, <c>yesterday</c>); drawn when there is something to compare.</summary>
    public (string Current, string Compare) Legend { get; init; } = ("now", "before");

    /// <summary>The newest reading, marked with a dot (by default the last of <see cref="Readings"/>).</summary>
    public Reading? Newest { get; init; }

    /// <summary>The station's notes (what happened: a moment or a span); those in <see cref="Window"/> are drawn, numbered (<see cref="NoteMarks"/>).</summary>
    public IReadOnlyList<Notes.Note> Notes { get; init; } = [];

    /// <summary>The station's states' spans, shaded behind the data (a heater's hours on).</summary>
    public IReadOnlyList<StateSpan> StateSpans { get; init; } = [];

    /// <summary>What the comparison's line goes through: the compared bands' means, else the compared readings.</summary>
    public IReadOnlyList<Reading> CompareLine => CompareBands.Count > 0 ? [.. CompareBands.Select(b => Reading.Stored(b.Start, b.Mean, Quantity.Unit))] : Compare;

    /// <summary>
    /// Whether a comparison is drawn: a line of at least two points without a gap (a lone reading of yesterday draws
    /// nothing, so the legend does not name it).
    /// </summary>
    public bool HasCompare => (Compare.Count > 1 || CompareBands.Count > 1) && ReadingRuns.Split(CompareLine).Any(run => run.Length > 1);
}
