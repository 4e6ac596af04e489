using DataLogger.Site;

namespace DataLogger.Ports;

/// <summary>Turns a snapshot of readings into the files of the site: the page, the chart, the figures.</summary>
public interface ISiteRenderer
{
    /// <summary>Renders the site's files for <paramref name="snapshot"/>; the page is last, so a publisher that writes in order never shows a page whose chart is missing.</summary>
    IReadOnlyList<SiteFile> Render(SiteSnapshot snapshot);
}
