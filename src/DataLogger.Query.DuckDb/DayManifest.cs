namespace DataLogger.Query.DuckDb;

/// <summary>
/// The record of a compacted day, beside its Parquet file: which readings the file holds and which of the day's
/// objects were malformed. Written last, atomically: it is the compaction's commit point. JSON objects not named here
/// arrived later; queries read them beside the Parquet file until the next compaction merges them.
/// </summary>
/// <param name="Readings">The timestamps of the readings in the Parquet file.</param>
/// <param name="Malformed">The timestamps (keys) of the day's malformed objects.</param>
/// <param name="CompactedAt">When the day was compacted.</param>
sealed record DayManifest(HashSet<long> Readings, HashSet<long> Malformed, DateTimeOffset CompactedAt)
{
    /// <summary>The compacted day's Parquet file (ZSTD).</summary>
    public const string ParquetName = "day.parquet";

    /// <summary>The manifest's file name (not <c>.json</c>: it is no reading).</summary>
    public const string FileName = "day.manifest";

    /// <summary>A manifest that names nothing, for a compacted day whose details are not needed.</summary>
    public static DayManifest Empty { get; } = new([], [], DateTimeOffset.MinValue);

    /// <summary>Whether the day folder is compacted (its manifest and Parquet file are there), without reading the manifest.</summary>
    public static bool IsCompacted(string folder) => File.Exists(Path.Join(folder, FileName)) && File.Exists(Path.Join(folder, ParquetName));

    /// <summary>Whether the object with key timestamp <paramref name="timestamp"/> is accounted for.</summary>
    public bool Contains(long timestamp) => Readings.Contains(timestamp) || Malformed.Contains(timestamp);

    /// <summary>
    /// The manifest of the day folder, or null when the day is not compacted (or, unless <paramref name="withParquet"/>
    /// is false, as for a day read from its month's file, its Parquet file is missing).
    /// </summary>
    public static DayManifest? Read(string folder, bool withParquet = true) =>
        ManifestJson.Read(folder, FileName, withParquet ? ParquetName : null, root => new DayManifest(
            [.. root.GetProperty("readings").EnumerateArray().Select(e => e.GetInt64())],
            [.. root.GetProperty("malformed").EnumerateArray().Select(e => e.GetInt64())],
            root.GetProperty("compactedAt").GetDateTimeOffset()));

    /// <summary>The manifest as JSON.</summary>
    public byte[] Encode() => ManifestJson.Write(CompactedAt, json =>
    {
        json.WriteStartArray("readings");
        foreach (var t in Readings.Order())
        {
            json.WriteNumberValue(t);
        }

        json.WriteEndArray();
        json.WriteStartArray("malformed");
        foreach (var t in Malformed.Order())
        {
            json.WriteNumberValue(t);
        }

        json.WriteEndArray();
    });
}
