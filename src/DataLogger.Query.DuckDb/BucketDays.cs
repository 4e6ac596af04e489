using DataLogger.Query.DuckDb.Legacy;
using DataLogger.Readings;
using DataLogger.Time;

namespace DataLogger.Query.DuckDb;

/// <summary>
/// The local bucket folder's days, as a query reads them: which JSON objects, which compacted days
/// (<see cref="ReadingKey.CompactedKey"/>) and which files of the older local layout (<see cref="LegacyLayout"/>) hold a
/// window's readings. Only what is there is listed: DuckDB fails a whole query for a path that does not exist.
/// </summary>
sealed class BucketDays(string root, LegacyLayout legacy)
{
    /// <summary>The bucket folder.</summary>
    public string Root { get; } = root;

    /// <summary>
    /// What a window reads, day by day: its compacted day's Parquet object, the JSON objects whose keys fall in the
    /// window (those an older layout's manifest accounts for are read from its file instead), and the older layout's
    /// files; a day's Parquet files are read together with the JSON objects when two of these hold readings of it.
    /// </summary>
    public DaySources Sources(string series, TimeWindow window)
    {
        var sources = new DaySources();
        var legacyFiles = new List<string>();
        var legacyTogether = new Dictionary<string, bool>(StringComparer.Ordinal); // a month's file: whether any of its days is together
        var months = new Dictionary<string, MonthManifest?>(StringComparer.Ordinal);
        foreach (var day in window.Days)
        {
            var parquet = Path.Join(Root, ReadingKey.CompactedKey(series, day));
            var compacted = File.Exists(parquet);
            var old = legacy.Day(series, day, months);
            var json = JsonObjects(series, day, window, old?.Manifest, sources);
            var together = (compacted ? 1 : 0) + (old is null ? 0 : 1) + (json ? 1 : 0) > 1;
            if (compacted)
            {
                (together ? sources.Together : sources.Apart).Compacted.Add(parquet);
                sources.CompactedDays[parquet] = day;
            }

            if (old is var (file, manifest))
            {
                if (legacyTogether.TryAdd(file, together))
                {
                    legacyFiles.Add(file);
                }

                legacyTogether[file] |= together;
                sources.Keys.UnionWith(manifest.Readings.Where(window.Contains));
                sources.Keys.UnionWith(manifest.Malformed.Where(window.Contains));
            }
        }

        foreach (var file in legacyFiles)
        {
            (legacyTogether[file] ? sources.Together : sources.Apart).Legacy.Add(file);
        }

        return sources;
    }

    // Adds the day's JSON objects whose keys fall in the window (those an older layout's manifest accounts for are read
    // from its file instead) to the sources; whether there were any.
    bool JsonObjects(string series, DateOnly day, TimeWindow window, DayManifest? manifest, DaySources sources)
    {
        var folder = Path.Join(Root, ReadingKey.DayPrefix(series, day));
        if (!Directory.Exists(folder))
        {
            return false;
        }

        var before = sources.Json.Count;
        foreach (var path in Directory.EnumerateFiles(folder, "*" + ReadingKey.Extension))
        {
            if (ReadingKey.TryParseFileName(Path.GetFileName(path.AsSpan()), out var timestamp) && window.Contains(timestamp)
                && manifest?.Contains(timestamp) != true)
            {
                sources.Json.Add(path);
                sources.Keys.Add(timestamp);
            }
        }

        return sources.Json.Count > before;
    }
}
