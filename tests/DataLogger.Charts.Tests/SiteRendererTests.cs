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

    [Fact]
    public void Writes_the_chart_the_figures_the_font_and_the_page_last()
    {
        var files = new XkcdSiteRenderer().Render(Snapshot(ChartSamples.DayOfReadings()));
        Assert.Equal(["chart-24h.png", "chart-24h-narrow.png", "latest.json", "humor-sans.ttf", "humor-sans-OFL.txt", "symbols.ttf", "symbols-LICENSE.txt", "index.html"], files.Select(f => f.Name));
        Assert.Equal("image/png", files[0].ContentType);
        Assert.Equal("text/html; charset=utf-8", files[^1].ContentType);
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
        Assert.Contains("<span class=\"c\">26.0\u00A0°C</span><span class=\"f\">78.9\u00A0°F</span>", page); // the latest, large
        Assert.Contains("15:55", page); // its local time: 13:55 UTC is 15:55 in Berlin in July
        Assert.Contains("24.3\u00A0°C<br>75.8\u00A0°F", page); // min
        Assert.Contains("27.7\u00A0°C<br>81.8\u00A0°F", page); // max
        Assert.Contains("26.0\u00A0°C<br>78.8\u00A0°F", page); // mean 26.003
        Assert.Contains("3 readings", page);
        Assert.Contains("Updated <time datetime=\"2025-07-14T16:01:00+02:00\">14 Jul 2025 16:01</time>", page);
        Assert.Contains("src=\"chart-24h.png\"", page);
        Assert.Contains("srcset=\"chart-24h-narrow.png\"", page);
        Assert.DoesNotContain("<script", page);
    }

    [Fact]
    public void Latest_json_holds_the_same_figures()
    {
        var readings = ChartSamples.DayOfReadings();
        var snapshot = Snapshot(readings);
        using var json = JsonDocument.Parse(XkcdSiteRenderer.LatestJson(snapshot));
        var root = json.RootElement;
        Assert.Equal(readings[^1].Celsius, root.GetProperty("latest").GetProperty("celsius").GetDouble());
        Assert.Equal(readings[^1].Fahrenheit, root.GetProperty("latest").GetProperty("fahrenheit").GetDouble());
        Assert.Equal(readings[^1].Timestamp, root.GetProperty("latest").GetProperty("timestamp").GetInt64());
        Assert.Equal(readings.Min(r => r.Celsius), root.GetProperty("min").GetProperty("celsius").GetDouble());
        Assert.Equal(readings.Max(r => r.Celsius), root.GetProperty("max").GetProperty("celsius").GetDouble());
        Assert.Equal(288, root.GetProperty("window").GetProperty("count").GetInt32());
        Assert.Equal("Europe/Berlin", root.GetProperty("timeZone").GetString());
    }

    [Fact]
    public void No_readings_says_so_on_the_page_and_in_the_json()
    {
        var files = new XkcdSiteRenderer().Render(Snapshot([]));
        Assert.Contains("No readings yet in the last 24 hours.", Page(files));
        using var json = JsonDocument.Parse(files.Single(f => f.Name == "latest.json").Body);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("latest").ValueKind);
    }

    [Fact]
    public void Text_from_configuration_is_html_escaped()
    {
        var page = Page(new XkcdSiteRenderer().Render(Snapshot(ChartSamples.DayOfReadings(), "<script>alert('x')</script> & \"spa\"")));
        Assert.DoesNotContain("<script>", page);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;spa&quot;", page);
    }

    [Fact]
    public void Titles_come_from_series_names()
    {
        Assert.Equal("Pool", SiteSnapshot.TitleFor("pool"));
        Assert.Equal("Hot tub", SiteSnapshot.TitleFor("hot_tub"));
    }

    [Fact]
    public void The_chart_name_follows_the_window() =>
        Assert.Equal("chart-7d.png", XkcdSiteRenderer.ChartName(ChartView.Week));
}
