namespace DataLogger.Charts.Site;

/// <summary>
/// Where each series' pages live in the site, the one owner of that layout. One series: its pages at the top, as they
/// always were (<c>index.html</c>, <c>7d.html</c>, ...). Several: <c>index.html</c> is the overview of all of them, and
/// each series has a folder of its own (<c>pool/index.html</c>, <c>pool/7d.html</c>, ...). The shared files (the
/// fonts, <c>latest.json</c>) are always at the top.
/// </summary>
public sealed class SiteLayout
{
    /// <summary>A layout of <paramref name="series"/>, in the order the overview shows them.</summary>
    public SiteLayout(IReadOnlyList<string> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        Series = series.Count > 0 ? [.. series.Distinct(StringComparer.Ordinal)] : throw new ArgumentException("A site shows at least one series.", nameof(series));
    }

    /// <summary>The layout of a site of one series.</summary>
    public static SiteLayout Of(string series) => new([series]);

    /// <summary>The series, in the overview's order.</summary>
    public IReadOnlyList<string> Series { get; }

    /// <summary>Whether the top page is the overview of several series (rather than the one series' own page).</summary>
    public bool HasOverview => Series.Count > 1;

    /// <summary>The folder of <paramref name="series"/>' pages: empty for a single series, <c>pool/</c> otherwise.</summary>
    public string FolderOf(string series) => HasOverview ? series + "/" : string.Empty;

    /// <summary>How a page in <paramref name="series"/>' folder reaches the top of the site: empty or <c>../</c>.</summary>
    public string ToTopFrom(string series) => HasOverview ? "../" : string.Empty;
}
