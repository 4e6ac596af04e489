using DataLogger.Charts.Drawing;
using DataLogger.Readings;
using DataLogger.Time;
using SkiaSharp;

namespace DataLogger.Charts;

/// <summary>
/// Draws readings as a hand-drawn chart in matplotlib's <c>plt.xkcd()</c> look: Humor Sans, wobbly lines (a port of
/// matplotlib's sketch filter), a white halo under the data line, thick outward ticks, no grid, °C on the left and
/// °F on the right, the time axis in the display time zone with round-hour ticks.
/// </summary>
public static class XkcdChart
{
    // matplotlib draws at 100 dpi for a 10x5 inch figure, and sizes its xkcd style in points.
    const float PixelsPerPoint = 100f / 72f;
    const float FontSize = 14 * PixelsPerPoint;
    const float TitleSize = 16.8f * PixelsPerPoint;
    const float TickLength = 8 * PixelsPerPoint;
    const float TickWidth = 3 * PixelsPerPoint;
    const float SpineWidth = 1.5f * PixelsPerPoint;
    const float LineWidth = 2 * PixelsPerPoint;
    const float HaloWidth = 4 * PixelsPerPoint;
    const float Pad = 6;

    /// <summary>
    /// Renders <paramref name="data"/> as a PNG or SVG image (the PNG written by <see cref="PngWriter"/>).
    /// </summary>
    public static byte[] Render(ChartData data, ChartOptions? options = null, ChartFormat format = ChartFormat.Png)
    {
        ArgumentNullException.ThrowIfNull(data);
        options = (options ?? new ChartOptions()).Validate();
        var pixelWidth = (int)Math.Round(options.Width * options.Scale);
        var pixelHeight = (int)Math.Round(options.Height * options.Scale);
        if (format == ChartFormat.Svg)
        {
            using var svg = new MemoryStream();
            using (var canvas = SKSvgCanvas.Create(SKRect.Create(options.Width, options.Height), svg))
            {
                Draw(canvas, data, options, outlines: true);
            }

            return svg.ToArray();
        }

        // Opaque: the PNG is RGB, not RGBA, a quarter less to compress.
        var info = new SKImageInfo(pixelWidth, pixelHeight, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var surface = SKSurface.Create(info) ?? throw new InvalidOperationException($"Could not create a {pixelWidth}x{pixelHeight} drawing surface.");
        surface.Canvas.Scale(options.Scale);
        Draw(surface.Canvas, data, options, outlines: false);
        using var image = surface.Snapshot();
        using var pixels = image.PeekPixels() ?? throw new InvalidOperationException("The drawing surface has no pixels to encode.");
        return PngWriter.Encode(pixels);
    }

    static void Draw(SKCanvas canvas, ChartData data, ChartOptions options, bool outlines)
    {
        canvas.Clear(SKColors.White);
        using var text = new HandText(FontSize, outlines);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true, Style = SKPaintStyle.Fill };
        var frame = Frame.Of(data, options, text);
        var seed = options.Seed;
        DrawLabels(canvas, frame, data.Title, options, text, ink);
        seed = DrawBox(canvas, frame, seed);
        seed = DrawTicks(canvas, frame, text, ink, seed);
        if (frame.Readings.Count == 0)
        {
            using var big = new HandText(FontSize * 2, frame.Outlines);
            big.Draw(canvas, "no data yet", frame.Plot.MidX, frame.Plot.MidY + (big.CapHeight / 2), SKTextAlign.Center, ink);
            return;
        }

        DrawStateSpans(canvas, frame, data.StateSpans);
        var notes = NoteMarks.Numbered(data.Notes, data.Window);
        DrawNoteLines(canvas, frame, notes);
        if (data.Quantity.IsState)
        {
            DrawSpans(canvas, frame, data, options);
            DrawNoteLabels(canvas, frame, notes, [], null, ink);
            return;
        }

        seed = DrawCompare(canvas, frame, data, seed);
        DrawData(canvas, frame, data.Bands, options, seed);
        DrawNewest(canvas, frame, data.Newest ?? (data.Bands.Count > 0 ? null : data.Readings[^1]), options);
        var legend = data.HasCompare ? DrawLegend(canvas, frame, data, options, text, ink) : (SKRect?)null;
        DrawNoteLabels(canvas, frame, notes, CurvePoints(frame, data), legend, ink);
    }

    // The points a note's label must keep clear of: the line (each reading, or each band's mean, low and high) and what it is compared with.
    static List<SKPoint> CurvePoints(Frame frame, ChartData data) =>
    [
        .. frame.Readings.Select(r => new SKPoint(frame.X(r.Time), frame.Y(r.Celsius))),
        .. data.Bands.SelectMany(b => new[] { b.Min, b.Max }.Select(v => new SKPoint(frame.X(DateTimeOffset.FromUnixTimeSeconds(b.Start)), frame.Y(v)))),
        .. data.Compare.Select(r => new SKPoint(frame.X(r.Time), frame.Y(r.Celsius))),
    ];

    static readonly SKColor NoteColor = new(0x55, 0x55, 0x55);

    // matplotlib's next colours after the line's blue: a state's hours in orange, a second's in green, a third's in purple.
    static readonly SKColor[] StateColors = [new(0xff, 0x7f, 0x0e), new(0x2c, 0xa0, 0x2c), new(0x94, 0x67, 0xbd)];

    // Behind everything: each state's hours on, shaded in its colour (a band's share of the time on as its depth), its
    // title hand-lettered small at the foot of its first span.
    static void DrawStateSpans(SKCanvas canvas, Frame frame, IReadOnlyList<StateSpan> spans)
    {
        if (spans.Count == 0)
        {
            return;
        }

        canvas.Save();
        canvas.ClipRect(frame.Plot);
        using var small = new HandText(FontSize * 0.8f, frame.Outlines);
        var titles = spans.Select(s => s.Title).Distinct(StringComparer.Ordinal).ToList();
        // Whole pixels, no antialiasing: a shade has no edge to smooth, and a year's view is hundreds of spans. (Painting
        // them into one row of pixels stretched over the plot was tried: blending the whole plot cost more than this.)
        using var fill = new SKPaint { IsAntialias = false, Style = SKPaintStyle.Fill };
        foreach (var span in spans)
        {
            fill.Color = StateColors[titles.IndexOf(span.Title) % StateColors.Length].WithAlpha(span.Alpha);
            var (left, right) = (frame.X(DateTimeOffset.FromUnixTimeSeconds(span.Start)), frame.X(DateTimeOffset.FromUnixTimeSeconds(span.End)));
            canvas.DrawRect(new SKRect(MathF.Floor(left), frame.Plot.Top, MathF.Max(MathF.Ceiling(right), MathF.Floor(left) + 1), frame.Plot.Bottom), fill);
        }

        foreach (var title in titles)
        {
            var first = spans.First(s => s.Title == title);
            var x = frame.X(DateTimeOffset.FromUnixTimeSeconds(first.Start)) + 3;
            using var label = new SKPaint { Color = StateColors[titles.IndexOf(title) % StateColors.Length].WithAlpha(230), IsAntialias = true, Style = SKPaintStyle.Fill };
            small.Draw(canvas, title.ToLowerInvariant() + " on", Math.Min(x, frame.Plot.Right - small.Measure(title + " on") - 3), frame.Plot.Bottom - 4 - (titles.IndexOf(title) * small.CapHeight * 1.6f), SKTextAlign.Left, label);
        }

        canvas.Restore();
    }

    // Behind the data: a span as a faint hatched band, each note's start as a dashed line across the plot.
    static void DrawNoteLines(SKCanvas canvas, Frame frame, IReadOnlyList<(int Number, Notes.Note Note)> notes)
    {
        if (notes.Count == 0)
        {
            return;
        }

        canvas.Save();
        canvas.ClipRect(frame.Plot);
        // Dashed; a crowded view's (a year's hundred notes) thin and faint instead, which costs a tenth to draw.
        var crowded = NoteMarks.Crowded(notes.Count, frame.Plot.Width);
        using var band = new SKPaint { Color = NoteColor.WithAlpha(28), IsAntialias = !crowded, Style = SKPaintStyle.Fill };
        using var hatch = Stroke(NoteColor.WithAlpha(70), 1);
        using var line = crowded ? new SKPaint { Color = NoteColor.WithAlpha(110), Style = SKPaintStyle.Stroke, StrokeWidth = 1 } : Stroke(NoteColor, SpineWidth);
        line.StrokeCap = SKStrokeCap.Butt; // square dashes: a round cap on each is most of a dashed line's cost
        using var dashes = SKPathEffect.CreateDash([7 * PixelsPerPoint, 5 * PixelsPerPoint], 0);
        line.PathEffect = crowded ? null : dashes;
        using var lines = new SKPathBuilder();
        foreach (var (_, note) in notes)
        {
            var x = frame.X(note.Time);
            if (note.EndTime is { } end)
            {
                var right = frame.X(end);
                var area = new SKRect(x, frame.Plot.Top, right, frame.Plot.Bottom);
                canvas.DrawRect(area, band);
                if (crowded)
                {
                    // A crowded view's span is a few pixels wide: its shade alone (its hatching was most of a year's cost).
                    lines.MoveTo(x, frame.Plot.Top);
                    lines.LineTo(x, frame.Plot.Bottom);
                    continue;
                }

                using var strokes = new SKPathBuilder();
                for (var h = x - frame.Plot.Height; h < right; h += 9)
                {
                    strokes.MoveTo(h, frame.Plot.Bottom);
                    strokes.LineTo(h + frame.Plot.Height, frame.Plot.Top);
                }

                canvas.Save();
                canvas.ClipRect(area);
                using var hatching = strokes.Detach();
                canvas.DrawPath(hatching, hatch);
                canvas.Restore();
            }

            // Dashed, so a wobble would not show: a straight line (a year's hundred notes stay cheap).
            lines.MoveTo(x, frame.Plot.Top);
            lines.LineTo(x, frame.Plot.Bottom);
        }

        using var path = lines.Detach();
        canvas.DrawPath(path, line);
        canvas.Restore();
    }

    // On top: each note's hand-lettered label where it fits (NoteMarks.Layout), else its number in a circle; a view with
    // more notes than its width takes (NoteMarks.Crowded: a year's) has their lines alone, and the page lists them.
    static void DrawNoteLabels(SKCanvas canvas, Frame frame, IReadOnlyList<(int Number, Notes.Note Note)> notes, IReadOnlyList<SKPoint> curve, SKRect? legend, SKPaint ink)
    {
        if (notes.Count == 0 || NoteMarks.Crowded(notes.Count, frame.Plot.Width))
        {
            return;
        }

        using var text = new HandText(FontSize * 0.85f, frame.Outlines);
        using var paper = new SKPaint { Color = SKColors.White.WithAlpha(0xe6), IsAntialias = true, Style = SKPaintStyle.Fill };
        using var border = Stroke(NoteColor, SpineWidth * 0.7f);
        foreach (var place in NoteMarks.Layout(notes, frame.Plot, frame.X, curve, legend, text))
        {
            var box = place.Box;
            canvas.DrawRoundRect(box, 5, 5, paper);
            if (place.Labelled)
            {
                text.Draw(canvas, NoteMarks.Label(place.Note), box.Left + 4, box.MidY + (text.CapHeight / 2), SKTextAlign.Left, ink);
                continue;
            }

            canvas.DrawOval(box, border);
            text.Draw(canvas, place.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), box.MidX, box.MidY + (text.CapHeight / 2), SKTextAlign.Center, ink);
        }
    }

    /// <summary>
    /// Where the plot box of <paramref name="data"/>'s chart lies, in CSS pixels of the image: what a page's script maps
    /// a tap on the image to a time and a value with.
    /// </summary>
    public static (SKRect Plot, double Low, double High) PlotArea(ChartData data, ChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var text = new HandText(FontSize);
        var frame = Frame.Of(data, (options ?? new ChartOptions()).Validate(), text);
        return (frame.Plot, frame.Celsius.Min, frame.Celsius.Max);
    }

    // What the data is compared with: a faint grey line behind it (yesterday's readings, or last year's daily means).
    static uint DrawCompare(SKCanvas canvas, Frame frame, ChartData data, uint seed)
    {
        var compare = data.CompareLine;
        if (!data.HasCompare)
        {
            return seed;
        }

        canvas.Save();
        canvas.ClipRect(frame.Plot);
        using var faint = Stroke(CompareColor, LineWidth);
        var sketch = Sketch.Xkcd(PixelsPerPoint);
        using var builder = new SKPathBuilder();
        foreach (var run in ReadingRuns.Split(compare))
        {
            if (run.Length > 1)
            {
                var points = new SKPoint[run.Length];
                for (var i = 0; i < run.Length; i++)
                {
                    points[i] = new SKPoint(frame.X(run.Span[i].Time), frame.Y(run.Span[i].Celsius));
                }

                sketch.AddPolyline(builder, points, seed++);
            }
        }

        using var path = builder.Detach();
        canvas.DrawPath(path, faint);
        canvas.Restore();
        return seed;
    }

    static readonly SKColor CompareColor = new(0xbb, 0xbb, 0xbb);

    // The newest reading: a dot with a white ring, drawn unclipped so that it shows whole on the right spine.
    static void DrawNewest(SKCanvas canvas, Frame frame, Reading? newest, ChartOptions options)
    {
        if (newest is null || newest.Time < frame.Window.Start || newest.Time > frame.Window.End)
        {
            return;
        }

        var point = new SKPoint(frame.X(newest.Time), frame.Y(newest.Celsius));
        using var ring = new SKPaint { Color = SKColors.White, IsAntialias = true, Style = SKPaintStyle.Fill };
        using var dot = new SKPaint { Color = SKColor.Parse(options.LineColor), IsAntialias = true, Style = SKPaintStyle.Fill };
        using var edge = Stroke(SKColors.Black, SpineWidth);
        canvas.DrawCircle(point, HaloWidth + 3, ring);
        canvas.DrawCircle(point, HaloWidth + 1, dot);
        canvas.DrawCircle(point, HaloWidth + 1, edge);
    }

    // The legend in a corner of the plot where the data leaves the most room: a short line and a name for each.
    static SKRect DrawLegend(SKCanvas canvas, Frame frame, ChartData data, ChartOptions options, HandText text, SKPaint ink)
    {
        var sample = 28f;
        var width = Pad + sample + Pad + Math.Max(text.Measure(data.Legend.Current), text.Measure(data.Legend.Compare)) + (2 * Pad);
        var row = text.CapHeight * 1.9f;
        var height = (2 * row) + Pad;
        var plot = frame.Plot;
        SKRect[] corners =
        [
            SKRect.Create(plot.Left + Pad, plot.Top + Pad, width, height),
            SKRect.Create(plot.Right - Pad - width, plot.Top + Pad, width, height),
            SKRect.Create(plot.Left + Pad, plot.Bottom - Pad - height, width, height),
            SKRect.Create(plot.Right - Pad - width, plot.Bottom - Pad - height, width, height),
        ];
        var points = frame.Readings.Concat(data.Compare).Concat(data.CompareBands.Select(b => Reading.Create(b.Start, b.Mean)))
            .Select(r => new SKPoint(frame.X(r.Time), frame.Y(r.Celsius))).ToList();
        var box = corners.MinBy(c => points.Count(p => c.Contains(p)));
        using var paper = new SKPaint { Color = SKColors.White.WithAlpha(0xe6), IsAntialias = true, Style = SKPaintStyle.Fill };
        using var border = Stroke(SKColors.Black, SpineWidth * 0.7f);
        canvas.DrawRoundRect(box, 6, 6, paper);
        canvas.DrawRoundRect(box, 6, 6, border);
        using var current = Stroke(SKColor.Parse(options.LineColor), LineWidth);
        using var faint = Stroke(CompareColor, LineWidth);
        var entries = new[] { (data.Legend.Current, current), (data.Legend.Compare, faint) };
        for (var i = 0; i < entries.Length; i++)
        {
            var y = box.Top + (row * (i + 0.5f)) + (Pad / 2);
            canvas.DrawLine(box.Left + Pad, y, box.Left + Pad + sample, y, entries[i].Item2);
            text.Draw(canvas, entries[i].Item1, box.Left + Pad + sample + Pad, y + (text.CapHeight / 2), SKTextAlign.Left, ink);
        }

        return box;
    }

    // The scales and the plot box of one chart: the window on x; the data (or a default range) on y, in °C and °F.
    // Another quantity than a temperature has its unit on the left and no right axis; a state is off (0) to on (1).
    sealed record Frame(SKRect Plot, IReadOnlyList<Reading> Readings, NiceScale Celsius, NiceScale Fahrenheit, IReadOnlyList<TimeTicks.Tick> Ticks, TimeWindow Window)
    {
        public Quantity Quantity { get; init; } = Quantity.Temperature;

        // Whether text is drawn as outlines (an SVG's) instead of glyphs.
        public bool Outlines { get; init; }

        public static Frame Of(ChartData data, ChartOptions options, HandText text)
        {
            var bands = data.Bands;
            var quantity = data.Quantity;
            var readings = bands.Count > 0 ? [.. bands.Select(b => Reading.Stored(b.Start, b.Mean, quantity.Unit))] : data.Readings;
            // The scale fits the data and what it is compared with.
            var values = bands.Count > 0 ? bands.Select(b => b.Min).Concat(bands.Select(b => b.Max)) : readings.Select(r => r.Celsius);
            values = values.Concat(data.Compare.Select(r => r.Celsius)).Concat(data.CompareBands.Select(b => b.Mean)).ToList();
            var celsius = quantity.IsState ? new NiceScale(-0.15, 1.15, 1, [0, 1], 0)
                : readings.Count == 0 ? NiceScale.WithTicks(20, 30)
                : NiceScale.Fit(values.Min(), values.Max());
            var fahrenheit = NiceScale.WithTicks(Reading.ToFahrenheit(celsius.Min), Reading.ToFahrenheit(celsius.Max));

            // The plot box leaves room for the title, the tick labels and the axis labels around it.
            var leftLabels = readings.Count == 0 ? 0 : celsius.Ticks.Max(t => text.Measure(TickLabel(quantity, t, celsius.Decimals)));
            var rightLabels = readings.Count == 0 || !quantity.IsTemperature ? 0 : fahrenheit.Ticks.Max(t => text.Measure(Format(t, fahrenheit.Decimals)));
            var plot = new SKRect(
                left: Pad + FontSize + (2 * Pad) + leftLabels + Pad + TickLength,
                top: Pad + TitleSize + (2 * Pad),
                right: options.Width - (Pad + FontSize + (2 * Pad) + rightLabels + Pad + TickLength),
                bottom: options.Height - (Pad + FontSize + Pad + FontSize + Pad + TickLength));

            // About one time label per 95 pixels, so narrow (phone) charts do not crowd them.
            var timeTicks = TimeTicks.Between(data.Window.Start, data.Window.End, data.TimeZone, Math.Clamp((int)(plot.Width / 95), 3, 9));
            return new Frame(plot, readings, celsius, fahrenheit, timeTicks, data.Window) { Quantity = quantity, Outlines = text.Outlines };
        }

        public float X(DateTimeOffset t) => Plot.Left + (float)((t - Window.Start).TotalSeconds / Window.Length.TotalSeconds * Plot.Width);

        public float Y(double c) => Plot.Bottom - (float)((c - Celsius.Min) / (Celsius.Max - Celsius.Min) * Plot.Height);
    }

    // The title above the box, the time label under it, °C on the left and °F on the right.
    static void DrawLabels(SKCanvas canvas, Frame frame, string title, ChartOptions options, HandText text, SKPaint ink)
    {
        var plot = frame.Plot;
        using var titleText = new HandText(TitleSize * Fit(title, 2 * Math.Min(plot.MidX - Pad, options.Width - Pad - plot.MidX)), frame.Outlines);
        titleText.Draw(canvas, title, plot.MidX, Pad + titleText.CapHeight + 2, SKTextAlign.Center, ink);
        text.Draw(canvas, options.TimeLabel, plot.MidX, options.Height - Pad - 2, SKTextAlign.Center, ink);
        if (frame.Quantity.IsTemperature)
        {
            DrawRotated(canvas, text, options.CelsiusLabel, Pad + text.CapHeight, plot.MidY, ink);
            DrawRotated(canvas, text, options.FahrenheitLabel, options.Width - Pad - 2, plot.MidY, ink);
        }
        else
        {
            var label = frame.Quantity.IsState || frame.Quantity.Noun == frame.Quantity.Unit ? frame.Quantity.Noun : $"{frame.Quantity.Noun} ({frame.Quantity.Unit})";
            DrawRotated(canvas, text, label, Pad + text.CapHeight, plot.MidY, ink);
        }
    }

    // How much a title must shrink to fit the room centred over the box (a long name on a phone's narrow chart): 1 when it fits.
    static float Fit(string title, float room)
    {
        using var full = new HandText(TitleSize);
        var width = full.Measure(title);
        return width <= room ? 1f : room * 0.95f / width; // the hand-drawn strokes wobble past the measured width
    }

    // A tick's label on the left: the number, or off and on for a state.
    static string TickLabel(Quantity quantity, double value, int decimals) =>
        quantity.IsState ? (value >= 0.5 ? "on" : "off") : Format(value, decimals);

    // The box: four separate wobbly spines, as matplotlib draws them.
    static uint DrawBox(SKCanvas canvas, Frame frame, uint seed)
    {
        using var spine = Stroke(SKColors.Black, SpineWidth);
        var sketch = Sketch.Xkcd(PixelsPerPoint);
        var plot = frame.Plot;
        using var box = new SKPathBuilder();
        sketch.AddPolyline(box, [new(plot.Left, plot.Bottom), new(plot.Right, plot.Bottom)], seed++);
        sketch.AddPolyline(box, [new(plot.Left, plot.Top), new(plot.Right, plot.Top)], seed++);
        sketch.AddPolyline(box, [new(plot.Left, plot.Bottom), new(plot.Left, plot.Top)], seed++);
        sketch.AddPolyline(box, [new(plot.Right, plot.Bottom), new(plot.Right, plot.Top)], seed++);
        using var boxPath = box.Detach();
        canvas.DrawPath(boxPath, spine);
        return seed;
    }

    // Ticks, outward, and their labels: the time under the box, °C on the left and °F on the right (when there is data).
    static uint DrawTicks(SKCanvas canvas, Frame frame, HandText text, SKPaint ink, uint seed)
    {
        using var tick = Stroke(SKColors.Black, TickWidth);
        tick.StrokeCap = SKStrokeCap.Butt;
        var sketch = Sketch.Xkcd(PixelsPerPoint);
        var plot = frame.Plot;
        using var ticks = new SKPathBuilder();
        foreach (var t in frame.Ticks)
        {
            var x = frame.X(t.Time);
            sketch.AddPolyline(ticks, [new(x, plot.Bottom), new(x, plot.Bottom + TickLength)], seed++);
            text.Draw(canvas, t.Label, x, plot.Bottom + TickLength + Pad + text.CapHeight, SKTextAlign.Center, ink);
        }

        if (frame.Readings.Count > 0)
        {
            foreach (var c in frame.Celsius.Ticks)
            {
                var y = frame.Y(c);
                sketch.AddPolyline(ticks, [new(plot.Left, y), new(plot.Left - TickLength, y)], seed++);
                text.Draw(canvas, TickLabel(frame.Quantity, c, frame.Celsius.Decimals), plot.Left - TickLength - Pad, y + (text.CapHeight / 2), SKTextAlign.Right, ink);
            }

            foreach (var f in frame.Quantity.IsTemperature ? frame.Fahrenheit.Ticks : [])
            {
                var y = frame.Y((f - 32) * 5 / 9);
                sketch.AddPolyline(ticks, [new(plot.Right, y), new(plot.Right + TickLength, y)], seed++);
                text.Draw(canvas, Format(f, frame.Fahrenheit.Decimals), plot.Right + TickLength + Pad, y + (text.CapHeight / 2), SKTextAlign.Left, ink);
            }
        }

        using var tickPath = ticks.Detach();
        canvas.DrawPath(tickPath, tick);
        return seed;
    }

    // A state: each span it was on shaded from the reading that said so to the next one (or the newest), in the line's
    // color, faint, with a wobbly edge on top, so a heater's hours read at a glance behind nothing else.
    static void DrawSpans(SKCanvas canvas, Frame frame, ChartData data, ChartOptions options)
    {
        canvas.Save();
        canvas.ClipRect(frame.Plot);
        var color = SKColor.Parse(options.LineColor);
        using var fill = new SKPaint { Color = color.WithAlpha(90), IsAntialias = true, Style = SKPaintStyle.Fill };
        using var edge = Stroke(color, LineWidth);
        var sketch = Sketch.Xkcd(PixelsPerPoint);
        using var edges = new SKPathBuilder();
        var readings = frame.Readings;
        var (top, bottom) = (frame.Y(1), frame.Y(0));
        var seed = options.Seed;
        for (var i = 0; i < readings.Count; i++)
        {
            if (readings[i].Value < 0.5)
            {
                continue;
            }

            // On from here until the next reading that says off.
            var start = readings[i].Time;
            while (i + 1 < readings.Count && readings[i + 1].Value >= 0.5)
            {
                i++;
            }

            var end = i + 1 < readings.Count ? readings[i + 1].Time : data.Newest?.Time ?? readings[i].Time;
            var (left, right) = (frame.X(start), Math.Max(frame.X(end), frame.X(start) + 2));
            canvas.DrawRect(new SKRect(left, top, right, bottom), fill);
            sketch.AddPolyline(edges, [new(left, bottom), new(left, top), new(right, top), new(right, bottom)], seed++);
        }

        using var path = edges.Detach();
        canvas.DrawPath(path, edge);
        canvas.Restore();
    }

    // The data: one wobbly line per run without a gap, over a white halo; lone readings as dots; the bands under it.
    static void DrawData(SKCanvas canvas, Frame frame, IReadOnlyList<ReadingBand> bands, ChartOptions options, uint seed)
    {
        canvas.Save();
        canvas.ClipRect(frame.Plot);
        using var color = new SKPaint { Color = SKColor.Parse(options.LineColor), IsAntialias = true, Style = SKPaintStyle.Fill };
        using var line = Stroke(color.Color, LineWidth);
        using var halo = Stroke(SKColors.White, HaloWidth);
        var sketch = Sketch.Xkcd(PixelsPerPoint);
        using var builder = new SKPathBuilder();
        var dots = new List<SKPoint>();
        foreach (var run in ReadingRuns.Split(frame.Readings))
        {
            var points = new SKPoint[run.Length];
            for (var i = 0; i < run.Length; i++)
            {
                points[i] = new SKPoint(frame.X(run.Span[i].Time), frame.Y(run.Span[i].Celsius));
            }

            if (points.Length == 1)
            {
                dots.Add(points[0]);
            }
            else
            {
                sketch.AddPolyline(builder, points, seed++);
            }
        }

        if (bands.Count > 0)
        {
            DrawBands(canvas, frame, bands, color.Color, sketch, seed);
        }

        using var path = builder.Detach();
        canvas.DrawPath(path, halo);
        canvas.DrawPath(path, line);
        foreach (var dot in dots)
        {
            canvas.DrawCircle(dot, HaloWidth / 2 + 1.5f, halo);
            canvas.DrawCircle(dot, HaloWidth / 2 + 1.5f, color);
        }

        canvas.Restore();
    }

    // The band: from each bucket's max along the top back along its min, filled lightly, under the mean line. The
    // wobbly outline is filled together with the straight one (one path, non-zero winding: their union): at a sharp
    // spike the sketch turns back on itself in a tiny loop that would otherwise stay empty, a white notch at its tip.
    static void DrawBands(SKCanvas canvas, Frame frame, IReadOnlyList<ReadingBand> bands, SKColor color, Sketch sketch, uint seed)
    {
        using var fill = new SKPaint { Color = color.WithAlpha(0x50), IsAntialias = true, Style = SKPaintStyle.Fill };
        using var area = new SKPathBuilder();
        foreach (var run in BandRuns(bands))
        {
            var outline = new SKPoint[run.Length * 2];
            for (var i = 0; i < run.Length; i++)
            {
                outline[i] = new SKPoint(frame.X(run.Span[i].Time), frame.Y(run.Span[i].Max));
                outline[^(i + 1)] = new SKPoint(frame.X(run.Span[i].Time), frame.Y(run.Span[i].Min));
            }

            sketch.AddPolyline(area, outline, seed++);
            area.Close();
            area.AddPoly(outline, close: true);
        }

        using var areaPath = area.Detach();
        canvas.DrawPath(areaPath, fill);
    }

    // Bands split where buckets are missing (more than one and a half buckets apart).
    static IEnumerable<ReadOnlyMemory<ReadingBand>> BandRuns(IReadOnlyList<ReadingBand> bands)
    {
        var array = bands as ReadingBand[] ?? [.. bands];
        var step = array.Length > 1 ? array.Zip(array.Skip(1), (a, b) => b.Start - a.Start).Min() : 0;
        var start = 0;
        for (var i = 1; i < array.Length; i++)
        {
            if (array[i].Start - array[i - 1].Start > step * 1.5)
            {
                yield return array.AsMemory(start, i - start);
                start = i;
            }
        }

        if (array.Length > 0)
        {
            yield return array.AsMemory(start);
        }
    }

    static string Format(double value, int decimals) =>
        value.ToString("F" + decimals, System.Globalization.CultureInfo.InvariantCulture).Replace("-", "\u2212", StringComparison.Ordinal);

    static SKPaint Stroke(SKColor color, float width) => new()
    {
        Color = color,
        IsAntialias = true,
        Style = SKPaintStyle.Stroke,
        StrokeWidth = width,
        StrokeCap = SKStrokeCap.Round,
        StrokeJoin = SKStrokeJoin.Round,
    };

    // A label turned to read bottom to top, centred on (x, y), as matplotlib sets y-axis labels.
    static void DrawRotated(SKCanvas canvas, HandText text, string label, float x, float y, SKPaint paint)
    {
        canvas.Save();
        canvas.Translate(x, y);
        canvas.RotateDegrees(-90);
        text.Draw(canvas, label, 0, 0, SKTextAlign.Center, paint);
        canvas.Restore();
    }
}
