namespace DataLogger.Query.DuckDb;

/// <summary>What a query reads: JSON objects, compacted days' Parquet files, and how many reading objects they stand for.</summary>
/// <param name="Json">The JSON objects to read.</param>
/// <param name="Parquet">The Parquet files of compacted days.</param>
/// <param name="Objects">How many reading objects (valid or malformed) of the window these hold.</param>
sealed record DaySources(List<string> Json, List<string> Parquet, int Objects)
{
    /// <summary>
    /// Whether some of the JSON objects lie in days also read from a Parquet file (late readings), so a reading could
    /// be in both (a compaction finishing while the query runs) and must be counted once.
    /// </summary>
    public bool Overlap { get; init; }

    /// <summary>Whether there is nothing to read.</summary>
    public bool IsEmpty => Json.Count == 0 && Parquet.Count == 0;
}
