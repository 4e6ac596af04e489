namespace DataLogger.Site;

/// <summary>
/// The names of the site's own files, the one place they are spelled: the hosts (Kestrel's default file, CloudFront's
/// root object, the render function's rights) and the site's code all use these.
/// </summary>
public static class SiteFiles
{
    /// <summary>A folder's page: the site's top page, and each series' 24-hour page.</summary>
    public const string Page = "index.html";

    /// <summary>Every series' newest reading and summary, for scripts and the overview.</summary>
    public const string Latest = "latest.json";

    /// <summary>When each view was drawn and each file's hash: what the publisher needs not write again.</summary>
    public const string ViewState = "views-state.json";

    /// <summary>A series' daily summaries, beside its pages, read back for the records.</summary>
    public const string DaySummaries = "days.json";

    /// <summary>A view's data file, for the page's script (and read back: the air's, for a forecast): <c>data-24h.json</c>.</summary>
    public static string DataOf(string view) => $"data-{view}.json";

    /// <summary>The 24-hour view's data file (the view named <c>24h</c>): what the render function may read back.</summary>
    public static string DayData { get; } = DataOf("24h");
}
