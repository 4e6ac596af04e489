namespace DataLogger.Charts.Site;

/// <summary>Turns a snapshot of readings into the files of the site: the page, the chart, the figures.</summary>
public interface ISiteRenderer
{
    /// <summary>Renders the site's files for <paramref name="snapshot"/>; the page is last, so a publisher that writes in order never shows a page whose chart is missing.</summary>
    IReadOnlyList<SiteFile> Render(SiteSnapshot snapshot);

    /// <summary>
    /// Renders the files at the top of the site that every series shares: <c>latest.json</c> from
    /// <paramref name="index"/>, the fonts, and (for several series) the overview page, last.
    /// </summary>
    IReadOnlyList<SiteFile> RenderIndex(SiteIndex index, SiteLayout layout);
}
