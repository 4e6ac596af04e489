using DataLogger.Compaction;
using DataLogger.Readings;
using DataLogger.Storage.Local;
using DataLogger.Testing;

namespace DataLogger.Query.DuckDb.Tests;

/// <summary>
/// A local bucket of simulated history up to <see cref="Now"/> with one malformed object, and the engine over it: what
/// the compaction tests start from.
/// </summary>
public abstract class BucketFixture : IDisposable
{
    readonly TempDirectory _temp = new();

    protected BucketFixture(DateTimeOffset now, TimeSpan history, string malformedKey)
    {
        Now = now;
        Today = DateOnly.FromDateTime(now.UtcDateTime);
        All = HistoryWriter.WriteHistory(Bucket, "pool", now, history);
        HistoryWriter.WriteRaw(Bucket, malformedKey, "{broken");
        Engine = new DuckDbQueryEngine(Bucket);
        Store = new LocalFolderStore(Bucket);
    }

    /// <summary>The bucket folder as an object store, as the local compaction sees it.</summary>
    protected LocalFolderStore Store { get; }

    /// <summary>The compactor of both hosts over the bucket folder.</summary>
    protected BucketCompactor Compactor() => new(Store, TimeProvider.System);

    /// <summary>Compacts the readings taken before <paramref name="cutoff"/> (by default, the hours before <see cref="Now"/>'s).</summary>
    protected Task<CompactionSummary> CompactAsync(DateTimeOffset? cutoff = null, BucketCompactor? compactor = null) =>
        (compactor ?? Compactor()).CompactAsync("pool", cutoff ?? BucketCompactor.Cutoff(Now), stopAt: null, progress: null, default);

    /// <summary>The end of the history.</summary>
    protected DateTimeOffset Now { get; }

    /// <summary>Now's UTC day: the days before it are finished.</summary>
    protected DateOnly Today { get; }

    /// <summary>Every reading written.</summary>
    protected List<Reading> All { get; }

    /// <summary>The engine over the bucket.</summary>
    protected DuckDbQueryEngine Engine { get; }

    /// <summary>The bucket folder.</summary>
    protected string Bucket => _temp.Combine("bucket");

    public void Dispose()
    {
        Engine.Dispose();
        _temp.Dispose();
        GC.SuppressFinalize(this);
    }
}
