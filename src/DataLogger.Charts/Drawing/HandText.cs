using SkiaSharp;

namespace DataLogger.Charts.Drawing;

/// <summary>
/// Text in Humor Sans, with each character Humor Sans lacks drawn in the fallback typeface: on a picture as glyphs (each
/// rasterised once and kept by Skia's glyph cache), in an SVG as outlines (so it looks the same without the font installed).
/// </summary>
sealed class HandText : IDisposable
{
    readonly SKFont _hand;
    readonly SKFont _fallback;

    /// <param name="size">The font size.</param>
    /// <param name="outlines">Whether the text is drawn as outlines (an SVG's) instead of glyphs.</param>
    public HandText(float size, bool outlines = false)
    {
        Size = size;
        Outlines = outlines;
        _hand = new SKFont(ChartFonts.Hand, size) { Subpixel = true, Edging = SKFontEdging.Antialias };
        _fallback = new SKFont(ChartFonts.Fallback, size) { Subpixel = true, Edging = SKFontEdging.Antialias };
    }

    public float Size { get; }

    /// <summary>Whether the text is drawn as outlines instead of glyphs.</summary>
    public bool Outlines { get; }

    /// <summary>The height of a capital letter above the baseline.</summary>
    public float CapHeight => Size * 0.72f;

    /// <summary>The advance width of <paramref name="text"/>.</summary>
    public float Measure(string text)
    {
        var width = 0f;
        foreach (var (run, font) in Runs(text))
        {
            width += font.MeasureText(run);
        }

        return width;
    }

    /// <summary>The outline of <paramref name="text"/> with its baseline at <paramref name="y"/>, aligned on <paramref name="x"/>.</summary>
    public SKPath Outline(string text, float x, float y, SKTextAlign align = SKTextAlign.Left)
    {
        var start = Start(text, x, align);
        using var path = new SKPathBuilder();
        foreach (var (run, font) in Runs(text))
        {
            using var glyphs = font.GetTextPath(run, new SKPoint(start, y));
            path.AddPath(glyphs);
            start += font.MeasureText(run);
        }

        return path.Detach();
    }

    /// <summary>Draws <paramref name="text"/> filled with <paramref name="paint"/>.</summary>
    public void Draw(SKCanvas canvas, string text, float x, float y, SKTextAlign align, SKPaint paint)
    {
        if (Outlines)
        {
            using var path = Outline(text, x, y, align);
            canvas.DrawPath(path, paint);
            return;
        }

        var start = Start(text, x, align);
        foreach (var (run, font) in Runs(text))
        {
            canvas.DrawText(run, start, y, SKTextAlign.Left, font, paint);
            start += font.MeasureText(run);
        }
    }

    float Start(string text, float x, SKTextAlign align) => align switch
    {
        SKTextAlign.Center => x - (Measure(text) / 2),
        SKTextAlign.Right => x - Measure(text),
        _ => x,
    };

    // Splits text into runs of one typeface: Humor Sans where it has the glyph, the fallback where it has not.
    IEnumerable<(string Run, SKFont Font)> Runs(string text)
    {
        var start = 0;
        SKFont? current = null;
        for (var i = 0; i < text.Length; i++)
        {
            var font = text[i] == ' ' || _hand.ContainsGlyph(text[i]) ? _hand : _fallback;
            if (current is not null && font != current)
            {
                yield return (text[start..i], current);
                start = i;
            }

            current = font;
        }

        if (current is not null)
        {
            yield return (text[start..], current);
        }
    }

    public void Dispose()
    {
        _hand.Dispose();
        _fallback.Dispose();
    }
}
