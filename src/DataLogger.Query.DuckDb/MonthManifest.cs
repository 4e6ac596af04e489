using System.Globalization;

namespace DataLogger.Query.DuckDb;

/// <summary>
/// The record of a finished month whose compacted days were merged into one Parquet file, beside that file: which days
/// it holds, each by the time its day manifest was written (the day's version). Written last, atomically: it is the
/// commit point. A query reads the month's file for the days named here, and a day's own files otherwise; a compaction
/// empties this manifest before it changes any day of the month, so a day's newer version is never hidden.
/// </summary>
/// <param name="Days">The days of the month in the file (1 to 31), each with its day manifest's <see cref="DayManifest.CompactedAt"/>.</param>
/// <param name="CompactedAt">When the month was merged.</param>
sealed record MonthManifest(IReadOnlyDictionary<int, DateTimeOffset> Days, DateTimeOffset CompactedAt)
{
    /// <summary>The finished month's Parquet file (ZSTD), in the month folder.</summary>
    public const string ParquetName = "month.parquet";

    /// <summary>The manifest's file name, in the month folder.</summary>
    public const string FileName = "month.manifest";

    /// <summary>Whether this manifest holds exactly <paramref name="days"/>, each at the same version.</summary>
    public bool Holds(IReadOnlyDictionary<int, DateTimeOffset> days) =>
        Days.Count == days.Count && days.All(d => Days.TryGetValue(d.Key, out var version) && version == d.Value);

    /// <summary>The manifest of the month folder, or null when the month is not merged (or its Parquet file is missing).</summary>
    public static MonthManifest? Read(string folder) =>
        ManifestJson.Read(folder, FileName, ParquetName, root => new MonthManifest(
            root.GetProperty("days").EnumerateObject().ToDictionary(d => int.Parse(d.Name, CultureInfo.InvariantCulture), d => d.Value.GetDateTimeOffset()),
            root.GetProperty("compactedAt").GetDateTimeOffset()));

    /// <summary>The manifest as JSON.</summary>
    public byte[] Encode() => ManifestJson.Write(CompactedAt, json =>
    {
        json.WriteStartObject("days");
        foreach (var (day, version) in Days.OrderBy(d => d.Key))
        {
            json.WriteString(day.ToString("00", CultureInfo.InvariantCulture), version);
        }

        json.WriteEndObject();
    });
}
