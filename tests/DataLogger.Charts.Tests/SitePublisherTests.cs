using DataLogger.Charts.Site;
using DataLogger.Readings;
using DataLogger.Site;
using DataLogger.Testing;

namespace DataLogger.Charts.Tests;

/// <summary>The publisher writes only the site's files that changed, with the real renderer, counting every write.</summary>
public sealed class SitePublisherTests
{
    static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    static readonly string[] Shared = ["humor-sans.ttf", "humor-sans-OFL.txt", "symbols.ttf", "symbols-LICENSE.txt", "chart.js"];

    static readonly string[] Day = ["chart-24h.png", "chart-24h-narrow.png", "data-24h.json", "data-24h.csv", "index.html"];

    static readonly SiteRequest Pool = new("pool", "Pool", Berlin) { End = ChartSamples.End };

    // The 24-hour view of these readings, published at that time.
    static async Task<PublishResult> PublishDayAsync(SitePublisher publisher, FixedTime clock, IReadOnlyList<Reading> readings, DateTimeOffset at)
    {
        clock.Now = at;
        return (await publisher.PublishAsync(new InMemoryReadings("pool", readings), Pool, [ChartView.Day]))[0];
    }

    // A store whose pictures take longer to write than the rest, as a disk or S3 may.
    sealed class SlowPictures(MemoryStore inner) : Ports.IObjectStore
    {
        public string Location => inner.Location;

        public async Task PutAsync(string key, ReadOnlyMemory<byte> body, string contentType, CancellationToken cancellationToken = default)
        {
            await Task.Delay(contentType == "image/png" ? 150 : 1, cancellationToken);
            await inner.PutAsync(key, body, contentType, cancellationToken);
        }

        public Task<bool> CreateAsync(string key, ReadOnlyMemory<byte> body, string contentType, CancellationToken cancellationToken = default) => inner.CreateAsync(key, body, contentType, cancellationToken);

        public Task<Ports.VersionedObject?> GetVersionedAsync(string key, CancellationToken cancellationToken = default) => inner.GetVersionedAsync(key, cancellationToken);

        public Task<bool> ReplaceAsync(string key, ReadOnlyMemory<byte> body, string contentType, string? version, CancellationToken cancellationToken = default) => inner.ReplaceAsync(key, body, contentType, version, cancellationToken);

        public Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default) => inner.GetAsync(key, cancellationToken);

        public Task DeleteAsync(string key, CancellationToken cancellationToken = default) => inner.DeleteAsync(key, cancellationToken);

        public IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);
    }

    [Fact]
    public async Task A_views_files_are_written_side_by_side_and_its_page_after_them()
    {
        var store = new MemoryStore();
        var clock = new FixedTime(ChartSamples.End);
        var publisher = new SitePublisher(new XkcdSiteRenderer(), new SlowPictures(store), clock);

        await PublishDayAsync(publisher, clock, ChartSamples.DayOfReadings(), ChartSamples.End);

        // Written one after another, the slow pictures would come before the rest, in the renderer's order.
        var puts = store.Puts.ToList();
        Assert.True(puts.IndexOf("data-24h.json") < puts.IndexOf("chart-24h.png"), string.Join(", ", puts));
        Assert.True(puts.IndexOf("chart-24h.png") < puts.IndexOf("index.html") && puts.IndexOf("chart-24h-narrow.png") < puts.IndexOf("index.html"), string.Join(", ", puts));
    }

    [Fact]
    public async Task A_new_reading_writes_the_charts_page_and_index_and_not_the_fonts_or_their_licences()
    {
        var store = new MemoryStore();
        var clock = new FixedTime(ChartSamples.End);
        var publisher = new SitePublisher(new XkcdSiteRenderer(), store, clock);
        var readings = ChartSamples.DayOfReadings();

        var first = await PublishDayAsync(publisher, clock, readings.SkipLast(1).ToList(), ChartSamples.End.AddMinutes(-4));
        Assert.Empty(first.Unchanged);
        Assert.Equal([DailySummaries.FileName, .. Day, "latest.json", .. Shared, SiteFiles.ViewState], store.Puts); // the records' daily summaries asked for the first time

        store.Puts.Clear();
        var second = await PublishDayAsync(publisher, clock, readings, ChartSamples.End.AddMinutes(1));
        Assert.Equal(Shared, second.Unchanged);
        Assert.Equal([.. Day, "latest.json"], second.Written.Select(f => f.Name));
        Assert.Equal([.. Day, "latest.json", SiteFiles.ViewState], store.Puts);

        // The same readings at the same time again: every file is as it is in the site, so nothing is written, not even the record.
        store.Puts.Clear();
        var same = await PublishDayAsync(publisher, clock, readings, ChartSamples.End.AddMinutes(1));
        Assert.Empty(same.Written);
        Assert.Equal([.. Day, "latest.json", .. Shared], same.Unchanged);
        Assert.Empty(store.Puts);

        // Without the record (a new site folder, a bucket emptied by hand), every file is written again, but for
        // latest.json, which its compare-and-swap compares with itself.
        store.Objects.TryRemove(SiteFiles.ViewState, out _);
        store.Puts.Clear();
        var again = await PublishDayAsync(publisher, clock, readings, ChartSamples.End.AddMinutes(1));
        Assert.Equal(["latest.json"], again.Unchanged);
        Assert.Equal(11, store.Puts.Count);
    }

    [Fact]
    public async Task Two_series_published_at_once_each_keep_their_summary_in_latest_json_and_their_views_in_the_record()
    {
        // As the render function in AWS: one invocation per series, at the same moment, on one site.
        var store = new MemoryStore();
        var clock = new FixedTime(ChartSamples.End);
        var layout = new SiteLayout(["pool", "spa"]);
        var readings = ChartSamples.DayOfReadings();
        for (var round = 0; round < 5; round++)
        {
            await Task.WhenAll(new[] { "pool", "spa" }.Select(series => Task.Run(() => new SitePublisher(new XkcdSiteRenderer(), store, clock).PublishDueAsync(
                new InMemoryReadings(series, readings), new SiteRequest(series, series, Berlin) { End = ChartSamples.End, Layout = layout }, ViewSchedule.Cloud))));

            var index = await SiteIndex.LoadAsync(store, Berlin);
            Assert.Equal(["pool", "spa"], index.Series.Select(s => s.Series));
            var state = await ViewState.LoadAsync(store);
            Assert.NotNull(state.DrawnAt("pool", ChartView.Day));
            Assert.NotNull(state.DrawnAt("spa", ChartView.Day));
            store.Objects.Clear(); // a new site each round
        }
    }

    [Fact]
    public void The_record_keeps_when_views_were_drawn_and_the_files_hashes_and_reads_back_the_same()
    {
        var file = new SiteFile("index.html", "<p>21.5</p>"u8.ToArray(), "text/html; charset=utf-8");
        var state = ViewState.Empty.With("pool", [ChartView.Week], ChartSamples.End).WithFiles([new(file.Name, ViewState.HashOf(file))]);
        var read = ViewState.Decode(state.Encode());
        Assert.Equal(ChartSamples.End, read.DrawnAt("pool", ChartView.Week));
        Assert.Equal(ViewState.HashOf(file), read.Files["index.html"]);
        Assert.NotEqual(ViewState.HashOf(file), ViewState.HashOf(file with { ContentType = "text/plain" }));
        Assert.NotEqual(ViewState.HashOf(file), ViewState.HashOf(file with { Body = "<p>21.6</p>"u8.ToArray() }));
        Assert.Empty(ViewState.Decode("""{"files":{"index.html":null}}"""u8.ToArray()).Files);
    }
}
