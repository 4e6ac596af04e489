using System.Globalization;

namespace DataLogger.Query.DuckDb.Legacy;

/// <summary>
/// The older local layout's record of a finished month whose compacted days were merged into one <c>month.parquet</c>,
/// beside that file: which days it holds (a query reads the month's file for those, a day's own files otherwise). Read
/// only: the local compaction moves such months into the bucket layout (<see cref="LegacyLayout"/>).
/// </summary>
/// <param name="Days">The days of the month in the file (1 to 31).</param>
sealed record MonthManifest(IReadOnlySet<int> Days)
{
    /// <summary>The finished month's Parquet file (ZSTD), in the month folder.</summary>
    public const string ParquetName = "month.parquet";

    /// <summary>The manifest's file name, in the month folder.</summary>
    public const string FileName = "month.manifest";

    /// <summary>The manifest of the month folder, or null when the month is not merged (or its Parquet file is missing).</summary>
    public static MonthManifest? Read(string folder) =>
        ManifestJson.Read(folder, FileName, ParquetName, root => new MonthManifest(
            root.GetProperty("days").EnumerateObject().Select(d => int.Parse(d.Name, CultureInfo.InvariantCulture)).ToHashSet()));
}
