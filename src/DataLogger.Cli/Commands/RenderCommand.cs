using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DataLogger.Charts;
using DataLogger.Charts.Site;
using DataLogger.CommandLine;
using DataLogger.Cli.Input;
using DataLogger.Query.DuckDb;
using DataLogger.Site;
using DataLogger.Storage.Local;
using DataLogger.Time;

namespace DataLogger.Cli.Commands;

/// <summary>
/// <c>datalogger render</c>: queries the window and writes the site (the chart, <c>latest.json</c>,
/// <c>index.html</c>) into a folder; or draws a chart from a CSV file.
/// </summary>
static class RenderCommand
{
    public static Command Create(Terminal terminal, Option<string> data)
    {
        var output = new Option<string?>("--out") { Description = "The folder to write the site into. [default: DIR/site of --data]", HelpName = "DIR" };
        var last = CommonOptions.Duration("--last", "Draw only one window this long, ending now, every reading (without it: the 24h, 7d, 30d and 1y views).", TimeSpan.FromHours(24));
        var end = CommonOptions.End("The end of the window: ISO 8601 time or Unix seconds (default: now, or the newest reading of --csv).");
        var series = CommonOptions.Series();
        var zone = CommonOptions.TimeZone();
        var title = new Option<string?>("--title") { Description = "The name on the page and chart. [default: the series, capitalised]", HelpName = "TEXT" };
        var csv = new Option<string?>("--csv")
        {
            Description = "Draw the readings of this CSV file instead of the bucket's (columns time or timestamp, and celsius or temp_c).",
            HelpName = "FILE",
        };
        var width = new Option<int>("--width") { Description = "Chart width in CSS pixels.", DefaultValueFactory = _ => 1000 };
        var height = new Option<int>("--height") { Description = "Chart height in CSS pixels.", DefaultValueFactory = _ => 500 };
        var scale = new Option<float>("--scale") { Description = "Image pixels per CSS pixel: 2 or 3 for sharp charts on phones.", DefaultValueFactory = _ => 2f };
        var seed = new Option<uint>("--seed") { Description = "The seed of the hand-drawn wobble.", DefaultValueFactory = _ => 0 };
        var chartFile = new Option<string?>("--chart")
        {
            Description = "Write only the chart, to FILE (.png or .svg), instead of the site.",
            HelpName = "FILE",
        };

        var command = new Command("render", "Draw the chart and write the site (index.html, the chart, latest.json) into a folder.")
        {
            output, last.Option, end, series, zone, title, csv, width, height, scale, seed, chartFile,
        };
        command.SetGuardedAction(terminal, async (parse, cancellationToken) =>
        {
            var stopwatch = Stopwatch.StartNew();
            var folder = DataFolder.At(parse.GetValue(data)!);
            var outFolder = Path.GetFullPath(parse.GetValue(output) ?? folder.Site);
            var name = parse.GetValue(series)!;
            var timeZone = parse.GetValue(zone) ?? TimeZoneInfo.Local;
            var chart = new ChartOptions { Width = parse.GetValue(width), Height = parse.GetValue(height), Scale = parse.GetValue(scale), Seed = parse.GetValue(seed) };
            try
            {
                chart.Validate();
            }
            catch (ArgumentException e)
            {
                throw new UserErrorException(e.Message + " (--width, --height, --scale)", e);
            }

            var request = new SiteRequest(name, parse.GetValue(title) ?? SiteSnapshot.TitleFor(name), last.ValueIn(parse), timeZone);
            var allViews = parse.GetValue(last.Option) is null && parse.GetValue(csv) is null && parse.GetValue(chartFile) is null;
            if (allViews)
            {
                folder.RequireBucket(" (or --csv FILE)");

                using var engine = new DuckDbQueryEngine(folder.Bucket);
                var published = await new SitePublisher(new XkcdSiteRenderer(new SiteOptions { Chart = chart }), new LocalFolderStore(outFolder))
                    .PublishViewsAsync(engine, request, ChartView.All, ChartView.All, parse.GetValue(end), cancellationToken).ConfigureAwait(false);
                await terminal.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"Rendered the views {string.Join(", ", published.Select(p => $"{p.Snapshot.View.Name} ({p.Snapshot.Count} readings)"))} of '{name}' ({timeZone.Id}) into {outFolder} in {stopwatch.ElapsedMilliseconds} ms.")).ConfigureAwait(false);
                await terminal.Out.WriteLineAsync(Path.Join(outFolder, XkcdSiteRenderer.PageName)).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            var snapshot = await SnapshotAsync(parse.GetValue(csv), folder, request, parse.GetValue(end), cancellationToken).ConfigureAwait(false);
            snapshot = snapshot with { View = request.Length == ChartView.Day.Length ? ChartView.Day : new ChartView(Durations.Format(request.Length), request.Length, null, Durations.Format(request.Length)) };
            if (parse.GetValue(chartFile) is { } chartPath)
            {
                var format = Path.GetExtension(chartPath).Equals(".svg", StringComparison.OrdinalIgnoreCase) ? ChartFormat.Svg : ChartFormat.Png;
                var image = XkcdChart.Render(XkcdSiteRenderer.ChartDataFor(snapshot), chart, format);
                var full = Path.GetFullPath(chartPath);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                await File.WriteAllBytesAsync(full, image, cancellationToken).ConfigureAwait(false);
                await terminal.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"Drew {snapshot.Readings.Count} readings of '{name}' (last {Durations.Format(request.Length)}, {timeZone.Id}) into {full} ({image.Length / 1024.0:0.#} KB) in {stopwatch.ElapsedMilliseconds} ms.")).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            var site = new LocalFolderStore(outFolder);
            var result = await new SitePublisher(new XkcdSiteRenderer(new SiteOptions { Chart = chart }), site)
                .PublishAsync(snapshot, 0, cancellationToken).ConfigureAwait(false);
            var files = string.Join(", ", result.Files.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Name} ({f.Body.Length / 1024.0:0.#} KB)")));
            await terminal.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Rendered {result.Snapshot.Readings.Count} readings of '{name}' (last {Durations.Format(request.Length)}, {timeZone.Id}) into {outFolder} in {stopwatch.ElapsedMilliseconds} ms: {files}.")).ConfigureAwait(false);
            await terminal.Out.WriteLineAsync(Path.Join(outFolder, XkcdSiteRenderer.PageName)).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    // The readings to show: from a CSV file, or queried from the bucket with DuckDB.
    static async Task<SiteSnapshot> SnapshotAsync(string? csvPath, DataFolder folder, SiteRequest request, DateTimeOffset? end, CancellationToken cancellationToken)
    {
        if (csvPath is not null)
        {
            var readings = ReadingsCsv.Read(csvPath, request.TimeZone);
            var window = TimeWindow.Last(request.Length, end ?? (readings.Count > 0 ? readings[^1].Time : DateTimeOffset.UtcNow));
            return new SiteSnapshot(request.Series, request.Title, window, [.. readings.Where(r => window.Contains(r.Timestamp))], request.TimeZone, DateTimeOffset.UtcNow);
        }

        folder.RequireBucket(" (or --csv FILE)");

        using var engine = new DuckDbQueryEngine(folder.Bucket);
        var queried = TimeWindow.Last(request.Length, end ?? DateTimeOffset.UtcNow);
        var result = await engine.ReadingsAsync(request.Series, queried, cancellationToken).ConfigureAwait(false);
        return new SiteSnapshot(request.Series, request.Title, queried, result.Readings, request.TimeZone, DateTimeOffset.UtcNow);
    }
}
