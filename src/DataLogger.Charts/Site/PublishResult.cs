namespace DataLogger.Charts.Site;

/// <summary>What a publish wrote.</summary>
/// <param name="Snapshot">The snapshot the site shows.</param>
/// <param name="Files">The site's files of this publish, in the order they were published.</param>
/// <param name="Malformed">How many malformed objects the query skipped.</param>
public sealed record PublishResult(SiteSnapshot Snapshot, IReadOnlyList<SiteFile> Files, int Malformed)
{
    /// <summary>The names of the <see cref="Files"/> that were in the site as they are already, and so were not written again.</summary>
    public IReadOnlyList<string> Unchanged { get; init; } = [];

    /// <summary>The files that were written.</summary>
    public IEnumerable<SiteFile> Written => Files.Where(f => !Unchanged.Contains(f.Name));
}
