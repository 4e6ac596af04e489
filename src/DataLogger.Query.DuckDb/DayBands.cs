using System.Collections.Concurrent;
using DataLogger.Readings;
using DataLogger.Time;

namespace DataLogger.Query.DuckDb;

/// <summary>
/// The bands of compacted days that lie whole inside a window and are read apart (no other source holds readings of
/// them), each day's asked of DuckDB once, with the same SQL over those days alone, and kept by its path, size and
/// time (a late reading merged into a day rewrites its file). A band's bucket divides a day, so a day's bands are the
/// same whichever days are read with it: a year's view asks DuckDB about the days that changed, not 365 files again.
/// What a series' last query of a bucket size did not read is forgotten.
/// </summary>
sealed class DayBands
{
    const long Day = 86_400;

    readonly ConcurrentDictionary<(string Series, long Bucket), Dictionary<string, Kept>> _known = new();

    /// <summary>Whether bands of <paramref name="bucket"/> can be kept by day: it divides a day.</summary>
    public static bool Keeps(TimeSpan bucket) => bucket.Ticks % TimeSpan.TicksPerSecond == 0 && (long)bucket.TotalSeconds is > 0 and var seconds && Day % seconds == 0;

    /// <summary>
    /// Takes the compacted days of <paramref name="sources"/> that lie whole in <paramref name="window"/> out of them,
    /// and returns their bands: those kept, and those of the days not seen in this size and time, asked of
    /// <paramref name="query"/> (which runs the bands' SQL over the sources it is given).
    /// </summary>
    public async Task<List<ReadingBand>> TakeAsync(
        string series, TimeWindow window, TimeSpan bucket, DaySources sources, Func<DaySources, Task<IReadOnlyList<ReadingBand>>> query)
    {
        var whole = sources.Apart.Compacted
            .Select(file => (File: file, Start: (sources.CompactedDays[file].DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber) * Day, Info: new FileInfo(file)))
            .Where(f => f.Start > window.StartUnixSeconds && f.Start + Day - 1 <= window.EndUnixSeconds && f.Info.Exists)
            .ToList();
        var key = (series, (long)bucket.TotalSeconds);
        var before = _known.GetValueOrDefault(key) ?? [];
        var now = new Dictionary<string, Kept>(StringComparer.Ordinal);
        var unknown = new DaySources();
        foreach (var (file, start, info) in whole)
        {
            if (before.TryGetValue(file, out var kept) && kept.Written == info.LastWriteTimeUtc && kept.Length == info.Length)
            {
                now[file] = kept;
            }
            else
            {
                unknown.Apart.Compacted.Add(file);
            }
        }

        if (unknown.Apart.Compacted.Count > 0)
        {
            var asked = await query(unknown).ConfigureAwait(false);
            var byDay = asked.ToLookup(b => b.Start - (b.Start % Day));
            foreach (var (file, start, info) in whole.Where(f => !now.ContainsKey(f.File)))
            {
                now[file] = new Kept(info.LastWriteTimeUtc, info.Length, [.. byDay[start]]);
            }
        }

        _known[key] = now;
        sources.Apart.Compacted.RemoveAll(now.ContainsKey);
        return [.. now.Values.SelectMany(k => k.Bands)];
    }

    sealed record Kept(DateTime Written, long Length, IReadOnlyList<ReadingBand> Bands);
}
