using System.Runtime.CompilerServices;
using DataLogger.Files;
using DataLogger.Ports;

namespace DataLogger.Storage.Local;

/// <summary>
/// A folder used as a bucket: the object <c>pool/2025/11/27/1764201600.json</c> is the file of that relative path.
/// Writes are atomic (<see cref="AtomicFile"/>): the body goes to a hidden temporary file in the same folder, is flushed
/// to disk, and is then renamed over the final name, so a crash at any moment leaves either the old object or the new
/// one, never a part.
/// Names that start with <c>.</c> are the store's own and are never listed.
/// </summary>
public sealed class LocalFolderStore : IObjectStore
{
    /// <summary>Creates a store over <paramref name="root"/>; the folder is created when it does not exist.</summary>
    /// <param name="root">The folder that is the bucket.</param>
    /// <param name="durable">
    /// Whether each write is flushed to disk before it is renamed into place (the default). A bulk import may turn it
    /// off for speed: writes stay atomic for the process, but a power cut may lose the newest.
    /// </param>
    public LocalFolderStore(string root, bool durable = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = Path.GetFullPath(root);
        Durable = durable;
        Directory.CreateDirectory(Root);
    }

    /// <summary>The full path of the folder that is the bucket.</summary>
    public string Root { get; }

    /// <summary>Whether writes are flushed to disk before they are renamed into place.</summary>
    public bool Durable { get; }

    /// <inheritdoc />
    public string Location => Root;

    /// <summary>Test seam: runs after the temporary file is written and before it is renamed (a crash point).</summary>
    internal Action<string>? BeforeRename { get; set; }

    /// <summary>The full path of the file that holds <paramref name="key"/>.</summary>
    public string PathOf(string key)
    {
        ObjectKeys.Validate(key);
        return Path.Join(Root, key);
    }

    /// <inheritdoc />
    public async Task PutAsync(string key, ReadOnlyMemory<byte> body, string contentType, CancellationToken cancellationToken = default)
    {
        await AtomicFile.WriteAsync(PathOf(key), body, Durable, BeforeRename, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<bool> CreateAsync(string key, ReadOnlyMemory<byte> body, string contentType, CancellationToken cancellationToken = default) =>
        AtomicFile.CreateAsync(PathOf(key), body, Durable, cancellationToken);

    /// <summary>
    /// Removes what writers killed between write and rename left in the folder (never a live writer's file, so another
    /// process may be writing meanwhile); returns how many files went.
    /// </summary>
    public int RemoveLeftovers() => AtomicFile.RemoveLeftoversOfDeadWriters(Root, TimeSpan.FromMinutes(10));

    /// <summary>
    /// Deletes the object at <paramref name="key"/> (nothing when there is none), then the folders above it that
    /// became empty, up to the bucket folder.
    /// </summary>
    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        AtomicFile.DeleteAndPrune(PathOf(key), Root);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    /// <remarks>The version is the SHA-256 of the file's bytes.</remarks>
    public async Task<VersionedObject?> GetVersionedAsync(string key, CancellationToken cancellationToken = default) =>
        await GetAsync(key, cancellationToken).ConfigureAwait(false) is { } body ? new VersionedObject(body, VersionOf(body)) : null;

    /// <inheritdoc />
    /// <remarks>
    /// The compare and the write hold the folder's lock file (<c>.replace.lock</c>, never listed), so writers in other
    /// processes wait their turn.
    /// </remarks>
    public async Task<bool> ReplaceAsync(string key, ReadOnlyMemory<byte> body, string contentType, string? version, CancellationToken cancellationToken = default)
    {
        using var held = await LockAsync(cancellationToken).ConfigureAwait(false);
        var current = await GetAsync(key, cancellationToken).ConfigureAwait(false);
        if ((current is null ? null : VersionOf(current)) != version)
        {
            return false;
        }

        await AtomicFile.WriteAsync(PathOf(key), body, Durable, cancellationToken: cancellationToken).ConfigureAwait(false);
        return true;
    }

    static string VersionOf(byte[] body) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body));

    // The folder's lock for compare-and-swap, waited for (another process holds it for a write's time at most).
    async Task<FileStream> LockAsync(CancellationToken cancellationToken)
    {
        var path = Path.Join(Root, ".replace.lock");
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (attempt < 500)
            {
                await Task.Delay(10, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public async Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        try
        {
            return await File.ReadAllBytesAsync(PathOf(key), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        // Start at the deepest folder the prefix names completely; filter the rest by name.
        var slash = prefix.LastIndexOf('/');
        var folderKey = slash < 0 ? string.Empty : prefix[..(slash + 1)];
        if (folderKey.Length > 0)
        {
            ObjectKeys.Validate(folderKey.TrimEnd('/'));
        }

        var folder = folderKey.Length == 0 ? Root : Path.Join(Root, folderKey);
        foreach (var key in Walk(folder, folderKey, prefix))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return key;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    // Depth first, each folder's entries in the ordinal order of their keys (a folder sorts as its name plus '/'),
    // so the keys come out in the same order as S3 lists them.
    static IEnumerable<string> Walk(string folder, string folderKey, string prefix)
    {
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        var entries = new List<(string Sort, string Name, bool IsFolder)>();
        foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos())
        {
            if (entry.Name.StartsWith('.'))
            {
                continue;
            }

            var isFolder = (entry.Attributes & FileAttributes.Directory) != 0;
            var key = folderKey + entry.Name + (isFolder ? "/" : string.Empty);
            var relevant = isFolder
                ? key.StartsWith(prefix, StringComparison.Ordinal) || prefix.StartsWith(key, StringComparison.Ordinal)
                : key.StartsWith(prefix, StringComparison.Ordinal);
            if (relevant)
            {
                entries.Add((key, entry.Name, isFolder));
            }
        }

        entries.Sort(static (a, b) => string.CompareOrdinal(a.Sort, b.Sort));
        foreach (var (key, name, isFolder) in entries)
        {
            if (!isFolder)
            {
                yield return key;
                continue;
            }

            foreach (var inner in Walk(Path.Join(folder, name), key, prefix))
            {
                yield return inner;
            }
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"local folder {Root}";
}
