using DataLogger.Readings;
using DataLogger.Storage.Local;
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

    readonly LocalFolderStore _files;
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
        _files = new LocalFolderStore(folder);
        try
        {
            _lock = new FileStream(Path.Join(_files.Root, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new IOException($"the spool {_files.Root} is in use by another agent: run one agent per spool (or pass another --spool).", e);
        }

        var leftovers = _files.RemoveLeftoverTemporaryFiles();
        if (leftovers > 0)
        {
            _logger.LogInformation("Removed {Count} partial spool files left by an interrupted write (their readings were never confirmed as taken)", leftovers);
        }

        foreach (var path in Directory.EnumerateFiles(_files.Root, "*" + ReadingKey.Extension, SearchOption.AllDirectories))
        {
            var key = Path.GetRelativePath(_files.Root, path).Replace('\\', '/');
            if (ReadingKey.TryParse(key, out var parsed))
            {
                _keys.Add((parsed!.Timestamp, key));
            }
        }
    }

    /// <summary>The folder of the spool.</summary>
    public string Folder => _files.Root;

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

    /// <summary>How many readings were dropped because the spool was full.</summary>
    public long Dropped { get; private set; }

    /// <summary>Writes <paramref name="reading"/> durably; returns its key.</summary>
    public async Task<string> AddAsync(string series, Reading reading)
    {
        var key = ReadingKey.For(series, reading);
        var text = key.ToString();
        await _files.PutAsync(text, ReadingJson.Encode(reading), ReadingJson.ContentType, CancellationToken.None).ConfigureAwait(false);
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
                _files.Delete(old);
            }

            Dropped += dropped.Count;
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
    public Task<byte[]?> ReadAsync(string key, CancellationToken cancellationToken = default) => _files.GetAsync(key, cancellationToken);

    /// <summary>Removes a reading the store has confirmed.</summary>
    public void Remove(string key)
    {
        _files.Delete(key);
        if (ReadingKey.TryParse(key, out var parsed))
        {
            lock (_gate)
            {
                _keys.Remove((parsed!.Timestamp, key));
            }
        }
    }

    /// <summary>Releases the spool's lock.</summary>
    public void Dispose() => _lock.Dispose();
}
