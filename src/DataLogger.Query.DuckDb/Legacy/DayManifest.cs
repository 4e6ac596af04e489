namespace DataLogger.Query.DuckDb.Legacy;

/// <summary>
/// The older local layout's record of a compacted day, beside its <c>day.parquet</c>: which readings the file holds and
/// which of the day's objects were malformed (JSON objects not named here arrived later). Read only: the local
/// compaction moves such days into the bucket layout (<see cref="LegacyLayout"/>).
/// </summary>
/// <param name="Readings">The timestamps of the readings in the Parquet file.</param>
/// <param name="Malformed">The timestamps (keys) of the day's malformed objects.</param>
sealed record DayManifest(HashSet<long> Readings, HashSet<long> Malformed)
{
    /// <summary>The compacted day's Parquet file (ZSTD), in the day folder.</summary>
    public const string ParquetName = "day.parquet";

    /// <summary>The manifest's file name, in the day folder.</summary>
    public const string FileName = "day.manifest";

    /// <summary>Whether the object with key timestamp <paramref name="timestamp"/> is accounted for.</summary>
    public bool Contains(long timestamp) => Readings.Contains(timestamp) || Malformed.Contains(timestamp);

    /// <summary>
    /// The manifest of the day folder, or null when the day is not compacted (or, unless <paramref name="withParquet"/>
    /// is false, as for a day read from its month's file, its Parquet file is missing).
    /// </summary>
    public static DayManifest? Read(string folder, bool withParquet) =>
        ManifestJson.Read(folder, FileName, withParquet ? ParquetName : null, root => new DayManifest(
            [.. root.GetProperty("readings").EnumerateArray().Select(e => e.GetInt64())],
            [.. root.GetProperty("malformed").EnumerateArray().Select(e => e.GetInt64())]));
}
