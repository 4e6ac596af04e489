using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using DataLogger.Charts;
using DataLogger.Charts.Site;
using DataLogger.Compaction;
using DataLogger.Forecasting;
using DataLogger.Query.DuckDb;
using DataLogger.Readings;
using DataLogger.Simulation;
using DataLogger.Storage.Local;
using DataLogger.Time;

namespace DataLogger.Bench;

/// <summary>
/// What the page's answers cost (issue 24), over two years of compacted history: each view as it was drawn before
/// (its query, its chart) beside each view as it is drawn now (the 48-hour query split into today and yesterday, the
/// forecast, the records from the daily summaries asked for again every time (the worst case: a local site asks
/// every 15 minutes), last year's bands behind the 7- and 30-day views, the chart with its comparison, legend and
/// dot, the view's data file and CSV), interleaved pass by pass; then what the page weighs now.
/// </summary>
static class AnswersBenchmark
{
    static readonly DateTimeOffset End = new(2025, 11, 27, 12, 0, 0, TimeSpan.Zero);

    static string SiteFolder = string.Empty;

    public static async Task RunAsync(string work, int runs)
    {
        var bucket = await TwoYearsAsync(Path.Join(work, "answers-2y"));
        using var engine = new DuckDbQueryEngine(bucket);
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var options = new ChartOptions { Scale = 2 };
        SiteFolder = Path.Join(work, "answers-site");
        var site = new LocalFolderStore(SiteFolder, durable: false);
        var publisher = new SitePublisher(new XkcdSiteRenderer(), site, new FixedClock(End));
        var request = new SiteRequest("pool", "Pool", zone) { End = End, Goal = new HeatingGoal(28), RefreshRecords = true };

        // The longer views get the newest reading from the 24-hour view's result, as the publisher hands it on.
        var day = await engine.ReadingsAsync("pool", ChartView.Day.ReadingsWindow(End));
        foreach (var view in ChartView.All)
        {
            var before = new Samples($"{view.Name}: query + render, as before");
            var now = new Samples($"{view.Name}: query + comparison + forecast + records + render + data files, now");
            var kept = new Samples($"{view.Name}: the same, the records from the kept daily summaries (between refreshes)");
            for (var i = -1; i < runs; i++)
            {
                var b = await TimeAsync(() => BeforeAsync(engine, view, zone, options));
                var n = await TimeAsync(() => NowAsync(engine, publisher, view == ChartView.Day ? request : request with { Day = day }, view, options, zone));
                var k = view == ChartView.Day ? await TimeAsync(() => NowAsync(engine, publisher, request with { RefreshRecords = false }, view, options, zone)) : 0;
                if (i >= 0)
                {
                    before.Add(b);
                    now.Add(n);
                    if (view == ChartView.Day)
                    {
                        kept.Add(k);
                    }
                }
            }

            Console.WriteLine(before);
            Console.WriteLine(now);
            if (kept.Count > 0)
            {
                Console.WriteLine(kept);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{view.Name}: between refreshes {kept.Median / before.Median:0.00}x of before"));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{view.Name}: now {now.Median / before.Median:0.00}x of before"));
        }

        await WeightAsync(engine, publisher, request);
    }

    static async Task<double> TimeAsync(Func<Task> action)
    {
        var s = Stopwatch.StartNew();
        await action();
        return s.Elapsed.TotalMilliseconds;
    }

    // The view as ViewsBenchmark measures it: its query, then its chart.
    static async Task BeforeAsync(DuckDbQueryEngine engine, ChartView view, TimeZoneInfo zone, ChartOptions options) =>
        XkcdChart.Render(await ViewsBenchmark.ChartAsync(engine, view, End, zone), options);

    // The view as the publisher draws it now: its snapshot (with what it is compared with, and for the day the forecast
    // and the records), its chart, its data file and its CSV.
    static async Task NowAsync(DuckDbQueryEngine engine, SitePublisher publisher, SiteRequest request, ChartView view, ChartOptions options, TimeZoneInfo zone)
    {
        var (snapshot, _) = await publisher.SnapshotAsync(engine, request, view);
        var data = XkcdSiteRenderer.ChartDataFor(snapshot);
        XkcdChart.Render(data, options);
        var (plot, low, high) = XkcdChart.PlotArea(data, options);
        _ = ViewData.Encode(snapshot, new ViewData.Geometry(options.Width, options.Height, plot.Left, plot.Top, plot.Right, plot.Bottom, low, high), null);
        _ = snapshot.Bands.Count > 0 ? ReadingCsv.Of(snapshot.Bands, zone) : ReadingCsv.Of(snapshot.Readings, zone);
    }

    // What a phone loads for the 24-hour page now, against the same page without the answers (forecast and records).
    static async Task WeightAsync(DuckDbQueryEngine engine, SitePublisher publisher, SiteRequest request)
    {
        var renderer = new XkcdSiteRenderer();
        var (snapshot, _) = await publisher.SnapshotAsync(engine, request, ChartView.Day);
        var files = renderer.Render(snapshot with { Views = ChartView.All }).ToDictionary(f => f.Name, f => f.Body.ToArray());
        var bare = renderer.Render(snapshot with { Views = ChartView.All, Forecast = Forecast.Nothing, Records = Records.None }).Single(f => f.Name == "index.html").Body.ToArray();
        var script = renderer.RenderIndex(new SiteIndex([], request.TimeZone, End), SiteLayout.Of("pool")).Single(f => f.Name == "chart.js").Body.ToArray();
        static string Size(byte[] bytes)
        {
            using var gz = new MemoryStream();
            using (var zip = new GZipStream(gz, CompressionLevel.Optimal, leaveOpen: true))
            {
                zip.Write(bytes);
            }

            return string.Create(CultureInfo.InvariantCulture, $"{bytes.Length:N0} B ({gz.Length:N0} B gzipped)");
        }

        Console.WriteLine($"index.html: {Size(files["index.html"])}; without the forecast and records: {Size(bare)}");
        Console.WriteLine($"data-24h.json (fetched by the script): {Size(files["data-24h.json"])}");
        Console.WriteLine($"chart.js (once, cached): {Size(script)}");
        Console.WriteLine($"data-24h.csv (only when downloaded): {Size(files["data-24h.csv"])}");
        Console.WriteLine($"chart-24h-narrow.png: {Size(files["chart-24h-narrow.png"])}; chart-24h.png: {Size(files["chart-24h.png"])}");
        Console.WriteLine($"days.json (two years of daily summaries, read by the publisher, not the phone): {Size(await File.ReadAllBytesAsync(Path.Join(SiteFolder, DailySummaries.FileName)))}");
    }

    static async Task<string> TwoYearsAsync(string folder)
    {
        var bucket = Path.Join(folder, "bucket");
        var marker = Path.Join(folder, ".complete");
        if (!File.Exists(marker))
        {
            var store = new LocalFolderStore(bucket, durable: false);
            await Parallel.ForEachAsync(History.Generate(new PoolModel(), End, TimeSpan.FromDays(731), TimeSpan.FromMinutes(5)), async (reading, ct) =>
                await store.PutAsync(ReadingKey.For("pool", reading).ToString(), ReadingJson.Encode(reading), ReadingJson.ContentType, ct));
            var s = Stopwatch.StartNew();
            var summary = await new BucketCompactor(store, TimeProvider.System).CompactAsync("pool", BucketCompactor.Cutoff(End), stopAt: null, progress: null, default);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"compacted {summary} in {s.Elapsed.TotalSeconds:0.0} s"));
            await File.WriteAllTextAsync(marker, "done");
        }

        return bucket;
    }

    sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
