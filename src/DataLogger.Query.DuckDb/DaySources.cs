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

    /// <summary>The values of <see cref="TableSql"/>'s <c>?</c>, in order: the JSON list, then the Parquet list (each when there is one).</summary>
    public IReadOnlyList<object> Parameters
    {
        get
        {
            var parameters = new List<object>(2);
            if (Json.Count > 0)
            {
                parameters.Add(Json);
            }

            if (Parquet.Count > 0)
            {
                parameters.Add(Parquet);
            }

            return parameters;
        }
    }

    /// <summary>
    /// <c>WITH ... readings AS (...)</c>: the table the shared SQL reads, built from these objects and compacted days. A
    /// reading in both a day's Parquet file and a JSON object counts once.
    /// </summary>
    public string TableSql
    {
        get
        {
            var parts = new List<string>(2);
            if (Json.Count > 0)
            {
                parts.Add("SELECT * FROM json_readings");
            }

            if (Parquet.Count > 0)
            {
                parts.Add(ReadingsTableSql.ParquetReadings);
            }

            var jsonCte = Json.Count == 0 ? string.Empty : ReadingsTableSql.JsonReadings + ",\n";

            // Only JSON objects in a day also read from a Parquet file can repeat a reading: a late one that a compaction
            // merged while this query was being prepared. (Deduplicating every query would sort a year of rows.)
            var distinct = Overlap && Json.Count > 0 && Parquet.Count > 0
                ? """SELECT DISTINCT ON (series, "timestamp") * FROM all_readings ORDER BY series, "timestamp", (celsius IS NULL)"""
                : "SELECT * FROM all_readings";
            return $$"""
                WITH {{jsonCte}}all_readings AS (
                    {{string.Join("\n    UNION ALL\n    ", parts)}}
                ), readings AS (
                    {{distinct}}
                )

                """;
        }
    }
}
