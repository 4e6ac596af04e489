using System.Globalization;
using DataLogger.Charts.Site;
using DataLogger.Notes;
using DataLogger.Query.DuckDb;
using DataLogger.Readings;
using DataLogger.Storage.Local;

namespace DataLogger.Bench;

/// <summary>
/// The four views of a year, each published whole (query, both charts, the page and its data files) as <c>run</c> does,
/// without notes and states and with a year of them (two notes a week, a span a month, a heater on three hours every
/// morning behind the temperature), interleaved in one run over the same compacted year: what notes and states cost.
/// </summary>
static class NotesBenchmark
{
    public static async Task RunAsync(string work, int runs)
    {
        var end = ViewsBenchmark.End;
        var bucket = await ViewsBenchmark.YearAsync(Path.Join(work, "views-compacted"), compact: true);
        using var engine = new DuckDbQueryEngine(bucket);
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var layout = new SiteLayout(["pool", "heater"]);

        // The heater's year, its views drawn into the noted site first (not timed): what the pool's charts read behind them.
        var folder = Path.Join(work, "notes-bench");
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        var heater = new List<Reading>();
        for (var t = end.AddDays(-366); t <= end; t = t.AddMinutes(5))
        {
            heater.Add(Reading.Create(Quantity.State, t, t.Hour is >= 7 and < 10 ? 1 : 0));
        }

        var noted = new SitePublisher(new XkcdSiteRenderer(), new LocalFolderStore(Path.Join(folder, "noted")), new FixedClock(end))
        {
            Notes = await YearOfNotesAsync(Path.Join(folder, "data"), end),
        };
        await noted.PublishAsync(new InMemoryReadings("heater", heater), new SiteRequest("heater", "Heater", zone) { End = end, Layout = layout, Quantity = Quantity.State, Interval = TimeSpan.Zero }, ChartView.All);
        var plain = new SitePublisher(new XkcdSiteRenderer(), new LocalFolderStore(Path.Join(folder, "plain")), new FixedClock(end));
        var request = new SiteRequest("pool", "Pool", zone) { End = end, Layout = layout };
        (string, string)[] states = [("heater", "Heater")];

        foreach (var view in ChartView.All)
        {
            var before = new Samples($"{view.Name}: published, no notes or states");
            var after = new Samples($"{view.Name}: published, a year of notes and a heater's state");
            for (var i = -1; i < runs; i++)
            {
                var a = System.Diagnostics.Stopwatch.StartNew();
                await plain.PublishAsync(engine, request, [view]);
                var plainMs = a.Elapsed.TotalMilliseconds;
                var b = System.Diagnostics.Stopwatch.StartNew();
                var results = await noted.PublishAsync(engine, request with { States = states }, [view]);
                var notedMs = b.Elapsed.TotalMilliseconds;
                if (i >= 0)
                {
                    before.Add(plainMs);
                    after.Add(notedMs);
                }
                else
                {
                    var shown = results[0].Snapshot;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{view.Name}: {shown.Notes.Count} notes, {shown.StateSpans.Count} heater spans drawn"));
                }
            }

            // Where it goes: the snapshot (queries, the notes, the states' data) and the files rendered from it.
            var renderer = new XkcdSiteRenderer();
            foreach (var (name, publisher, asked) in new[] { ("plain", plain, request), ("noted", noted, request with { States = states, Notes = await noted.Notes!.ReadAsync(Time.TimeWindow.Last(view.Length, end)) }) })
            {
                var snap = new Samples($"{view.Name}: {name} snapshot");
                var draw = new Samples($"{view.Name}: {name} render");
                for (var i = 0; i < runs; i++)
                {
                    var (snapshot, _) = await snap.TimeAsync(() => publisher.SnapshotAsync(engine, asked, view));
                    await draw.TimeAsync(() => Task.FromResult(renderer.Render(snapshot)));
                }

                Console.WriteLine(snap);
                Console.WriteLine(draw);
                var (last, _) = await publisher.SnapshotAsync(engine, asked, view);
                var chartData = XkcdSiteRenderer.ChartDataFor(last);
                foreach (var (size, chartOptions, d) in new[] { ("wide", new SiteOptions().Chart, chartData), ("narrow", new SiteOptions().NarrowChart!, chartData), ("wide, notes only", new SiteOptions().Chart, chartData with { StateSpans = [] }), ("wide, states only", new SiteOptions().Chart, chartData with { Notes = [] }) })
                {
                    var one = new Samples($"{view.Name}: {name} {size} chart alone");
                    for (var i = 0; i < runs; i++)
                    {
                        await one.TimeAsync(() => Task.FromResult(Charts.XkcdChart.Render(d, chartOptions)));
                    }

                    Console.WriteLine(one);
                }
            }

            var read = new Samples($"{view.Name}: the notes read for the view's window (a month listed each)");
            for (var i = 0; i < runs; i++)
            {
                await read.TimeAsync(() => noted.Notes!.ReadAsync(Time.TimeWindow.Last(view.Length, end)));
            }

            Console.WriteLine(before);
            Console.WriteLine(after);
            Console.WriteLine(read);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{view.Name}: with notes and states {after.Median / before.Median:0.00}x"));
        }
    }

    // Two notes a week and a span (a cover on for a night) a month, over the year before the end.
    static async Task<NoteBook> YearOfNotesAsync(string folder, DateTimeOffset end)
    {
        var book = new NoteBook(new LocalFolderStore(folder, durable: false));
        for (var day = 0; day < 366; day++)
        {
            var at = end.AddDays(-day).AddHours(-3);
            if (day % 7 is 1 or 4)
            {
                await book.AddAsync(new Note(at.ToUnixTimeSeconds(), null, day % 2 == 0 ? "pool" : null, day % 7 == 1 ? "Shocked, 1 kg cal-hypo" : "Backwashed the filter"));
            }

            if (day % 30 == 5)
            {
                await book.AddAsync(new Note(at.ToUnixTimeSeconds(), at.AddHours(14).ToUnixTimeSeconds(), null, "Cover on"));
            }
        }

        return book;
    }

    sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
