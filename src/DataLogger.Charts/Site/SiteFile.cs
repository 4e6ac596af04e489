namespace DataLogger.Charts.Site;

/// <summary>One file of the published site.</summary>
/// <param name="Name">The file's name in the site, for example <c>index.html</c>.</param>
/// <param name="Body">The file's bytes.</param>
/// <param name="ContentType">The media type to serve it with.</param>
public sealed record SiteFile(string Name, ReadOnlyMemory<byte> Body, string ContentType);
