namespace DataLogger.Query.DuckDb;

/// <summary>
/// What a query reads: JSON objects, compacted days (<c>{series}/compacted/{yyyy}/{MM}/{dd}/readings.parquet</c>), and
/// the Parquet files of the older local layout (<c>day.parquet</c>, <c>month.parquet</c>), with the keys of the objects
/// they stand for. The Parquet files of days where another source may hold the same reading (a JSON object beside its
/// day's Parquet file between a compaction's write and its deletes, or a late reading merged while this query was
/// prepared; a day in both layouts while it moves) are read <see cref="Together"/> with the JSON objects, each reading
/// once; the others <see cref="Apart"/>, as they are (deduplicating every query would sort a year of rows).
/// </summary>
sealed class DaySources
{
    /// <summary>The JSON objects to read.</summary>
    public List<string> Json { get; } = [];

    /// <summary>The Parquet files of days where no other source holds readings.</summary>
    public ParquetFiles Apart { get; } = new();

    /// <summary>The Parquet files of days where another source may hold the same readings.</summary>
    public ParquetFiles Together { get; } = new();

    /// <summary>The day (UTC) of each compacted day's Parquet object.</summary>
    public Dictionary<string, DateOnly> CompactedDays { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The key timestamps of the window's objects that are not compacted days: each JSON object read, and each object an
    /// older layout's manifest accounts for. One that yields no reading was malformed.
    /// </summary>
    public HashSet<long> Keys { get; } = [];

    /// <summary>Every file the table is read from.</summary>
    public IEnumerable<string> Files => Json.Concat(Apart.Compacted).Concat(Apart.Legacy).Concat(Together.Compacted).Concat(Together.Legacy);

    /// <summary>Every compacted day's Parquet object, apart or together.</summary>
    public IEnumerable<string> Compacted => Apart.Compacted.Concat(Together.Compacted);

    /// <summary>Whether there is nothing to read.</summary>
    public bool IsEmpty => Json.Count == 0 && Apart.IsEmpty && Together.IsEmpty;

    /// <summary>
    /// The values of <see cref="TableSql"/>'s <c>?</c>, in order: the JSON list, then each Parquet list that is read,
    /// apart first (a compacted list twice: see <see cref="ReadingsTableSql.CompactedReadings"/>).
    /// </summary>
    public IReadOnlyList<object> Parameters =>
        [.. new[] { Json }.Concat(Apart.Parameters).Concat(Together.Parameters).Where(list => list.Count > 0)];

    /// <summary>
    /// <c>WITH ... readings AS (...)</c>: the table the shared SQL reads, built from these objects and files. A reading
    /// in two of them counts once.
    /// </summary>
    public string TableSql
    {
        get
        {
            // Ranked: a day's Parquet files before its JSON objects, so where two hold different readings at one time
            // (a clock set back), the one stored first is read, as the compactor keeps it.
            List<string> together = [.. Together.Selects.Select(select => $"SELECT *, 0 AS source FROM ({select})")];
            if (Json.Count > 0)
            {
                together.Add("SELECT *, 1 AS source FROM json_readings");
            }

            var parts = new List<string>(Apart.Selects);
            if (together.Count > 1)
            {
                parts.Add($"""
                    SELECT {ReadingsTableSql.Columns} FROM (
                        SELECT DISTINCT ON (series, "timestamp") * FROM ({string.Join(" UNION ALL ", together)})
                        ORDER BY series, "timestamp", source, (celsius IS NULL))
                    """);
            }
            else if (Json.Count > 0)
            {
                parts.Add("SELECT * FROM json_readings");
            }
            else
            {
                parts.AddRange(Together.Selects);
            }

            var jsonCte = Json.Count == 0 ? string.Empty : ReadingsTableSql.JsonReadings + ",\n";
            return $$"""
                WITH {{jsonCte}}readings AS (
                    {{string.Join("\n    UNION ALL\n    ", parts)}}
                )

                """;
        }
    }
}
