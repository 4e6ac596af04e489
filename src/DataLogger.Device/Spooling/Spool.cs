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
/// </summary>
public sealed class Spool : IDisposable
{
    /// <summary>The default capacity: a year of readings at 5-minute intervals.</summary>
    public const int DefaultCapacity = 105_120;

    readonly string _root;
    readonly FileStream _lock;
    readonly ILogger _logger;
    readonly object _gate = new();
    readonly SortedSet<(long Timestamp, string Key)> _keys = [];

    /// <summary>Opens (or creates) the spool in <paramref name="folder"/>.</summary>
    /// <exception cref="IOException">Another agent holds the spool.</exception>
    public Spool(string folder, int capacity = DefaultCapacity, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        Capacity = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), "The spool must hold at least one reading.");
        _logger = logger ?? NullLogger.Instance;
        _root = Path.GetFullPath(folder);
        Directory.CreateDirectory(_root);
        try
        {
            _lock = new FileStream(Path.Join(_root, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new IOException($"the spool {_root} is in use by another agent: run one agent per spool (or pass another --spool).", e);
        }

        var leftovers = AtomicFile.RemoveLeftovers(_root);
        if (leftovers > 0)
        {
            _logger.LogInformation("Removed {Count} partial spool files left by an interrupted write (their readings were never confirmed as taken)", leftovers);
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

    /// <summary>Writes <paramref name="reading"/> durably; returns its key.</summary>
    public async Task<string> AddAsync(string series, Reading reading)
    {
        var key = ReadingKey.For(series, reading);
        var text = key.ToString();
        await AtomicFile.WriteAsync(PathOf(text), ReadingJson.Encode(reading)).ConfigureAwait(false);
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
                AtomicFile.DeleteAndPrune(PathOf(old), _root);
            }

            _logger.LogWarning("The spool is full ({Capacity} readings): dropped the oldest {Count} ({First} to {Last}) to keep the newest", Capacity, dropped.Count, dropped[0], dropped[^1]);
        }

        return text;
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
        AtomicFile.DeleteAndPrune(PathOf(key), _root);
        if (ReadingKey.TryParse(key, out var parsed))
        {
            lock (_gate)
            {
                _keys.Remove((parsed!.Timestamp, key));
            }
        }
    }

    // The file of a spooled reading: its key (a ReadingKey, so a plain relative path) below the spool folder.
    string PathOf(string key) => ReadingKey.TryParse(key, out _)
        ? Path.Join(_root, key)
        : throw new ArgumentException($"'{key}' is not a reading key.", nameof(key));

    /// <summary>Releases the spool's lock.</summary>
    public void Dispose() => _lock.Dispose();
}
