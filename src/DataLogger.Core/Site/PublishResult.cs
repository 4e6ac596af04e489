namespace DataLogger.Site;

/// <summary>What a publish wrote.</summary>
/// <param name="Snapshot">The snapshot the site shows.</param>
/// <param name="Files">The files written, in the order they were written.</param>
/// <param name="Malformed">How many malformed objects the query skipped.</param>
public sealed record PublishResult(SiteSnapshot Snapshot, IReadOnlyList<SiteFile> Files, int Malformed);
