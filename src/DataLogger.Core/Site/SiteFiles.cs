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
}
