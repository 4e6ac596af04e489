using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using DataLogger.Charts;
using DataLogger.Cli.Input;
using DataLogger.Time;

namespace DataLogger.Bench;

/// <summary>
/// Our chart beside the original matplotlib script on the reference CSV, in one run: warm (median of in-process
/// renders, against the script's own warm median) and cold (whole processes, interleaved).
/// </summary>
static partial class RenderBenchmark
{
    public static async Task RunAsync(string reference, string work, int runs)
    {
        var csv = Path.Join(reference, "readings-24h.csv");
        var script = Path.Join(reference, "matplotlib_xkcd.py");
        var data = ReferenceChart(csv);
        var options = new ChartOptions { CelsiusLabel = "water temp (°C)" };

        // Warm, ours: the first render pays for loading Skia and the fonts.
        var stopwatch = Stopwatch.StartNew();
        var png = XkcdChart.Render(data, options);
        var first = stopwatch.Elapsed.TotalMilliseconds;
        await File.WriteAllBytesAsync(Path.Join(work, "ours.png"), png);
        var warm = new Samples("ours: warm render, PNG 1000x500");
        var svg = new Samples("ours: warm render, SVG");
        for (var i = 0; i < runs; i++)
        {
            var s = Stopwatch.StartNew();
            XkcdChart.Render(data, options);
            warm.Add(s.Elapsed.TotalMilliseconds);
            s.Restart();
            XkcdChart.Render(data, options, ChartFormat.Svg);
            svg.Add(s.Elapsed.TotalMilliseconds);
        }

        // Warm, matplotlib: the script times its own renders and prints the median.
        var python = await ProcessRunner.RunAsync("/usr/bin/python3", [script, csv, Path.Join(work, "matplotlib.png"), runs.ToString(CultureInfo.InvariantCulture)]);
        var match = WarmMedian().Match(python.Output);
        var matplotlibWarm = match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN;

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ours: first render in process {first:0.0} ms"));
        Console.WriteLine(warm);
        Console.WriteLine(svg);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"matplotlib: {python.Output.Trim()}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warm: matplotlib / ours = {matplotlibWarm / warm.Median:0.0}x"));

        // Cold: whole processes, interleaved, each drawing the same CSV into one 1000x500 PNG.
        var contenders = new List<(Samples Samples, string File, string[] Args)>
        {
            (new Samples("matplotlib: whole process"), "/usr/bin/python3", [script, csv, Path.Join(work, "matplotlib.png")]),
        };
        foreach (var (name, folder) in await PublishAsync(work))
        {
            contenders.Add((new Samples($"ours ({name}): whole process"), Path.Join(folder, "datalogger"),
                ["render", "--csv", csv, "--chart", Path.Join(work, $"ours-{name}.png"), "--tz", "UTC", "--scale", "1", "--title", "Pool"]));
        }

        var coldRuns = Math.Max(5, runs / 3);
        for (var i = 0; i < coldRuns; i++)
        {
            foreach (var (samples, file, args) in contenders)
            {
                var s = Stopwatch.StartNew();
                var result = await ProcessRunner.RunAsync(file, args);
                samples.Add(s.Elapsed.TotalMilliseconds);
                if (result.ExitCode != 0)
                {
                    throw new InvalidOperationException($"{file} failed: {result.Output}");
                }
            }
        }

        foreach (var (samples, _, _) in contenders)
        {
            Console.WriteLine(samples);
        }

        foreach (var (samples, _, _) in contenders.Skip(1))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cold: matplotlib / {samples.Name} = {contenders[0].Samples.Median / samples.Median:0.0}x"));
        }
    }

    /// <summary>The reference CSV (<c>time,temp_c,temp_f</c>, times without a zone, read as UTC) as a chart.</summary>
    public static ChartData ReferenceChart(string csv)
    {
        var readings = ReadingsCsv.Read(csv, TimeZoneInfo.Utc);
        var window = TimeWindow.Last(TimeSpan.FromHours(24), readings[^1].Time);
        return new ChartData("Pool temperature - last 24 h", window, readings, TimeZoneInfo.Utc);
    }

    // The CLI published as users would run it: ReadyToRun (the default publish), and NativeAOT where clang is installed.
    static async Task<List<(string Name, string Folder)>> PublishAsync(string work)
    {
        var root = Path.GetFullPath(Path.Join(AppContext.BaseDirectory, "../../../../../"));
        var project = Path.Join(root, "src/DataLogger.Cli");
        var builds = new List<(string Name, string Folder)>();
        foreach (var (name, extra) in new[] { ("ReadyToRun", "-p:PublishReadyToRun=true"), ("NativeAOT", "-p:PublishAot=true") })
        {
            if (name == "NativeAOT" && !File.Exists("/usr/bin/clang"))
            {
                Console.WriteLine("NativeAOT skipped: apt-get install clang lld zlib1g-dev to include it");
                continue;
            }

            var folder = Path.Join(work, "publish-" + name);
            var result = await ProcessRunner.RunAsync("dotnet", ["publish", project, "-c", "Release", "-r", "linux-x64", extra, "-o", folder]);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"publish {name} failed: {result.Output}");
            }

            builds.Add((name, folder));
        }

        return builds;
    }

    [GeneratedRegex(@"median of \d+ warm renders ([0-9.]+) ms wall")]
    private static partial Regex WarmMedian();
}
