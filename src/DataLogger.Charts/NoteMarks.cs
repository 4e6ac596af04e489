using DataLogger.Charts.Drawing;
using DataLogger.Notes;
using SkiaSharp;

namespace DataLogger.Charts;

/// <summary>
/// Where a chart's notes go: each note is numbered in time order (the page lists them under the chart by those numbers,
/// and a tap shows one); a moment is a dashed wobbly line across the plot, a span a faint hatched band behind the data;
/// each label is hand-lettered beside its line where it collides neither with the curve nor with another label, or
/// else the note is drawn as its number in a circle; a chart with more notes than it can letter (a year's) has their
/// lines alone, and the page lists them under it.
/// </summary>
public static class NoteMarks
{
    /// <summary>The longest label drawn on the chart; a longer text ends in an ellipsis there (whole on the page).</summary>
    public const int LabelLength = 24;

    /// <summary>The most notes a chart letters or numbers: one per 25 pixels of its plot's width (40 on the wide chart, 22 on a phone's).</summary>
    public static bool Crowded(int notes, float plotWidth) => notes > plotWidth / 25;

    /// <summary>The notes <paramref name="notes"/> a chart of <paramref name="window"/> shows, numbered from 1 in time order.</summary>
    public static IReadOnlyList<(int Number, Note Note)> Numbered(IEnumerable<Note> notes, Time.TimeWindow window) =>
        [.. notes.Where(n => n.FallsIn(window)).OrderBy(n => n.Timestamp).ThenBy(n => n.Text, StringComparer.Ordinal).Select((n, i) => (i + 1, n))];

    /// <summary>A note's label on the chart: its text, shortened to <see cref="LabelLength"/> characters (three dots: Humor Sans has no ellipsis).</summary>
    public static string Label(Note note)
    {
        ArgumentNullException.ThrowIfNull(note);
        return note.Text.Length <= LabelLength ? note.Text : note.Text[..(LabelLength - 3)].TrimEnd() + "...";
    }

    /// <summary>One note's place: its line's x, its label's box (or its number's circle) and whether the label fit.</summary>
    internal readonly record struct Place(int Number, Note Note, float X, float? EndX, SKRect Box, bool Labelled);

    /// <summary>
    /// Lays the labels out: for each note in time order, the first box beside its line (right, then left; rows down
    /// from the top of the plot, then up from its bottom) that stays in the plot and clear of <paramref name="curve"/>
    /// (the line's points), of <paramref name="legend"/> and of the labels placed before it; else its number.
    /// </summary>
    internal static IReadOnlyList<Place> Layout(IReadOnlyList<(int Number, Note Note)> notes, SKRect plot, Func<DateTimeOffset, float> x, IReadOnlyList<SKPoint> curve, SKRect? legend, HandText text)
    {
        // The curve by x, so a box is checked against the points under it only (a year's view: a hundred notes, a thousand points).
        var byX = curve.OrderBy(p => p.X).ToArray();
        var placed = new List<SKRect>();
        var places = new List<Place>(notes.Count);
        var row = text.CapHeight * 1.9f;
        var rows = Math.Max(1, (int)((plot.Height - 8) / row / 2));
        foreach (var (number, note) in notes)
        {
            var at = Math.Clamp(x(note.Time), plot.Left, plot.Right);
            float? end = note.EndTime is { } until ? Math.Clamp(x(until), plot.Left, plot.Right) : null;
            var width = text.Measure(Label(note)) + 8;
            var box = Candidates(at, width, row, rows, plot).FirstOrDefault(b => Fits(b, plot, byX, legend, placed));
            if (box.IsEmpty)
            {
                var r = row * 0.45f;
                var circle = new[] { plot.Top + 4, plot.Bottom - 4 - (2 * r) }.SelectMany(top => new[] { SKRect.Create(at - r, top, 2 * r, 2 * r) })
                    .FirstOrDefault(c => !placed.Any(p => p.IntersectsWith(c)) && legend?.IntersectsWith(c) != true, SKRect.Create(at - r, plot.Bottom - 4 - (2 * r), 2 * r, 2 * r));
                placed.Add(circle);
                places.Add(new Place(number, note, at, end, circle, Labelled: false));
                continue;
            }

            placed.Add(box);
            places.Add(new Place(number, note, at, end, box, Labelled: true));
        }

        return places;
    }

    static IEnumerable<SKRect> Candidates(float x, float width, float row, int rows, SKRect plot)
    {
        for (var i = 0; i < rows; i++)
        {
            foreach (var top in new[] { plot.Top + 4 + (i * row), plot.Bottom - 4 - ((i + 1) * row) })
            {
                yield return SKRect.Create(x + 3, top, width, row);
                yield return SKRect.Create(x - 3 - width, top, width, row);
            }
        }
    }

    static bool Fits(SKRect box, SKRect plot, SKPoint[] byX, SKRect? legend, List<SKRect> placed)
    {
        if (!plot.Contains(box) || (legend is { } l && l.IntersectsWith(box)) || placed.Any(p => p.IntersectsWith(box)))
        {
            return false;
        }

        // The points under the box and one either side (a segment from outside may cross it).
        var clear = SKRect.Inflate(box, 5, 5);
        var first = Array.BinarySearch(byX, new SKPoint(clear.Left, float.MinValue), ByX.Instance);
        first = Math.Max(0, (first < 0 ? ~first : first) - 1);
        for (var i = first; i < byX.Length && byX[Math.Max(0, i - 1)].X <= clear.Right; i++)
        {
            if (clear.Contains(byX[i]) || (i > 0 && Crosses(clear, byX[i - 1], byX[i])))
            {
                return false;
            }
        }

        return true;
    }

    sealed class ByX : IComparer<SKPoint>
    {
        public static ByX Instance { get; } = new();

        public int Compare(SKPoint a, SKPoint b) => a.X.CompareTo(b.X);
    }

    // Whether the segment a-b passes through r (a gap between two points far apart).
    static bool Crosses(SKRect r, SKPoint a, SKPoint b)
    {
        if (Math.Max(a.X, b.X) < r.Left || Math.Min(a.X, b.X) > r.Right)
        {
            return false;
        }

        for (var t = 0.1f; t < 1; t += 0.1f)
        {
            if (r.Contains(a.X + ((b.X - a.X) * t), a.Y + ((b.Y - a.Y) * t)))
            {
                return true;
            }
        }

        return false;
    }
}
