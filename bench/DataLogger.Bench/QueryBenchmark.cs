using System.Diagnostics;
using System.Globalization;
using DataLogger.Query.DuckDb;
using DataLogger.Readings;
using DataLogger.Simulation;
using DataLogger.Storage.Local;
using DataLogger.Time;
using DuckDB.NET.Data;

namespace DataLogger.Bench;

/// <summary>
/// The 24-hour query over 2 days of history and over 1 year of history, interleaved in one run, so the ratio
/// shows whether the cost grows with history (it must not). A glob over the whole tree is timed beside them,
/// as what the engine must not do.
/// </summary>
static class QueryBenchmark
{
    static readonly DateTimeOffset End = new(2025, 11, 27, 12, 0, 0, TimeSpan.Zero);

    public static async Task RunAsync(string work, int runs)
    {
        var small = await HistoryAsync(Path.Join(work, "history-2d"), TimeSpan.FromDays(2));
        var large = await HistoryAsync(Path.Join(work, "history-1y"), TimeSpan.FromDays(365));
        var window = TimeWindow.Last(TimeSpan.FromHours(24), End);
        var smallEngine = new DuckDbQueryEngine(small);
        var largeEngine = new DuckDbQueryEngine(large);

        // Warm up both (file system cache, DuckDB's native library).
        await smallEngine.ReadingsAsync("pool", window);
        await largeEngine.ReadingsAsync("pool", window);

        var overSmall = new Samples("24 h query, 2 days of history");
        var overLarge = new Samples("24 h query, 1 year of history");
        for (var i = 0; i < runs; i++)
        {
            var a = await overSmall.TimeAsync(() => smallEngine.ReadingsAsync("pool", window));
            var b = await overLarge.TimeAsync(() => largeEngine.ReadingsAsync("pool", window));
            if (a.Readings.Count != 288 || b.Readings.Count != 288)
            {
                throw new InvalidOperationException($"expected 288 readings, got {a.Readings.Count} and {b.Readings.Count}");
            }
        }

        var globTree = new Samples("glob over the whole 1-year tree (avoided)");
        for (var i = 0; i < 3; i++)
        {
            await globTree.TimeAsync(() => GlobWholeTreeAsync(large, window));
        }

        Console.WriteLine(overSmall);
        Console.WriteLine(overLarge);
        Console.WriteLine(globTree);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ratio 1 year / 2 days: {overLarge.Median / overSmall.Median:0.00}; whole-tree glob / day folders: {globTree.Median / overLarge.Median:0.0}x"));
    }

    static async Task<int> GlobWholeTreeAsync(string bucket, TimeWindow window)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = string.Create(CultureInfo.InvariantCulture,
            $"SELECT count(*) FROM read_json('{bucket}/pool/*/*/*/*.json', columns = {{'timestamp': 'BIGINT', 'celsius': 'DOUBLE'}}) WHERE \"timestamp\" > {window.StartUnixSeconds} AND \"timestamp\" <= {window.EndUnixSeconds}");
        return Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    static async Task<string> HistoryAsync(string folder, TimeSpan length)
    {
        var bucket = Path.Join(folder, "bucket");
        var marker = Path.Join(folder, ".complete");
        if (File.Exists(marker))
        {
            return bucket;
        }

        var stopwatch = Stopwatch.StartNew();
        var store = new LocalFolderStore(bucket, durable: false);
        await Parallel.ForEachAsync(History.Generate(new PoolModel(), End, length, TimeSpan.FromMinutes(5)), async (reading, ct) =>
            await store.PutAsync(ReadingKey.For("pool", reading).ToString(), ReadingJson.Encode(reading), ReadingJson.ContentType, ct));
        await File.WriteAllTextAsync(marker, DateTimeOffset.UtcNow.ToString("O"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {Directory.GetFiles(bucket, "*.json", SearchOption.AllDirectories).Length:N0} readings into {bucket} in {stopwatch.Elapsed.TotalSeconds:0.0} s"));
        return bucket;
    }
}
