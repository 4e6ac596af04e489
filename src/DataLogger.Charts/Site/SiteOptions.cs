namespace DataLogger.Charts.Site;

/// <summary>How the site is rendered.</summary>
public sealed record SiteOptions
{
    /// <summary>The chart's options; the site's default is scale 2, sharp on high-DPI phones.</summary>
    public ChartOptions Chart { get; init; } = new() { Scale = 2f };

    /// <summary>How often a page left open reloads itself, in seconds (a meta refresh: no JavaScript). 0 turns it off.</summary>
    public int RefreshSeconds { get; init; } = 300;
}
