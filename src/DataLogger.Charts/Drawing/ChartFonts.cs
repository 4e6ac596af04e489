using SkiaSharp;

namespace DataLogger.Charts.Drawing;

/// <summary>
/// The chart's typefaces, loaded once from embedded resources (SkiaSharp's self-contained Linux build finds no
/// system fonts): Humor Sans, the XKCD hand, and a small subset of DejaVu Sans for the glyphs Humor Sans lacks
/// (<c>°</c> and <c>−</c>).
/// </summary>
static class ChartFonts
{
    static readonly Lazy<byte[]> HumorSansBytes = new(() => Resource("HumorSans.ttf"));
    static readonly Lazy<byte[]> HumorSansLicence = new(() => Resource("HumorSans-OFL.txt"));
    static readonly Lazy<byte[]> SymbolsBytes = new(() => Resource("DejaVuSans-Symbols.ttf"));
    static readonly Lazy<byte[]> SymbolsLicence = new(() => Resource("DejaVuSans-LICENSE.txt"));
    static readonly Lazy<SKTypeface> HumorSans = new(() => Load("HumorSans.ttf"));
    static readonly Lazy<SKTypeface> Symbols = new(() => Load("DejaVuSans-Symbols.ttf"));

    /// <summary>The Humor Sans font file, for the page's web font.</summary>
    public static byte[] HandFontBytes => HumorSansBytes.Value;

    /// <summary>Humor Sans's licence (SIL OFL 1.1), which travels with the font.</summary>
    public static byte[] HandFontLicence => HumorSansLicence.Value;

    /// <summary>The fallback font file (° and − from DejaVu Sans), for the page's web font.</summary>
    public static byte[] FallbackFontBytes => SymbolsBytes.Value;

    /// <summary>DejaVu Sans's licence (Bitstream Vera), which travels with the subset.</summary>
    public static byte[] FallbackFontLicence => SymbolsLicence.Value;

    /// <summary>Humor Sans.</summary>
    public static SKTypeface Hand => HumorSans.Value;

    /// <summary>The fallback for glyphs Humor Sans does not have.</summary>
    public static SKTypeface Fallback => Symbols.Value;

    static SKTypeface Load(string name)
    {
        using var data = SKData.CreateCopy(Resource(name));
        return SKTypeface.FromData(data) ?? throw new InvalidOperationException($"The font resource {name} could not be loaded.");
    }

    static byte[] Resource(string name)
    {
        using var stream = typeof(ChartFonts).Assembly.GetManifestResourceStream($"DataLogger.Charts.Fonts.{name}")
            ?? throw new InvalidOperationException($"The resource {name} is missing from the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
