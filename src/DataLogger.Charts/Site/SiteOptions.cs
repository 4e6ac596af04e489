namespace DataLogger.Charts.Site;

/// <summary>How the site is rendered.</summary>
public sealed record SiteOptions
{
    /// <summary>The chart's options; the site's default is scale 2, sharp on high-DPI phones.</summary>
    public ChartOptions Chart { get; init; } = new() { Scale = 2f };

    /// <summary>
    /// The chart for narrow screens (phones held upright), served in its place below 640 CSS pixels: taller, with
    /// fewer time labels, so its text stays readable at 360 pixels wide. Null leaves it out.
    /// </summary>
    public ChartOptions? NarrowChart { get; init; } = new() { Width = 600, Height = 450, Scale = 2f };

    /// <summary>
    /// Where a page's "Add a note" form posts (<c>api/notes</c> of <c>run</c>, from the top of the site; the ingest
    /// function's URL on AWS), or null for no form (no device may post).
    /// </summary>
    public string? NotesAction { get; init; }

    /// <summary>How often a page left open reloads itself, in seconds (a meta refresh: no JavaScript). 0 turns it off.</summary>
    public int RefreshSeconds { get; init; } = 300;
}
