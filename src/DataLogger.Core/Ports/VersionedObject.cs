namespace DataLogger.Ports;

/// <summary>An object as read for a compare-and-swap: its bytes and its version (S3's ETag, a local file's content hash).</summary>
/// <param name="Body">The bytes.</param>
/// <param name="Version">The version, as <see cref="IObjectStore.ReplaceAsync"/> compares it.</param>
public sealed record VersionedObject(byte[] Body, string Version);
