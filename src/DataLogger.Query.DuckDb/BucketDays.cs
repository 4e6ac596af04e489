using DataLogger.Readings;
using DataLogger.Time;

namespace DataLogger.Query.DuckDb;

/// <summary>
/// The local bucket folder's days, as a query reads them: which JSON objects and which compacted days' and months'
/// Parquet files hold a window's readings, resolved from the manifests the local compactor writes.
/// </summary>
sealed class BucketDays(string root)
{
    /// <summary>The bucket folder.</summary>
    public string Root { get; } = root;

    /// <summary>
    /// What a window reads, day by day: the JSON objects whose keys fall in it; for a compacted day its Parquet file
    /// (or its finished month's, when the month's days are merged) plus the JSON objects that arrived after the
    /// compaction. (DuckDB fails a whole query for a path that does not exist, so only what is there is listed.)
    /// </summary>
    public DaySources Sources(string series, TimeWindow window, bool countObjects = true)
    {
        var json = new List<string>(capacity: 320);
        var parquet = new List<string>();
        var objects = 0;
        var overlap = false;
        var months = new Dictionary<string, MonthManifest?>(StringComparer.Ordinal);
        var mergedMonths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var day in window.Days)
        {
            var folder = Path.Join(Root, ReadingKey.DayPrefix(series, day));
            if (!Directory.Exists(folder))
            {
                continue;
            }

            var files = Directory.GetFiles(folder, "*" + ReadingKey.Extension);
            var monthFolder = Path.Join(Root, ReadingKey.MonthPrefix(series, day));
            if (!months.TryGetValue(monthFolder, out var month))
            {
                month = MonthManifest.Read(monthFolder);
                months[monthFolder] = month;
            }

            var merged = month is not null && month.Days.ContainsKey(day.Day);
            if (merged && mergedMonths.Add(monthFolder))
            {
                parquet.Add(Path.Join(monthFolder, MonthManifest.ParquetName));
            }

            // A compacted day with no JSON objects left needs its manifest only when objects are counted.
            var manifest = files.Length == 0 && !countObjects
                ? (merged || DayManifest.IsCompacted(folder) ? DayManifest.Empty : null)
                : DayManifest.Read(folder, withParquet: !merged) ?? (merged ? DayManifest.Empty : null);
            if (manifest is not null)
            {
                if (!merged)
                {
                    parquet.Add(Path.Join(folder, DayManifest.ParquetName));
                }

                objects += manifest.Readings.Count(window.Contains) + manifest.Malformed.Count(window.Contains);
            }

            foreach (var path in files)
            {
                if (ReadingKey.TryParseFileName(Path.GetFileName(path.AsSpan()), out var timestamp) && window.Contains(timestamp)
                    && (manifest is null || !manifest.Contains(timestamp)))
                {
                    json.Add(path);
                    objects++;
                    overlap |= manifest is not null;
                }
            }
        }

        return new DaySources(json, parquet, objects) { Overlap = overlap };
    }

}
