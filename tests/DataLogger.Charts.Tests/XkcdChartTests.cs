using System.Xml.Linq;
using DataLogger.Readings;
using DataLogger.Time;

namespace DataLogger.Charts.Tests;

public sealed class XkcdChartTests
{
    [Fact]
    public void Renders_a_1000_by_500_png_by_default()
    {
        var png = XkcdChart.Render(ChartSamples.Data(ChartSamples.DayOfReadings()));
        using var probe = new PixelProbe(png);
        Assert.Equal((1000, 500), (probe.Width, probe.Height));
        Assert.True(probe.CountLineColour(0, 1000) > 2000); // the data line is there
    }

    [Fact]
    public void The_same_readings_and_seed_give_the_same_picture()
    {
        var data = ChartSamples.Data(ChartSamples.DayOfReadings());
        Assert.Equal(XkcdChart.Render(data), XkcdChart.Render(data));
        Assert.Equal(XkcdChart.Render(data, new ChartOptions { Seed = 7 }), XkcdChart.Render(data, new ChartOptions { Seed = 7 }));
        Assert.NotEqual(XkcdChart.Render(data), XkcdChart.Render(data, new ChartOptions { Seed = 7 }));
    }

    [Fact]
    public void Scale_makes_a_sharper_image_of_the_same_chart()
    {
        var png = XkcdChart.Render(ChartSamples.Data(ChartSamples.DayOfReadings()), new ChartOptions { Scale = 2 });
        using var probe = new PixelProbe(png);
        Assert.Equal((2000, 1000), (probe.Width, probe.Height));
    }

    [Fact]
    public void No_readings_draws_the_axes_and_says_no_data_yet()
    {
        var png = XkcdChart.Render(ChartSamples.Data([]));
        using var probe = new PixelProbe(png);
        Assert.False(probe.HasLineColour(0, probe.Width));
        var svg = XkcdChart.Render(ChartSamples.Data([]), format: ChartFormat.Svg);
        Assert.NotEmpty(svg);
    }

    [Fact]
    public void One_reading_is_drawn_as_a_dot()
    {
        var png = XkcdChart.Render(ChartSamples.Data([Reading.Create(ChartSamples.End.AddHours(-12), 25)]));
        using var probe = new PixelProbe(png);
        var blue = probe.CountLineColour(0, probe.Width);
        Assert.InRange(blue, 20, 400); // a dot, not a line
        Assert.True(probe.HasLineColour(480, 520)); // in the middle of the day
    }

    [Fact]
    public void A_gap_of_hours_breaks_the_line_instead_of_bridging_it()
    {
        var all = ChartSamples.DayOfReadings();
        var gapStart = ChartSamples.End.AddHours(-18).ToUnixTimeSeconds();
        var gapEnd = ChartSamples.End.AddHours(-6).ToUnixTimeSeconds();
        var withGap = all.Where(r => r.Timestamp < gapStart || r.Timestamp > gapEnd).ToList();

        using var continuous = new PixelProbe(XkcdChart.Render(ChartSamples.Data(all)));
        using var broken = new PixelProbe(XkcdChart.Render(ChartSamples.Data(withGap)));

        // 12 hours without readings in the middle of the day: around x = 500 of 1000.
        Assert.True(continuous.HasLineColour(420, 580));
        Assert.False(broken.HasLineColour(420, 580));
        Assert.True(broken.HasLineColour(100, 300));
        Assert.True(broken.HasLineColour(700, 900));
        Assert.Equal(2, ReadingRuns.Split(withGap).Count());
    }

    [Fact]
    public void One_or_two_missed_readings_are_bridged()
    {
        var readings = ChartSamples.DayOfReadings().Where((_, i) => i % 50 != 7 && i % 50 != 8).ToList();
        Assert.Single(ReadingRuns.Split(readings));
    }

    [Fact]
    public void A_flat_line_gets_a_sensible_range_and_is_drawn()
    {
        var flat = ChartSamples.DayOfReadings().Select(r => Reading.Create(r.Timestamp, 21.5)).ToList();
        using var probe = new PixelProbe(XkcdChart.Render(ChartSamples.Data(flat)));
        Assert.True(probe.CountLineColour(0, probe.Width) > 1000);
    }

    [Fact]
    public void A_window_across_a_daylight_saving_change_renders()
    {
        var end = new DateTimeOffset(2025, 10, 26, 11, 0, 0, TimeSpan.Zero); // Europe/Berlin fell back at 01:00 UTC
        var window = TimeWindow.Last(TimeSpan.FromHours(24), end);
        var readings = Simulation.History.Generate(new Simulation.PoolModel(), end, TimeSpan.FromHours(24), TimeSpan.FromMinutes(5)).ToList();
        using var probe = new PixelProbe(XkcdChart.Render(ChartSamples.Data(readings, window, "Europe/Berlin")));
        Assert.True(probe.CountLineColour(0, probe.Width) > 2000);
    }

    [Fact]
    public void Negative_temperatures_render()
    {
        var cold = ChartSamples.DayOfReadings().Select(r => Reading.Create(r.Timestamp, r.Celsius - 30)).ToList();
        Assert.NotEmpty(XkcdChart.Render(ChartSamples.Data(cold)));
    }

    [Fact]
    public void Svg_is_an_svg_document_with_text_as_outlines()
    {
        var svg = XkcdChart.Render(ChartSamples.Data(ChartSamples.DayOfReadings()), format: ChartFormat.Svg);
        var document = XDocument.Parse(System.Text.Encoding.UTF8.GetString(svg));
        Assert.Equal("svg", document.Root!.Name.LocalName);
        Assert.Equal("1000", document.Root.Attribute("width")!.Value);
        Assert.DoesNotContain(document.Descendants(), e => e.Name.LocalName == "text");
        Assert.Contains(document.Descendants(), e => e.Name.LocalName == "path");
    }

    [Theory]
    [InlineData(100, 500, 1f)]
    [InlineData(1000, 50, 1f)]
    [InlineData(1000, 500, 0f)]
    [InlineData(1000, 500, 20f)]
    public void Out_of_range_sizes_are_refused_with_a_message(int width, int height, float scale)
    {
        var e = Assert.Throws<ArgumentException>(() => XkcdChart.Render(ChartSamples.Data([]), new ChartOptions { Width = width, Height = height, Scale = scale }));
        Assert.Contains("out of range", e.Message);
    }
}
