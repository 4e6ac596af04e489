using DataLogger.Compaction;
using DataLogger.Query.DuckDb;
using DataLogger.Storage.Local;

namespace DataLogger.Cli.Hosting;

/// <summary>
/// The local bucket folder's compaction, for <c>run</c> (hourly) and <c>compact</c>: the days an earlier version left in
/// the older local layout move into the bucket layout, then the one compactor (<see cref="BucketCompactor"/>, the
/// compact function's own) merges the readings of the hours that are over into each day's Parquet object, and the
/// months of notes that are over into one object each (<see cref="CompactNotesAsync"/>). One at a
/// time per folder: two over one folder could write a day without the other's new rows, so each takes a lock file.
/// </summary>
sealed class LocalCompaction(LocalFolderStore bucket, DuckDbQueryEngine engine, TimeProvider time)
{
    // In the bucket folder; the store never lists names that start with a dot.
    const string LockName = ".compaction.lock";

    /// <summary>
    /// Compacts <paramref name="series"/>; null when another compaction holds this folder (<c>run</c>'s hourly one, or
    /// a <c>compact</c> started by hand), in which case nothing was done.
    /// </summary>
    public async Task<CompactionSummary?> CompactAsync(string series, IProgress<CompactionProgress>? progress, CancellationToken cancellationToken)
    {
        using var held = TryLock();
        if (held is null)
        {
            return null;
        }

        var compactor = new BucketCompactor(bucket, time);
        var moved = await engine.Legacy.MoveAsync(series, (day, rows, token) => compactor.MergeAsync(series, day, rows, token), cancellationToken).ConfigureAwait(false);
        var summary = await compactor.CompactAsync(series, BucketCompactor.Cutoff(time.GetUtcNow()), stopAt: null, progress, cancellationToken).ConfigureAwait(false);
        return summary with { Moved = moved };
    }

    /// <summary>
    /// Compacts the station's notes of the months that are over (<see cref="Notes.NoteBook.CompactAsync"/>); null when
    /// another compaction holds this folder.
    /// </summary>
    public async Task<Notes.NotesCompaction?> CompactNotesAsync(CancellationToken cancellationToken)
    {
        using var held = TryLock();
        return held is null ? null : await new Notes.NoteBook(bucket).CompactAsync(time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
    }

    // The folder's lock (released when disposed, or when the process ends however it ends), or null when another holds it.
    FileStream? TryLock()
    {
        try
        {
            return new FileStream(Path.Join(bucket.Root, LockName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException) when (File.Exists(Path.Join(bucket.Root, LockName)))
        {
            return null;
        }
    }
}
