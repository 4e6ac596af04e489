using System.Diagnostics;
using System.Globalization;
using DataLogger.Charts;
using DataLogger.Readings;
using DataLogger.Time;

namespace DataLogger.Bench;

/// <summary>Renders the reference CSV (the one matplotlib draws) and times warm renders.</summary>
static class RenderBenchmark
{
    public static IReadOnlyList<Reading> ReadReferenceCsv(string path)
    {
        var readings = new List<Reading>();
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var parts = line.Split(',');
            var time = DateTime.Parse(parts[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
            readings.Add(Reading.Create(new DateTimeOffset(time, TimeSpan.Zero), double.Parse(parts[1], CultureInfo.InvariantCulture)));
        }

        return readings;
    }

    public static ChartData ReferenceChart(string csv)
    {
        var readings = ReadReferenceCsv(csv);
        var window = TimeWindow.Last(TimeSpan.FromHours(24), readings[^1].Time);
        return new ChartData("Pool temperature - last 24 h", window, readings, TimeZoneInfo.Utc);
    }

    public static void Run(string csv, string output, int runs)
    {
        var data = ReferenceChart(csv);
        var options = new ChartOptions { CelsiusLabel = "water temp (°C)" };
        var stopwatch = Stopwatch.StartNew();
        var png = XkcdChart.Render(data, options);
        var first = stopwatch.Elapsed.TotalMilliseconds;
        File.WriteAllBytes(output, png);
        File.WriteAllBytes(Path.ChangeExtension(output, ".svg"), XkcdChart.Render(data, options, ChartFormat.Svg));
        var warm = new Samples("warm render, PNG 1000x500");
        for (var i = 0; i < runs; i++)
        {
            var s = Stopwatch.StartNew();
            XkcdChart.Render(data, options);
            warm.Add(s.Elapsed.TotalMilliseconds);
        }

        var empty = new Samples("warm render, PNG, no readings");
        var svg = new Samples("warm render, SVG");
        var emptyData = data with { Readings = [] };
        for (var i = 0; i < runs; i++)
        {
            var s = Stopwatch.StartNew();
            XkcdChart.Render(emptyData, options);
            empty.Add(s.Elapsed.TotalMilliseconds);
            s.Restart();
            XkcdChart.Render(data, options, ChartFormat.Svg);
            svg.Add(s.Elapsed.TotalMilliseconds);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"first render {first:0.0} ms; wrote {output} ({png.Length:N0} bytes)"));
        Console.WriteLine(warm);
        Console.WriteLine(empty);
        Console.WriteLine(svg);
    }
}
