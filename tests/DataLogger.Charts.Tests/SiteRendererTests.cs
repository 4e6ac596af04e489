using System.Text;
using System.Text.Json;
using DataLogger.Charts.Site;
using DataLogger.Readings;
using DataLogger.Site;
using DataLogger.Time;

namespace DataLogger.Charts.Tests;

public sealed class SiteRendererTests
{
    static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    static SiteSnapshot Snapshot(IReadOnlyList<Reading> readings, string title = "Pool") =>
        new("pool", title, ChartSamples.Day, readings, Berlin, ChartSamples.End.AddMinutes(1));

    static string Page(IReadOnlyList<SiteFile> files) => Encoding.UTF8.GetString(files.Single(f => f.Name == "index.html").Body.Span);

    static IReadOnlyList<SiteFile> Index(params SiteSnapshot[] days)
    {
        var layout = new SiteLayout([.. days.Select(d => d.Series)]);
        var index = new SiteIndex([.. days.Select(d => SeriesSummary.Of(d with { Layout = layout }, layout.FolderOf(d.Series)))], Berlin, ChartSamples.End.AddMinutes(1));
        return new XkcdSiteRenderer().RenderIndex(index, layout);
    }

    [Fact]
    public void Writes_the_charts_and_the_page_last_and_the_shared_files_at_the_top()
    {
        var files = new XkcdSiteRenderer().Render(Snapshot(ChartSamples.DayOfReadings()));
        Assert.Equal(["chart-24h.png", "chart-24h-narrow.png", "data-24h.json", "data-24h.csv", "index.html"], files.Select(f => f.Name));
        Assert.Equal("image/png", files[0].ContentType);
        Assert.Equal("text/html; charset=utf-8", files[^1].ContentType);
        Assert.Equal(["latest.json", "humor-sans.ttf", "humor-sans-OFL.txt", "symbols.ttf", "symbols-LICENSE.txt", "chart.js"], Index(Snapshot(ChartSamples.DayOfReadings())).Select(f => f.Name));
    }

    [Fact]
    public void The_page_shows_the_figures_of_its_data()
    {
        var readings = new List<Reading>
        {
            Reading.Create(ChartSamples.End.AddHours(-20), 24.31),
            Reading.Create(ChartSamples.End.AddHours(-10), 27.66),
            Reading.Create(ChartSamples.End.AddMinutes(-5), 26.04),
        };
        var page = Page(new XkcdSiteRenderer().Render(Snapshot(readings)));

        Assert.Contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">", page);
        Assert.Contains("<span class=\"c\">26.0<span class=\"u\">°C</span></span><span class=\"f\">78.9<span class=\"u\">°F</span></span>", page); // the latest, large
        Assert.Contains("15:55", page); // its local time: 13:55 UTC is 15:55 in Berlin in July
        Assert.Contains("24.3<span class=\"u\">°C</span><br>75.8<span class=\"u\">°F</span>", page); // min
        Assert.Contains("27.7<span class=\"u\">°C</span><br>81.8<span class=\"u\">°F</span>", page); // max
        Assert.Contains("26.0<span class=\"u\">°C</span><br>78.8<span class=\"u\">°F</span>", page); // mean 26.003
        Assert.Contains("3 readings", page);
        Assert.Contains("Updated <time datetime=\"2025-07-14T16:01:00+02:00\">14 Jul 2025 16:01</time>", page);
        Assert.Contains("src=\"chart-24h.png\"", page);
        Assert.Contains("srcset=\"chart-24h-narrow.png\"", page);
        // One small script, deferred, for tapping the chart; the page is whole without it.
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(page, "<script"));
        Assert.Contains("<script src=\"chart.js\" defer></script>", page);
    }

    // The repository's VERSION file, found above the test's folder.
    static string RepositoryVersion()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Join(folder.FullName, "VERSION")) && File.Exists(Path.Join(folder.FullName, "DataLogger.slnx")))
            {
                return File.ReadAllText(Path.Join(folder.FullName, "VERSION")).Trim();
            }
        }

        throw new InvalidOperationException("no VERSION file above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void Latest_json_holds_the_same_figures()
    {
        var readings = ChartSamples.DayOfReadings();
        var snapshot = Snapshot(readings);
        using var json = JsonDocument.Parse(Index(snapshot).Single(f => f.Name == "latest.json").Body);
        Assert.Equal("Europe/Berlin", json.RootElement.GetProperty("timeZone").GetString());
        var version = RepositoryVersion();
        Assert.Equal(version, json.RootElement.GetProperty("version").GetString()); // the repository's VERSION, through the build
        var root = Assert.Single(json.RootElement.GetProperty("series").EnumerateArray());
        Assert.Equal(("pool", "Pool", "index.html"), (root.GetProperty("series").GetString(), root.GetProperty("title").GetString(), root.GetProperty("page").GetString()));
        Assert.Equal(readings[^1].Celsius, root.GetProperty("latest").GetProperty("celsius").GetDouble());
        Assert.Equal(readings[^1].Fahrenheit, root.GetProperty("latest").GetProperty("fahrenheit").GetDouble());
        Assert.Equal(readings[^1].Timestamp, root.GetProperty("latest").GetProperty("timestamp").GetInt64());
        Assert.Equal(readings.Min(r => r.Celsius), root.GetProperty("min").GetProperty("celsius").GetDouble());
        Assert.Equal(readings.Max(r => r.Celsius), root.GetProperty("max").GetProperty("celsius").GetDouble());
        Assert.Equal(288, root.GetProperty("window").GetProperty("count").GetInt32());
        Assert.Equal(300, root.GetProperty("intervalSeconds").GetInt32());
    }

    [Fact]
    public void No_readings_says_so_on_the_page_and_in_the_json()
    {
        var files = new XkcdSiteRenderer().Render(Snapshot([]));
        Assert.Contains("No readings yet in the last 24 hours.", Page(files));
        using var json = JsonDocument.Parse(Index(Snapshot([])).Single(f => f.Name == "latest.json").Body);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("series")[0].GetProperty("latest").ValueKind);
    }

    [Fact]
    public void Text_from_configuration_is_html_escaped()
    {
        var page = Page(new XkcdSiteRenderer().Render(Snapshot(ChartSamples.DayOfReadings(), "<script>alert('x')</script> & \"spa\"")));
        Assert.DoesNotContain("<script>", page);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;spa&quot;", page);
    }

    [Fact]
    public void Beside_other_series_a_series_pages_live_in_its_folder_and_lead_back_to_the_overview()
    {
        var layout = new SiteLayout(["pool", "air"]);
        var files = new XkcdSiteRenderer().Render(Snapshot(ChartSamples.DayOfReadings()) with { Layout = layout, Views = ChartView.All });
        Assert.Equal(["pool/chart-24h.png", "pool/chart-24h-narrow.png", "pool/data-24h.json", "pool/data-24h.csv", "pool/index.html"], files.Select(f => f.Name));
        var page = Encoding.UTF8.GetString(files[^1].Body.Span);
        Assert.Contains("url(\"../humor-sans.ttf\")", page);
        Assert.Contains("<a class=\"up\" href=\"../index.html\">← all</a>", page);
        Assert.Contains("<a href=\"../latest.json\">latest.json</a> · DataLogger " + RepositoryVersion() + "</p>", page);
        Assert.Contains("<a href=\"7d.html\">7d</a>", page); // its own views, beside it
        Assert.Contains("src=\"chart-24h.png\"", page);
    }

    [Fact]
    public void The_overview_shows_every_series_newest_reading_large_its_last_day_and_its_views()
    {
        var pool = Snapshot(ChartSamples.DayOfReadings());
        var air = new SiteSnapshot("air", "Air", ChartSamples.Day, [Reading.Create(ChartSamples.End.AddHours(-2), -3.5)], Berlin, ChartSamples.End.AddMinutes(1));
        var files = Index(pool, air);
        Assert.Equal(["latest.json", "humor-sans.ttf", "humor-sans-OFL.txt", "symbols.ttf", "symbols-LICENSE.txt", "chart.js", "index.html"], files.Select(f => f.Name));
        var page = Encoding.UTF8.GetString(files[^1].Body.Span);
        Assert.True(page.IndexOf("<h2><a href=\"pool/index.html\">Pool</a></h2>", StringComparison.Ordinal) < page.IndexOf("<h2><a href=\"air/index.html\">Air</a></h2>", StringComparison.Ordinal));
        Assert.Contains($"<span class=\"c\">{pool.Latest!.Celsius:0.0}<span class=\"u\">°C</span></span>", page);
        Assert.Contains("<span class=\"c\">-3.5<span class=\"u\">°C</span></span>", page);
        Assert.Contains("srcset=\"air/chart-24h-narrow.png\"", page);
        Assert.Contains("<a href=\"air/30d.html\">30d</a>", page);
        Assert.Contains("Air: no reading for 2 hours.", page); // only the quiet one warns
        Assert.DoesNotContain("Pool: no reading", page);
        Assert.Contains("url(\"humor-sans.ttf\")", page);
        Assert.DoesNotContain("data-view", page); // its charts are links to the series' pages, not tapped for a value
        using var json = JsonDocument.Parse(files[0].Body);
        Assert.Equal(["pool/index.html", "air/index.html"], json.RootElement.GetProperty("series").EnumerateArray().Select(s => s.GetProperty("page").GetString()));
    }

    [Fact]
    public void Latest_json_reads_back_as_the_index_it_was()
    {
        var layout = new SiteLayout(["pool", "air"]);
        var json = Index(Snapshot(ChartSamples.DayOfReadings()), new SiteSnapshot("air", "Air", ChartSamples.Day, [], Berlin, ChartSamples.End))[0].Body;
        var index = SiteIndex.Decode(json, Berlin)!;
        Assert.Equal(["pool", "air"], index.Series.Select(s => s.Series));
        Assert.Equal(["pool/", "air/"], index.Series.Select(s => s.Folder));
        Assert.Equal(ChartSamples.DayOfReadings()[^1], index.Series[0].Latest);
        Assert.Equal(json.ToArray(), index.Encode());
        Assert.Null(SiteIndex.Decode("{\"series\":\"pool\"}"u8.ToArray(), Berlin)); // the older single-series file
        Assert.Null(SiteIndex.Decode("not json"u8.ToArray(), Berlin));

        // A series' new summary takes its place; a series no longer shown is dropped.
        var now = ChartSamples.End.AddMinutes(6);
        var updated = index.With(index.Series[1] with { Count = 1 }, new SiteLayout(["air"]), now);
        Assert.Equal(("air", "", 1), (Assert.Single(updated.Series).Series, updated.Series[0].Folder, updated.Series[0].Count));
    }

    [Fact]
    public void Titles_come_from_series_names()
    {
        Assert.Equal("Pool", SeriesTitles.Default("pool"));
        Assert.Equal("Hot tub", SeriesTitles.Default("hot_tub"));
        Assert.Equal("Hot tub", SeriesTitles.Default("hot-tub"));
    }

    [Fact]
    public void The_chart_name_follows_the_window() =>
        Assert.Equal("chart-7d.png", XkcdSiteRenderer.ChartName(ChartView.Week));
}

public sealed class SiteViewsTests
{
    static readonly TimeZoneInfo Utc = TimeZoneInfo.Utc;

    static string Page(IReadOnlyList<SiteFile> files, string name) => Encoding.UTF8.GetString(files.Single(f => f.Name == name).Body.Span);

    static SiteSnapshot Week(DateTimeOffset generatedAt)
    {
        var bands = Enumerable.Range(0, 7 * 24).Select(h => new ReadingBand(ChartSamples.End.AddDays(-7).AddHours(h + 1).ToUnixTimeSeconds(), 20 + (h % 24 / 10.0), 21 + (h % 24 / 10.0), 22 + (h % 24 / 10.0), 12)).ToList();
        return new SiteSnapshot("pool", "Pool", TimeWindow.Last(TimeSpan.FromDays(7), ChartSamples.End), [], Utc, generatedAt)
        {
            View = ChartView.Week,
            Views = ChartView.All,
            Bands = bands,
            NewestReading = Reading.Create(ChartSamples.End, 21.5),
        };
    }

    [Fact]
    public void A_longer_view_has_its_own_page_and_chart_and_tabs_to_every_view()
    {
        var files = new XkcdSiteRenderer().Render(Week(ChartSamples.End.AddMinutes(1)));
        Assert.Equal(["chart-7d.png", "chart-7d-narrow.png", "data-7d.json", "data-7d.csv", "7d.html"], files.Select(f => f.Name));
        var page = Page(files, "7d.html");
        Assert.Contains("<a href=\"index.html\">24h</a><a href=\"7d.html\" aria-current=\"page\">7d</a><a href=\"30d.html\">30d</a><a href=\"1y.html\">1y</a>", page);
        Assert.Contains("21.5<span class=\"u\">°C</span>", page); // the newest reading, large
        Assert.Contains("20.0<span class=\"u\">°C</span>", page); // the lowest of the bands
        Assert.Contains("24.3<span class=\"u\">°C</span>", page); // the highest (22 + 23/10)
        Assert.Contains("2016 readings", page); // 168 hours x 12
        Assert.Contains("prefers-color-scheme: dark", page);
        Assert.DoesNotContain("class=\"stale\"", page);
    }

    [Fact]
    public void A_sensor_gone_quiet_gets_a_clear_warning()
    {
        var files = new XkcdSiteRenderer().Render(Week(ChartSamples.End.AddMinutes(47)));
        Assert.Contains("No reading for 47 minutes", Page(files, "7d.html"));
        files = new XkcdSiteRenderer().Render(Week(ChartSamples.End.AddMinutes(14)));
        Assert.DoesNotContain("No reading for", Page(files, "7d.html"));
        files = new XkcdSiteRenderer().Render(Week(ChartSamples.End.AddHours(30)));
        Assert.Contains("No reading for 30 hours", Page(files, "7d.html"));
    }

    [Fact]
    public void A_band_chart_draws_the_band_and_the_mean_line()
    {
        var snapshot = Week(ChartSamples.End);
        using var png = new PixelProbe(XkcdChart.Render(XkcdSiteRenderer.ChartDataFor(snapshot)));
        Assert.True(png.CountLineColour(0, png.Width) > 2000);
    }
}
