using System.Diagnostics;
using System.Text.Json;
using DataLogger.Charts.Site;
using DataLogger.Cli.Hosting;
using DataLogger.Query.DuckDb;
using DataLogger.Readings;
using DataLogger.Site;
using DataLogger.Storage.Local;
using DataLogger.Testing;
using Microsoft.AspNetCore.Builder;

namespace DataLogger.Cli.Tests;

/// <summary>
/// The served page in headless Chromium at 390x844, as a phone shows it: the charts load, the figures are the data's,
/// the tabs work without JavaScript, nothing scrolls sideways down to 360 px, the dark scheme applies, and a quiet
/// sensor gets its warning. Screenshots go to
/// <c>DATALOGGER_SCREENSHOTS</c> when it is set (how docs/ gets them), else to a temporary folder.
/// </summary>
public sealed class BrowserTests : IDisposable
{
    readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    async Task<(JsonElement Report, string Screenshot)> OpenAsync(string site, string page, string screenshotName, string? darkScreenshotName = null)
    {
        await Browser.EnsureAsync();
        var app = SiteServer.Create(site, "127.0.0.1", 0, _ => { });
        await app.StartAsync();
        try
        {
            var folder = Environment.GetEnvironmentVariable("DATALOGGER_SCREENSHOTS") is { Length: > 0 } s ? s : _temp.Combine("screenshots");
            Directory.CreateDirectory(folder);
            var screenshot = Path.Join(folder, screenshotName);
            string[] arguments = darkScreenshotName is null ? [SiteServer.Address(app) + page, screenshot] : [SiteServer.Address(app) + page, screenshot, Path.Join(folder, darkScreenshotName)];
            return (await Browser.RunAsync(Path.Join(AppContext.BaseDirectory, "BrowserCheck.js"), arguments), screenshot);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    static async Task<IReadOnlyList<PublishResult>> PublishAsync(string data, DateTimeOffset end, DateTimeOffset now)
    {
        var bucket = Path.Join(data, "bucket");
        HistoryWriter.WriteHistory(bucket, "pool", end, TimeSpan.FromDays(8));
        using var engine = new DuckDbQueryEngine(bucket);
        var publisher = new SitePublisher(new XkcdSiteRenderer(), new LocalFolderStore(Path.Join(data, "site")), new FixedTime(now));
        var request = new SiteRequest("pool", "Pool", TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin")) { End = now };
        return await publisher.PublishAsync(engine, request, [ChartView.Day, ChartView.Week]);
    }

    [Fact]
    public async Task The_page_on_a_phone_shows_the_charts_and_the_datas_figures()
    {
        var now = DateTimeOffset.UtcNow;
        var results = await PublishAsync(_temp.Combine("fresh"), now, now);
        var latest = results[0].Snapshot.Latest!;

        var (day, _) = await OpenAsync(_temp.Combine("fresh", "site"), "", "page-phone.png", "page-phone-dark.png");
        Assert.True(day.GetProperty("imageNaturalWidth").GetInt32() > 0);
        Assert.EndsWith("chart-24h-narrow.png", day.GetProperty("imageSource").GetString()); // the phone's chart
        Assert.Equal($"{latest.Celsius:0.0}°C", day.GetProperty("latest").GetString());
        Assert.Equal(JsonValueKind.Null, day.GetProperty("stale").ValueKind);
        Assert.Equal(["24h", "7d", "30d", "1y"], day.GetProperty("tabs").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("24h", day.GetProperty("current").GetString());
        var min = results[0].Snapshot.Min!;
        Assert.StartsWith($"{min.Celsius:0.0}°C", day.GetProperty("stats")[0].GetString());
        Assert.True(day.GetProperty("pageWidth").GetInt32() <= 390, "the page scrolls sideways on a phone");
        Assert.True(day.GetProperty("pageWidth360").GetInt32() <= 360, "the page scrolls sideways at 360 px");
        Assert.Equal("rgb(255, 255, 255)", day.GetProperty("light").GetProperty("background").GetString());
        Assert.Equal("rgb(18, 18, 18)", day.GetProperty("dark").GetProperty("background").GetString()); // prefers-color-scheme: dark
        Assert.Equal("rgb(238, 238, 238)", day.GetProperty("dark").GetProperty("ink").GetString());

        var (week, _) = await OpenAsync(_temp.Combine("fresh", "site"), "7d.html", "page-phone-7d.png");
        Assert.True(week.GetProperty("imageNaturalWidth").GetInt32() > 0);
        Assert.Equal("7d", week.GetProperty("current").GetString());
        Assert.Equal($"{latest.Celsius:0.0}°C", week.GetProperty("latest").GetString());
    }

    [Fact]
    public async Task Two_series_on_a_phone_each_with_its_reading_large_and_its_day_and_their_own_pages()
    {
        var now = DateTimeOffset.UtcNow;
        var data = _temp.Combine("two");
        var bucket = Path.Join(data, "bucket");
        HistoryWriter.WriteHistory(bucket, "pool", now, TimeSpan.FromDays(8));
        HistoryWriter.WriteHistory(bucket, "air", now.AddMinutes(-40), TimeSpan.FromDays(8), seed: 7);
        using var engine = new DuckDbQueryEngine(bucket);
        var publisher = new SitePublisher(new XkcdSiteRenderer(), new LocalFolderStore(Path.Join(data, "site")), new FixedTime(now));
        var layout = new SiteLayout(["pool", "air"]);
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var results = new List<PublishResult>();
        foreach (var (series, title) in new[] { ("pool", "Pool"), ("air", "Air") })
        {
            results.AddRange(await publisher.PublishAsync(engine, new SiteRequest(series, title, zone) { Layout = layout, End = now }, ChartView.All));
        }

        var (overview, _) = await OpenAsync(Path.Join(data, "site"), "", "page-phone-two.png", "page-phone-two-dark.png");
        Assert.Equal(["Pool", "Air"], overview.GetProperty("series").EnumerateArray().Select(s => s.GetString()));
        var images = overview.GetProperty("images").EnumerateArray().ToList();
        Assert.Equal(2, images.Count);
        Assert.All(images, i => Assert.True(i.GetProperty("naturalWidth").GetInt32() > 0, i.GetProperty("source").GetString()));
        Assert.EndsWith("pool/chart-24h-narrow.png", images[0].GetProperty("source").GetString());
        var latests = results.Where(r => r.Snapshot.View == ChartView.Day).Select(r => $"{r.Snapshot.Latest!.Celsius:0.0}°C");
        Assert.Equal(latests, overview.GetProperty("latests").EnumerateArray().Select(l => l.GetString()));
        Assert.StartsWith("Air: no reading for 4", overview.GetProperty("stale").GetString()); // only air is 40 minutes behind
        Assert.True(overview.GetProperty("pageWidth360").GetInt32() <= 360, "the overview scrolls sideways at 360 px");
        Assert.True(overview.GetProperty("font").GetBoolean(), "Humor Sans did not load");
        Assert.Equal("rgb(18, 18, 18)", overview.GetProperty("dark").GetProperty("background").GetString());

        var (airWeek, _) = await OpenAsync(Path.Join(data, "site"), "air/7d.html", "page-phone-two-air-7d.png");
        Assert.True(airWeek.GetProperty("imageNaturalWidth").GetInt32() > 0);
        Assert.Equal("7d", airWeek.GetProperty("current").GetString());
        Assert.True(airWeek.GetProperty("font").GetBoolean(), "Humor Sans did not load from a series' folder");
    }

    [Fact]
    public async Task A_station_of_pool_air_humidity_ph_and_a_heaters_state_on_a_phone_each_in_its_unit_grouped()
    {
        var now = DateTimeOffset.UtcNow;
        var data = _temp.Combine("station");
        var bucket = Path.Join(data, "bucket");
        HistoryWriter.WriteHistory(bucket, "pool", now, TimeSpan.FromDays(2));
        HistoryWriter.WriteHistory(bucket, "air", now.AddMinutes(-2), TimeSpan.FromDays(2), seed: 7);
        var step = TimeSpan.FromMinutes(5);
        for (var t = now.AddDays(-2); t <= now; t += step)
        {
            var hour = t.UtcDateTime.TimeOfDay.TotalHours;
            HistoryWriter.Write(bucket, "heater", Reading.Create(Quantity.State, t, hour is >= 9 and < 13 or >= 16 and < 18 ? 1 : 0));
            HistoryWriter.Write(bucket, "humidity", Reading.Create(Quantity.Humidity, t.AddMinutes(-2), 68 - (18 * Math.Sin((hour - 9) / 24 * 2 * Math.PI))));
        }

        foreach (var (hoursAgo, ph) in new[] { (46, 7.62), (30, 7.55), (20, 7.48), (6, 7.41) })
        {
            HistoryWriter.Write(bucket, "ph", Reading.Create(Quantity.Ph, now.AddHours(-hoursAgo), ph));
        }

        using var engine = new DuckDbQueryEngine(bucket);
        var publisher = new SitePublisher(new XkcdSiteRenderer(), new LocalFolderStore(Path.Join(data, "site")), new FixedTime(now));
        var layout = new SiteLayout(["pool", "heater", "air", "humidity", "ph"]);
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        foreach (var (series, title, quantity, sparse) in new[]
        {
            ("pool", "Pool", Quantity.Temperature, false), ("heater", "Heater", Quantity.State, true), ("air", "Air", Quantity.Temperature, false),
            ("humidity", "Humidity", Quantity.Humidity, false), ("ph", "pH", Quantity.Ph, true),
        })
        {
            await publisher.PublishAsync(engine, new SiteRequest(series, title, zone) { Layout = layout, End = now, Quantity = quantity, Interval = sparse ? TimeSpan.Zero : TimeSpan.FromMinutes(5) }, ChartView.All);
        }

        var (overview, _) = await OpenAsync(Path.Join(data, "site"), "", "page-phone-station.png", "page-phone-station-dark.png");
        Assert.Equal(["Pool", "Air", "Humidity", "pH", "Heater"], overview.GetProperty("series").EnumerateArray().Select(s => s.GetString()));
        var latests = overview.GetProperty("latests").EnumerateArray().Select(l => l.GetString()!).ToList();
        Assert.EndsWith("%", latests[2], StringComparison.Ordinal);
        Assert.Equal("7.41pH", latests[3]);
        Assert.Contains(latests[4], new[] { "on", "off" });
        Assert.Equal(JsonValueKind.Null, overview.GetProperty("stale").ValueKind); // the pH taken by hand 6 hours ago and the heater are not "quiet"
        Assert.All(overview.GetProperty("images").EnumerateArray(), i => Assert.True(i.GetProperty("naturalWidth").GetInt32() > 0, i.GetProperty("source").GetString()));
        Assert.True(overview.GetProperty("pageWidth360").GetInt32() <= 360, "the station scrolls sideways at 360 px");
        Assert.Equal("rgb(18, 18, 18)", overview.GetProperty("dark").GetProperty("background").GetString());

        var (heaterWeek, _) = await OpenAsync(Path.Join(data, "site"), "heater/7d.html", "page-phone-station-heater-7d.png");
        Assert.True(heaterWeek.GetProperty("imageNaturalWidth").GetInt32() > 0);
    }

    [Fact]
    public async Task A_sensor_that_went_quiet_is_shown_on_the_page()
    {
        var now = DateTimeOffset.UtcNow;
        await PublishAsync(_temp.Combine("stale"), now.AddMinutes(-95), now);
        var (report, _) = await OpenAsync(_temp.Combine("stale", "site"), "", "page-phone-stale.png");
        Assert.StartsWith("No reading for 9", report.GetProperty("stale").GetString()); // 95 to 99 minutes
        Assert.True(report.GetProperty("imageNaturalWidth").GetInt32() > 0);
    }

    [Fact]
    public async Task The_page_answers_when_it_is_warm_the_records_yesterday_a_tapped_value_and_the_csv_on_a_phone()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 300 * 300);
        var (pool, air, target) = HeatedPool.Readings(now);
        var engine = new InMemoryReadings(new Dictionary<string, IReadOnlyList<Readings.Reading>> { ["pool"] = pool, ["air"] = air });
        var site = _temp.Combine("answers", "site");
        var publisher = new SitePublisher(new XkcdSiteRenderer(), new LocalFolderStore(site), new FixedTime(now));
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var layout = new SiteLayout(["pool", "air"]);
        await publisher.PublishAsync(engine, new SiteRequest("air", "Air", zone) { Layout = layout, End = now }, [ChartView.Day]);
        var results = await publisher.PublishAsync(engine, new SiteRequest("pool", "Pool", zone) { Layout = layout, End = now, Goal = new Forecasting.HeatingGoal(target, "air") }, ChartView.All);
        var day = results[0].Snapshot;

        var (page, _) = await OpenAsync(site, "pool/", "page-phone-answers.png", "page-phone-answers-dark.png");

        // When it is warm: the forecast line, as the publisher worked it out.
        Assert.Equal(day.Forecast.Describe(zone, now), page.GetProperty("forecast").GetString());
        Assert.StartsWith($"{target:0} °C around ", page.GetProperty("forecast").GetString()!.Replace('\u00A0', ' '), StringComparison.Ordinal);

        // The records: a row per span, the highest and lowest with when.
        var records = page.GetProperty("records").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetString()!).ToList()).ToList();
        Assert.Equal(["today", "this month", "this year", "all time"], records.Select(r => r[0]));
        Assert.StartsWith($"{day.Records.Spans[0].High.Celsius:0.0}°C", records[0][1], StringComparison.Ordinal);
        Assert.StartsWith($"0 days at or above {target:0.0}°C this year", page.GetProperty("target").GetString(), StringComparison.Ordinal);

        // A tap on the chart reads the value under the finger, at 390 and 360 px, light and dark; the mark sits on it.
        foreach (var name in new[] { "tap390", "tap360", "tapDark" })
        {
            var tap = page.GetProperty(name);
            Assert.True(tap.GetProperty("narrow").GetBoolean(), $"{name}: the phone's chart");
            var row = tap.GetProperty("row");
            var reading = Readings.Reading.Create(row[0].GetInt64(), row[1].GetDouble());
            var local = TimeZoneInfo.ConvertTime(reading.Time, zone);
            Assert.Contains(local.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture), tap.GetProperty("text").GetString(), StringComparison.Ordinal);
            Assert.Contains($"{reading.Celsius:0.0}\u00A0°C ({reading.Fahrenheit:0.0}\u00A0°F)", tap.GetProperty("text").GetString(), StringComparison.Ordinal);
            Assert.True(tap.GetProperty("markShown").GetBoolean(), name);
            Assert.True(tap.GetProperty("markOff").GetDouble() < 4, $"{name}: the mark is {tap.GetProperty("markOff").GetDouble():0.0} px off the reading");
        }

        // The CSV link downloads the view's rows, with the query command's columns.
        var csv = page.GetProperty("csv");
        Assert.Equal("pool-24h.csv", csv.GetProperty("name").GetString());
        Assert.Equal(Readings.ReadingCsv.Header, csv.GetProperty("header").GetString());
        Assert.Equal(day.Readings.Count, csv.GetProperty("rows").GetInt32());
        Assert.Equal(Readings.ReadingCsv.Row(day.Readings[^1], zone), csv.GetProperty("last").GetString());
        Assert.True(page.GetProperty("pageWidth360").GetInt32() <= 360, "the page scrolls sideways at 360 px");
        Assert.Equal("rgb(18, 18, 18)", page.GetProperty("dark").GetProperty("background").GetString());

        // The month: last year behind it; a tap reads an hour's band.
        var (month, _) = await OpenAsync(site, "pool/30d.html", "page-phone-answers-30d.png");
        Assert.Contains("mean", month.GetProperty("tap390").GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(Readings.ReadingCsv.BandHeader, month.GetProperty("csv").GetProperty("header").GetString());
        Assert.Equal(results.Single(r => r.Snapshot.View == ChartView.Month).Snapshot.Bands.Count, month.GetProperty("csv").GetProperty("rows").GetInt32());
    }
}
