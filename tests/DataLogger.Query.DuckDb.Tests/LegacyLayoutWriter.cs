using System.Globalization;
using System.Text.Json;
using DataLogger.Readings;

namespace DataLogger.Query.DuckDb.Tests;

/// <summary>
/// Writes the older local layout as the versions before one compactor wrote it (the DuckDB compactor of issue 9): each
/// finished day's valid readings into <c>day.parquet</c> (ZSTD, partition columns inside, <c>celsius</c> coalesced)
/// beside a <c>day.manifest</c>, and a finished month's day files merged into <c>month.parquet</c> beside a
/// <c>month.manifest</c>; with prune, the JSON objects of the readings it holds deleted. So the tests can check that
/// such a bucket is still read, and moved.
/// </summary>
static class LegacyLayoutWriter
{
    static readonly DateTimeOffset CompactedAt = new(2025, 11, 20, 3, 0, 0, TimeSpan.Zero);

    /// <summary>Compacts each day of <paramref name="series"/> before <paramref name="today"/> into the older layout.</summary>
    public static async Task WriteDaysAsync(DuckDbQueryEngine engine, string series, DateOnly today, bool prune)
    {
        var root = Path.Join(engine.BucketRoot, ReadingKey.SeriesPrefix(series));
        foreach (var folder in Directory.EnumerateDirectories(root, "*", new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 2 }))
        {
            if (!ReadingKey.TryParseDayPrefix(Path.GetRelativePath(engine.BucketRoot, folder).Replace('\\', '/'), out _, out var day) || day >= today)
            {
                continue;
            }

            var json = Directory.GetFiles(folder, "*.json").ToList();
            var sources = new DaySources();
            sources.Json.AddRange(json);
            var (_, rows) = await engine.QueryAsync(sources, new QueryText($"""SELECT "timestamp" FROM readings WHERE {ReadingsQuery.ValidReading}""", []), default);
            var valid = rows.Select(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture)).ToHashSet();
            await engine.Database.ExecuteAsync($"""
                COPY ({sources.TableSql}
                SELECT series, year, month, day, "timestamp", COALESCE(celsius, celcius) AS celsius, CAST(NULL AS DOUBLE) AS celcius, fahrenheit, sensor
                FROM readings WHERE {ReadingsQuery.ValidReading} ORDER BY "timestamp")
                TO '{Path.Join(folder, "day.parquet")}' (FORMAT PARQUET, COMPRESSION ZSTD)
                """, sources.Parameters);
            var keys = json.Select(p => long.Parse(Path.GetFileNameWithoutExtension(p), CultureInfo.InvariantCulture)).ToList();
            await File.WriteAllTextAsync(Path.Join(folder, "day.manifest"), JsonSerializer.Serialize(new
            {
                compactedAt = CompactedAt,
                readings = keys.Where(valid.Contains).Order(),
                malformed = keys.Where(k => !valid.Contains(k)).Order(),
            }));
            if (prune)
            {
                foreach (var path in json.Where(p => valid.Contains(long.Parse(Path.GetFileNameWithoutExtension(p), CultureInfo.InvariantCulture))))
                {
                    File.Delete(path);
                }
            }
        }
    }

    /// <summary>Merges the compacted days of <paramref name="series"/>'s month <paramref name="month"/> into the month's file.</summary>
    public static async Task WriteMonthAsync(DuckDbQueryEngine engine, string series, DateOnly month)
    {
        var folder = Path.Join(engine.BucketRoot, ReadingKey.MonthPrefix(series, month));
        var days = Directory.GetFiles(folder, "day.parquet", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        await engine.Database.ExecuteAsync(
            $"""COPY (SELECT * FROM read_parquet(?) ORDER BY "timestamp") TO '{Path.Join(folder, "month.parquet")}' (FORMAT PARQUET, COMPRESSION ZSTD)""",
            [days]);
        await File.WriteAllTextAsync(Path.Join(folder, "month.manifest"), JsonSerializer.Serialize(new
        {
            compactedAt = CompactedAt,
            days = days.ToDictionary(d => Path.GetFileName(Path.GetDirectoryName(d))!, _ => CompactedAt),
        }));
    }
}
