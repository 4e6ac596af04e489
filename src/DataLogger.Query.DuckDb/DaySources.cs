namespace DataLogger.Query.DuckDb;

/// <summary>What a query reads: JSON objects, compacted days' Parquet files, and how many reading objects they stand for.</summary>
/// <param name="Json">The JSON objects to read.</param>
/// <param name="Parquet">The Parquet files of compacted days.</param>
/// <param name="Objects">How many reading objects (valid or malformed) of the window these hold.</param>
sealed record DaySources(List<string> Json, List<string> Parquet, int Objects)
{
    /// <summary>Whether there is nothing to read.</summary>
    public bool IsEmpty => Json.Count == 0 && Parquet.Count == 0;
}
