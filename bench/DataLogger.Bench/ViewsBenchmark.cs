using System.Diagnostics;
using System.Globalization;
using DataLogger.Charts;
using DataLogger.Charts.Site;
using DataLogger.Compaction;
using DataLogger.Query.DuckDb;
using DataLogger.Readings;
using DataLogger.Simulation;
using DataLogger.Site;
using DataLogger.Storage.Local;
using DataLogger.Time;

namespace DataLogger.Bench;

/// <summary>
/// Each view's query and render over a year of history, JSON objects only against compacted (one Parquet object per
/// day, <c>{series}/compacted/...</c>, the hour that is not over as JSON), interleaved in one run. When
/// <c>{work}/views-legacy/bucket</c> holds the same year compacted by an earlier version (day and month files with their
/// manifests: <c>datalogger compact --prune</c> of a build before issue 22), it is measured beside them.
/// </summary>
static class ViewsBenchmark
{
    internal static readonly DateTimeOffset End = new(2025, 11, 27, 12, 0, 0, TimeSpan.Zero);

    public static async Task RunAsync(string work, int runs)
    {
        var json = await YearAsync(Path.Join(work, "views-json"), compact: false);
        var compacted = await YearAsync(Path.Join(work, "views-compacted"), compact: true);
        using var jsonEngine = new DuckDbQueryEngine(json);
        using var compactedEngine = new DuckDbQueryEngine(compacted);
        var legacy = Path.Join(work, "views-legacy", "bucket");
        using var legacyEngine = Directory.Exists(legacy) ? new DuckDbQueryEngine(legacy) : null;
        var engines = new List<(string Name, DuckDbQueryEngine Engine)> { ("json", jsonEngine) };
        if (legacyEngine is not null)
        {
            engines.Add(("legacy", legacyEngine));
        }

        engines.Add(("compacted", compactedEngine)); // last: the one the chart is drawn from
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var options = new ChartOptions { Scale = 2 };
        foreach (var view in ChartView.All)
        {
            var samples = new Dictionary<string, Samples>
            {
                ["json"] = new($"{view.Name}: query, JSON only"),
                ["legacy"] = new($"{view.Name}: query, compacted by an earlier version (day and month files)"),
                ["compacted"] = new($"{view.Name}: query, compacted"),
                ["render"] = new($"{view.Name}: render (PNG 2000x1000)"),
                ["view"] = new($"{view.Name}: query + render, compacted"),
            };
            for (var i = -1; i < runs; i++)
            {
                ChartData? chart = null;
                double query = 0; // the last one measured: the compacted bucket's
                foreach (var (name, engine) in engines)
                {
                    var s = Stopwatch.StartNew();
                    chart = await ChartAsync(engine, view, End, zone);
                    query = s.Elapsed.TotalMilliseconds;
                    if (i >= 0)
                    {
                        samples[name].Add(query);
                    }
                }

                var r = Stopwatch.StartNew();
                XkcdChart.Render(chart!, options);
                if (i >= 0)
                {
                    samples["render"].Add(r.Elapsed.TotalMilliseconds);
                    samples["view"].Add(query + r.Elapsed.TotalMilliseconds);
                }
            }

            foreach (var s in samples.Values.Where(s => s.Count > 0))
            {
                Console.WriteLine(s);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{view.Name}: the query {samples["json"].Median / samples["compacted"].Median:0.0}x faster compacted"));
        }
    }

    /// <summary>A view's chart as it was drawn before issue 24: its query (every reading, or bands), nothing compared.</summary>
    internal static async Task<ChartData> ChartAsync(DuckDbQueryEngine engine, ChartView view, DateTimeOffset end, TimeZoneInfo zone)
    {
        var window = TimeWindow.Last(view.Length, end);
        IReadOnlyList<Reading> readings = [];
        IReadOnlyList<ReadingBand> bands = [];
        if (view.Bucket is { } bucket)
        {
            bands = await engine.BandsAsync("pool", window, bucket);
        }
        else
        {
            readings = (await engine.ReadingsAsync("pool", window)).Readings;
        }

        return new ChartData($"Pool temperature - last {view.Label}", window, readings, zone) { Bands = bands };
    }

    internal static async Task<string> YearAsync(string folder, bool compact)
    {
        var bucket = Path.Join(folder, "bucket");
        var marker = Path.Join(folder, ".complete");
        if (!File.Exists(marker))
        {
            var store = new LocalFolderStore(bucket, durable: false);
            await Parallel.ForEachAsync(History.Generate(new PoolModel(), End, TimeSpan.FromDays(366), TimeSpan.FromMinutes(5)), async (reading, ct) =>
                await store.PutAsync(ReadingKey.For("pool", reading).ToString(), ReadingJson.Encode(reading), ReadingJson.ContentType, ct));
            await File.WriteAllTextAsync(marker, "done");
        }

        if (compact)
        {
            // Idempotent: a compacted history from an earlier run only gets what is new; the hour that is not over
            // stays JSON, as in run.
            var s = Stopwatch.StartNew();
            var summary = await new BucketCompactor(new LocalFolderStore(bucket, durable: false), TimeProvider.System)
                .CompactAsync("pool", BucketCompactor.Cutoff(End), stopAt: null, progress: null, default);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"compacted {summary} in {s.Elapsed.TotalSeconds:0.0} s"));
        }

        return bucket;
    }
}
