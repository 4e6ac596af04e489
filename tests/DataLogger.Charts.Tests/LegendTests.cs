using DataLogger.Readings;
using DataLogger.Time;

namespace DataLogger.Charts.Tests;

/// <summary>The legend names only lines that are drawn: "Yesterday" needs a line of yesterday's readings.</summary>
public sealed class LegendTests
{
    static readonly DateTimeOffset End = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    static ChartData Day(IReadOnlyList<Reading> yesterday)
    {
        var readings = Enumerable.Range(0, 288).Select(i => Reading.Create(End.AddMinutes(-5 * (287 - i)), 24 + Math.Sin(i / 40.0))).ToList();
        return new ChartData("Pool", TimeWindow.Last(TimeSpan.FromHours(24), End), readings, TimeZoneInfo.Utc) { Compare = yesterday };
    }

    [Fact]
    public void A_lone_reading_of_yesterday_draws_no_line_and_no_legend_and_a_run_of_them_both()
    {
        Assert.False(Day([]).HasCompare);
        Assert.False(Day([Reading.Create(End.AddHours(-23.9), 23.5)]).HasCompare); // the one reading of yesterday shifted a day: no line
        Assert.True(Day([.. Enumerable.Range(0, 12).Select(i => Reading.Create(End.AddHours(-23).AddMinutes(5 * i), 23.5))]).HasCompare);

        // Drawn: the chart with a lone reading has no legend box (its pixels equal the chart without one).
        var options = new ChartOptions();
        Assert.Equal(XkcdChart.Render(Day([]), options), XkcdChart.Render(Day([Reading.Create(End.AddHours(-23.9), 23.5)]), options));
    }
}

/// <summary>A longer view over data that starts inside it (a day backfilled, seen on the week's view) says where the data starts.</summary>
public sealed class DataStartsTests
{
    [Fact]
    public async Task The_weeks_view_of_one_day_says_since_when_and_the_days_view_does_not()
    {
        var site = new Testing.MemoryStore();
        var publisher = new Site.SitePublisher(new Site.XkcdSiteRenderer(), site, new Testing.FixedTime(ChartSamples.End));
        var request = new Site.SiteRequest("pool", "Pool", TimeZoneInfo.Utc) { End = ChartSamples.End };
        await publisher.PublishAsync(new InMemoryReadings("pool", ChartSamples.DayOfReadings()), request, [Site.ChartView.Day, Site.ChartView.Week]);
        var start = ChartSamples.DayOfReadings()[0].Time; // the week's hourly bands start at its hour
        Assert.Contains($"readings since {start:d MMM HH}:00</small>", System.Text.Encoding.UTF8.GetString((await site.GetAsync("7d.html"))!), StringComparison.Ordinal);
        Assert.DoesNotContain("readings since", System.Text.Encoding.UTF8.GetString((await site.GetAsync("index.html"))!), StringComparison.Ordinal);
    }
}

/// <summary>A long title (a station's long name, "- last 7 days") shrinks to fit a phone's narrow chart instead of running off its edges.</summary>
public sealed class TitleFitTests
{
    [Theory]
    [InlineData("Demo pool (simulated) temperature - last 7 days")]
    [InlineData("The hot tub by the garage, under the walnut tree temperature - last 24 hours")]
    public void A_long_title_stays_inside_a_narrow_chart(string title)
    {
        var end = new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
        var readings = Enumerable.Range(0, 288).Select(i => Reading.Create(end.AddMinutes(-5 * (287 - i)), 24 + Math.Sin(i / 40.0))).ToList();
        var options = new ChartOptions { Width = 390, Height = 300, Scale = 1 };
        using var bitmap = SkiaSharp.SKBitmap.Decode(XkcdChart.Render(new ChartData(title, TimeWindow.Last(TimeSpan.FromHours(24), end), readings, TimeZoneInfo.Utc), options));

        // The title's band: the rows above the box, where nothing else is drawn.
        var columns = Enumerable.Range(0, bitmap.Width).Where(x => Enumerable.Range(0, 22).Any(y => bitmap.GetPixel(x, y).Red < 100)).ToList();
        Assert.NotEmpty(columns);
        Assert.True(columns[0] >= 2 && columns[^1] <= bitmap.Width - 3, $"the title's ink runs from x={columns[0]} to x={columns[^1]} on a chart {bitmap.Width} wide");
    }
}
