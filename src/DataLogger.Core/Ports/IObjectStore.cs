namespace DataLogger.Ports;

/// <summary>
/// A bucket of objects addressed by key (<c>pool/2025/11/27/1764201600.json</c>): a local folder or S3.
/// Keys use <c>/</c> as the separator and never start with it.
/// </summary>
public interface IObjectStore
{
    /// <summary>A short human-readable description of where the objects live, for messages.</summary>
    string Location { get; }

    /// <summary>Stores <paramref name="body"/> under <paramref name="key"/>, replacing any object there. All or nothing.</summary>
    Task PutAsync(string key, ReadOnlyMemory<byte> body, string contentType, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores <paramref name="body"/> under <paramref name="key"/> only when no object is there, atomically (of two
    /// writers at once exactly one creates it: S3's <c>If-None-Match: *</c>, a no-replace rename in a folder). Returns
    /// false, storing nothing, when an object is there. How readings are stored (<see cref="Readings.ReadingWriter"/>).
    /// </summary>
    Task<bool> CreateAsync(string key, ReadOnlyMemory<byte> body, string contentType, CancellationToken cancellationToken = default);

    /// <summary>Reads the object at <paramref name="key"/> with its version, or returns null when there is none.</summary>
    Task<VersionedObject?> GetVersionedAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores <paramref name="body"/> under <paramref name="key"/> only when the object there is still at
    /// <paramref name="version"/> (null: only when there is none), atomically (S3's <c>If-Match</c> and <c>If-None-Match</c>);
    /// false, storing nothing, when another writer changed it. What <see cref="ObjectUpdate"/> is built on.
    /// </summary>
    Task<bool> ReplaceAsync(string key, ReadOnlyMemory<byte> body, string contentType, string? version, CancellationToken cancellationToken = default);

    /// <summary>Reads the object at <paramref name="key"/>, or returns null when there is none.</summary>
    Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Removes the object at <paramref name="key"/>; nothing happens when there is none.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Lists the keys that start with <paramref name="prefix"/>, in ordinal order.</summary>
    IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken = default);
}
