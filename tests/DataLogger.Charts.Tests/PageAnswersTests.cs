using System.Text;
using System.Text.Json;
using DataLogger.Charts.Site;
using DataLogger.Forecasting;
using DataLogger.Readings;
using DataLogger.Testing;
using DataLogger.Time;
using SkiaSharp;

namespace DataLogger.Charts.Tests;

/// <summary>
/// The page answers a pool owner's questions, end to end through the publisher and the real renderer: when the target
/// is reached (Newton's law with the air's series read back from the site), how today compares with yesterday and this
/// month with last year (drawn, and in the view's data), the records from the daily summaries kept in the site, what
/// a point is (the view's data file), and the view's rows as CSV.
/// </summary>
public sealed class PageAnswersTests
{
    static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    static readonly DateTimeOffset Now = new(2026, 7, 4, 13, 0, 0, TimeSpan.Zero);
    static readonly SiteLayout Layout = new(["pool", "air"]);

    // A pool heated by Newton's law, its air, a cooler July a year ago (HeatedPool), and readings written late.
    static (InMemoryReadings Engine, double Target) Pool(params Reading[] late)
    {
        var (pool, air, target) = HeatedPool.Readings(Now);
        return (new InMemoryReadings(new Dictionary<string, IReadOnlyList<Reading>> { ["pool"] = [.. pool, .. late], ["air"] = air }), target);
    }

    static async Task<(MemoryStore Site, IReadOnlyList<PublishResult> Pool)> PublishAsync(InMemoryReadings engine, double target, IReadOnlyList<ChartView> views)
    {
        var site = new MemoryStore();
        var publisher = new SitePublisher(new XkcdSiteRenderer(), site, new FixedTime(Now));
        await publisher.PublishAsync(engine, new SiteRequest("air", "Air", Berlin) { Layout = Layout, End = Now }, [ChartView.Day]);
        var pool = await publisher.PublishAsync(engine, new SiteRequest("pool", "Pool", Berlin) { Layout = Layout, End = Now, Goal = new HeatingGoal(target, "air") }, views);
        return (site, pool);
    }

    [Fact]
    public async Task The_day_page_says_when_the_target_is_reached_by_Newtons_law_with_the_airs_readings_from_the_site()
    {
        var (engine, target) = Pool();
        var (site, results) = await PublishAsync(engine, target, [ChartView.Day]);
        var day = results[0].Snapshot;

        Assert.Equal(ForecastKind.Expected, day.Forecast.Kind);
        Assert.Equal(ForecastModel.Newton, day.Forecast.Model);
        Assert.InRange(day.Forecast.TimeConstant!.Value.TotalHours, 10, 14.5);
        var text = day.Forecast.Describe(Berlin, Now);
        Assert.Matches(@"^\d+ °C around \d\d:\d0, \+2\.\d °C/h$", text.Replace('\u00A0', ' '));
        var page = Encoding.UTF8.GetString((await site.GetAsync("pool/index.html"))!);
        Assert.Contains($"<p class=\"forecast\">{System.Net.WebUtility.HtmlEncode(text)}</p>", page);

        // latest.json says it too, and reads back the same (another series' publish rewrites the index from it).
        var index = SiteIndex.Decode((await site.GetAsync("latest.json"))!, Berlin)!;
        var summary = index.Series.Single(s => s.Series == "pool");
        Assert.Equal(day.Forecast.ReadyBy, summary.Forecast.ReadyBy);
        Assert.Equal(ForecastKind.Expected, summary.Forecast.Kind);
        Assert.Equal(target, summary.Forecast.Target);
        Assert.Equal(Math.Round(day.Forecast.RatePerHour!.Value, 3), summary.Forecast.RatePerHour);
        Assert.Equal(day.Records.Spans.Select(s => s.Name), summary.Records.Spans.Select(s => s.Name));
        Assert.Equal(ForecastKind.None, index.Series.Single(s => s.Series == "air").Forecast.Kind);
    }

    [Fact]
    public async Task Yesterday_is_drawn_faintly_behind_today_and_the_newest_reading_gets_a_dot_on_the_spine()
    {
        var (engine, target) = Pool();
        var (site, results) = await PublishAsync(engine, target, [ChartView.Day]);
        var day = results[0].Snapshot;

        // Yesterday's readings, a day later: the same count, each 24 hours after the reading it is.
        Assert.InRange(day.Compare.Count, day.Readings.Count - 1, day.Readings.Count + 1);
        var yesterday = (await engine.ReadingsAsync("pool", TimeWindow.Last(TimeSpan.FromHours(24), Now.AddHours(-24)))).Readings;
        Assert.Equal(yesterday.Select(r => (r.Timestamp + 86400, r.Celsius)), day.Compare.Select(r => (r.Timestamp, r.Celsius)));

        // In the picture: grey where yesterday was, at the positions the view's data file gives the page's script.
        using var data = JsonDocument.Parse((await site.GetAsync("pool/data-24h.json"))!);
        var root = data.RootElement;
        Assert.Equal("yesterday", root.GetProperty("compared").GetString());
        Assert.Equal(day.Readings.Count, root.GetProperty("readings").GetArrayLength());
        var chart = root.GetProperty("charts").GetProperty("wide");
        var plot = chart.GetProperty("plot").EnumerateArray().Select(p => p.GetDouble()).ToArray();
        var (low, high) = (chart.GetProperty("celsius")[0].GetDouble(), chart.GetProperty("celsius")[1].GetDouble());
        var (start, end) = (root.GetProperty("start").GetInt64(), root.GetProperty("end").GetInt64());
        (int X, int Y) At(long timestamp, double celsius) => (
            (int)Math.Round(2 * (plot[0] + ((timestamp - start) / (double)(end - start) * (plot[2] - plot[0])))),
            (int)Math.Round(2 * (plot[3] - ((celsius - low) / (high - low) * (plot[3] - plot[1])))));
        using var png = new PixelProbe((await site.GetAsync("pool/chart-24h.png"))!);
        var grey = new SKColor(0xbb, 0xbb, 0xbb);
        var compared = day.Compare.Where((_, i) => i % 24 == 12).ToList();
        Assert.True(compared.Count(r => png.HasColourNear(At(r.Timestamp, r.Celsius).X, At(r.Timestamp, r.Celsius).Y, grey, 4)) >= compared.Count - 2, "yesterday's line is not where its readings are");
        var newest = day.Latest!;
        var (nx, ny) = At(newest.Timestamp, newest.Celsius);
        Assert.True(png.HasColourNear(nx + 8, ny, new SKColor(0x1f, 0x77, 0xb4), 1), "the newest reading's dot does not show past the right spine");
    }

    [Fact]
    public async Task The_month_is_compared_with_the_same_days_last_year()
    {
        var (engine, target) = Pool();
        var (site, results) = await PublishAsync(engine, target, [ChartView.Day, ChartView.Week, ChartView.Month, ChartView.Year]);
        var month = results.Single(r => r.Snapshot.View == ChartView.Month).Snapshot;
        var year = results.Single(r => r.Snapshot.View == ChartView.Year).Snapshot;

        var lastYear = await engine.BandsAsync("pool", new TimeWindow(month.Window.Start.AddDays(-365), month.Window.End.AddDays(-365)), TimeSpan.FromHours(1));
        Assert.NotEmpty(lastYear);
        Assert.Equal(lastYear.Select(b => b.Start + (365 * 86400)), month.CompareBands.Select(b => b.Start));
        Assert.All(month.CompareBands, b => Assert.True(month.Window.Contains(b.Start)));
        Assert.Empty(year.CompareBands); // the year is not compared
        using var data = JsonDocument.Parse((await site.GetAsync("pool/data-30d.json"))!);
        Assert.Equal("last year", data.RootElement.GetProperty("compared").GetString());
    }

    [Fact]
    public async Task Records_come_from_the_daily_summaries_kept_in_the_site_refreshed_with_the_longer_views()
    {
        var (engine, target) = Pool();
        var (site, results) = await PublishAsync(engine, target, [ChartView.Day]);
        var records = results[0].Snapshot.Records;

        Assert.Equal(["today", "this month", "this year", "all time"], records.Spans.Select(s => s.Name));
        var today = results[0].Snapshot.Readings.Where(r => TimeZoneInfo.ConvertTime(r.Time, Berlin).Date == TimeZoneInfo.ConvertTime(Now, Berlin).Date).ToList();
        Assert.Equal(today.Max(r => r.Celsius), records.Spans[0].High.Celsius);
        Assert.Equal(today.MinBy(r => r.Celsius)!.Timestamp, records.Spans[0].Low.At);
        var all = (await engine.ReadingsAsync("pool", TimeWindow.Last(TimeSpan.FromDays(3000), Now))).Readings;
        Assert.Equal(all.Min(r => r.Celsius), records.Spans[3].Low.Celsius);
        Assert.Equal(new DateOnly(2025, 5, 27), records.Since);
        Assert.Equal(target, records.Target);
        Assert.Equal(0, records.DaysAtTarget); // never reached yet this year
        Assert.NotNull(DailySummaries.Decode((await site.GetAsync("pool/days.json"))!));

        // A hot day five days ago, written late: the kept summaries do not have it until the longer views are drawn.
        (engine, _) = Pool(Reading.Create(Now.AddDays(-5), 35.5));
        var publisher = new SitePublisher(new XkcdSiteRenderer(), site, new FixedTime(Now));
        var request = new SiteRequest("pool", "Pool", Berlin) { Layout = Layout, End = Now, Goal = new HeatingGoal(target, "air") };
        var dayOnly = (await publisher.PublishAsync(engine, request, [ChartView.Day]))[0].Snapshot.Records;
        Assert.NotEqual(35.5, dayOnly.Spans[3].High.Celsius);
        var withWeek = (await publisher.PublishAsync(engine, request, [ChartView.Day, ChartView.Week]))[0].Snapshot.Records;
        Assert.Equal(35.5, withWeek.Spans[3].High.Celsius);
        Assert.Equal(Now.AddDays(-5).ToUnixTimeSeconds(), withWeek.Spans[2].High.At);
        Assert.Equal(1, withWeek.DaysAtTarget);
        var page = Encoding.UTF8.GetString((await site.GetAsync("pool/index.html"))!);
        Assert.Contains("<th scope=\"row\">all time</th><td>35.5<span class=\"u\">°C</span>", page);
        Assert.Contains($"1 day at or above {target:0.0}<span class=\"u\">°C</span> this year", page);
    }

    [Fact]
    public async Task Each_view_offers_its_rows_as_CSV_with_the_query_commands_columns()
    {
        var (engine, target) = Pool();
        var (site, results) = await PublishAsync(engine, target, [ChartView.Day, ChartView.Week]);
        var day = results[0].Snapshot;

        var csv = Encoding.UTF8.GetString((await site.GetAsync("pool/data-24h.csv"))!).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(ReadingCsv.Header, csv[0]);
        Assert.Equal(day.Readings.Select(r => ReadingCsv.Row(r, Berlin)), csv[1..]);
        Assert.StartsWith(TimeZoneInfo.ConvertTime(day.Readings[0].Time, Berlin).ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture) + ",", csv[1], StringComparison.Ordinal);
        var week = Encoding.UTF8.GetString((await site.GetAsync("pool/data-7d.csv"))!).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(ReadingCsv.BandHeader, week[0]);
        Assert.Equal(results[1].Snapshot.Bands.Count, week.Length - 1);
        var page = Encoding.UTF8.GetString((await site.GetAsync("pool/index.html"))!);
        Assert.Contains("<a href=\"data-24h.csv\" download=\"pool-24h.csv\">", page);
    }
}
