namespace DataLogger.Query.DuckDb;

/// <summary>What a compaction did.</summary>
/// <param name="Days">Finished days looked at.</param>
/// <param name="Compacted">Days written (first compactions and merges of late readings).</param>
/// <param name="Unchanged">Days already compacted with nothing new.</param>
/// <param name="Readings">Readings in the compacted days' Parquet files.</param>
/// <param name="Pruned">JSON objects removed (with prune).</param>
public sealed record CompactionResult(int Days, int Compacted, int Unchanged, int Readings, int Pruned)
{
    /// <summary>Finished months whose days were merged into one Parquet file (first merges and merges of changed days).</summary>
    public int Months { get; init; }
}
