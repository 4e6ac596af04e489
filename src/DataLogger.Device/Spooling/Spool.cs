using DataLogger.Files;
using DataLogger.Readings;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataLogger.Device.Spooling;

/// <summary>
/// The durable spool on the Pi: every reading is written here (atomically: temporary file, fsync, rename) before
/// any upload is tried, under its final key, and removed only after the store has confirmed it. A restart, a power
/// cut or <c>kill -9</c> at any moment loses nothing and leaves no partial reading. One agent at a time: the spool
/// is locked while open. When an outage outlasts <see cref="Capacity"/> readings, the oldest are dropped (and logged).
/// When its disk is full or read-only (a worn SD card the kernel remounted), readings wait in memory instead (up to
/// <see cref="MemoryCapacity"/>, said in one line), are uploaded from there like any other, and are written to disk
/// as soon as it takes them again; nothing already spooled is touched.
/// </summary>
public sealed class Spool : IDisposable
{
    /// <summary>The default capacity: a year of readings at 5-minute intervals.</summary>
    public const int DefaultCapacity = 105_120;

    /// <summary>How many readings wait in memory at most while the disk takes none: a week at 5-minute intervals.</summary>
    public const int MemoryCapacity = 2016;

    readonly string _root;
    readonly FileStream? _lock;
    readonly ILogger _logger;
    readonly object _gate = new();
    readonly SortedSet<(long Timestamp, string Key)> _keys = [];
    readonly Dictionary<string, byte[]> _inMemory = new(StringComparer.Ordinal);
    bool _unwritable;

    /// <summary>Opens (or creates) the spool in <paramref name="folder"/>.</summary>
    /// <exception cref="IOException">Another agent holds the spool.</exception>
    public Spool(string folder, int capacity = DefaultCapacity, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        Capacity = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), "The spool must hold at least one reading.");
        _logger = logger ?? NullLogger.Instance;
        _root = Path.GetFullPath(folder);
        try
        {
            Directory.CreateDirectory(_root);
            if (!File.Exists(Path.Join(_root, ".lock")))
            {
                File.WriteAllBytes(Path.Join(_root, ".lock"), []);
            }

            // Open to read only: the lock (flock) holds all the same, and a card the kernel remounts read-only has no
            // file of ours open for writing between readings.
            _lock = new FileStream(Path.Join(_root, ".lock"), FileMode.Open, FileAccess.Read, FileShare.None);
        }
        catch (IOException e) when (File.Exists(Path.Join(_root, ".lock")))
        {
            throw new IOException($"the spool {_root} is in use by another agent: run one agent per spool (or pass another --spool).", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No lock file, and none can be made (a card remounted read-only, a full disk): run on, with readings in
            // memory, rather than crash and restart.
            SayUnwritable(e);
        }

        var leftovers = Directory.Exists(_root) ? AtomicFile.RemoveLeftovers(_root) : 0;
        if (leftovers > 0)
        {
            _logger.LogInformation("Removed {Count} partial spool files left by an interrupted write (their readings were never confirmed as taken)", leftovers);
        }

        if (!Directory.Exists(_root))
        {
            return;
        }

        foreach (var path in Directory.EnumerateFiles(_root, "*" + ReadingKey.Extension, SearchOption.AllDirectories))
        {
            var key = Path.GetRelativePath(_root, path).Replace('\\', '/');
            if (ReadingKey.TryParse(key, out var parsed))
            {
                _keys.Add((parsed!.Timestamp, key));
            }
        }
    }

    /// <summary>The folder of the spool.</summary>
    public string Folder => _root;

    /// <summary>How many readings the spool holds at most.</summary>
    public int Capacity { get; }

    /// <summary>How many readings wait for upload.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _keys.Count;
            }
        }
    }

    /// <summary>
    /// Writes <paramref name="reading"/> durably (or, while the disk takes nothing, keeps it in memory); returns its key.
    /// </summary>
    public async Task<string> AddAsync(string series, Reading reading)
    {
        var key = ReadingKey.For(series, reading);
        var text = key.ToString();
        var body = ReadingJson.Encode(reading);
        await WriteWaitingAsync().ConfigureAwait(false);
        if (!await TryWriteAsync(text, body).ConfigureAwait(false))
        {
            KeepInMemory(key, text, body);
            return text;
        }

        List<string>? dropped = null;
        lock (_gate)
        {
            _keys.Add((key.Timestamp, text));
            while (_keys.Count > Capacity)
            {
                var oldest = _keys.Min;
                _keys.Remove(oldest);
                (dropped ??= []).Add(oldest.Key);
            }
        }

        if (dropped is not null)
        {
            foreach (var old in dropped)
            {
                Delete(old);
            }

            _logger.LogWarning("The spool is full ({Capacity} readings): dropped the oldest {Count} ({First} to {Last}) to keep the newest", Capacity, dropped.Count, dropped[0], dropped[^1]);
        }

        return text;
    }

    // Writes the readings waiting in memory to disk, oldest first, while it takes them.
    async Task WriteWaitingAsync()
    {
        List<KeyValuePair<string, byte[]>> waiting;
        lock (_gate)
        {
            if (_inMemory.Count == 0)
            {
                return;
            }

            waiting = [.. _inMemory.OrderBy(w => w.Key, StringComparer.Ordinal)];
        }

        var written = 0;
        foreach (var (key, body) in waiting)
        {
            if (!await TryWriteAsync(key, body).ConfigureAwait(false))
            {
                return;
            }

            lock (_gate)
            {
                _inMemory.Remove(key);
            }

            written++;
        }

        _logger.LogInformation("The spool {Folder} can be written again: {Count} readings that waited in memory are on disk", _root, written);
    }

    // Says once, until the disk takes a write again, that readings wait in memory.
    void SayUnwritable(Exception e)
    {
        lock (_gate)
        {
            if (_unwritable)
            {
                return;
            }

            _unwritable = true;
        }

        _logger.LogError(
            "The spool {Folder} cannot be written ({Message}): readings wait in memory (up to {Capacity}) and are uploaded from there; they go to disk when it takes them again",
            _root, e.Message, MemoryCapacity);
    }

    // Writes a reading's file; false when the disk takes nothing (full, read-only), said once while it lasts.
    async Task<bool> TryWriteAsync(string key, byte[] body)
    {
        try
        {
            await AtomicFile.WriteAsync(PathOf(key), body).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            SayUnwritable(e);
            return false;
        }

        lock (_gate)
        {
            _unwritable = false;
        }

        return true;
    }

    void KeepInMemory(ReadingKey key, string text, byte[] body)
    {
        string? dropped = null;
        lock (_gate)
        {
            _inMemory[text] = body;
            _keys.Add((key.Timestamp, text));
            if (_inMemory.Count > MemoryCapacity)
            {
                var oldest = _keys.First(k => _inMemory.ContainsKey(k.Key));
                dropped = oldest.Key;
                _inMemory.Remove(dropped);
                _keys.Remove(oldest);
            }
        }

        if (dropped is not null)
        {
            _logger.LogWarning("{Capacity} readings wait in memory and the disk takes none: dropped the oldest, {Key}", MemoryCapacity, dropped);
        }
    }

    /// <summary>The keys waiting for upload, oldest reading first.</summary>
    public IReadOnlyList<string> Pending()
    {
        lock (_gate)
        {
            return [.. _keys.Select(k => k.Key)];
        }
    }

    /// <summary>The body of a spooled reading, or null when it has been removed meanwhile.</summary>
    public async Task<byte[]?> ReadAsync(string key, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_inMemory.TryGetValue(key, out var body))
            {
                return body;
            }
        }

        try
        {
            return await File.ReadAllBytesAsync(PathOf(key), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Removes a reading the store has confirmed.</summary>
    public void Remove(string key)
    {
        bool inMemory;
        lock (_gate)
        {
            inMemory = _inMemory.Remove(key);
        }

        if (!inMemory)
        {
            Delete(key);
        }

        if (ReadingKey.TryParse(key, out var parsed))
        {
            lock (_gate)
            {
                _keys.Remove((parsed!.Timestamp, key));
            }
        }
    }

    // Deletes a spooled file; on a read-only disk it stays (uploaded again later, which the store takes as done).
    void Delete(string key)
    {
        try
        {
            AtomicFile.DeleteAndPrune(PathOf(key), _root);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogDebug("Could not remove {Key} from the spool: {Message}", key, e.Message);
        }
    }

    // The file of a spooled reading: its key (a ReadingKey, so a plain relative path) below the spool folder.
    string PathOf(string key) => ReadingKey.TryParse(key, out _)
        ? Path.Join(_root, key)
        : throw new ArgumentException($"'{key}' is not a reading key.", nameof(key));

    /// <summary>Releases the spool's lock.</summary>
    public void Dispose() => _lock?.Dispose();
}
