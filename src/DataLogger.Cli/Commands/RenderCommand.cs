using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DataLogger.Charts;
using DataLogger.Charts.Site;
using DataLogger.CommandLine;
using DataLogger.CommandLine.Settings;
using DataLogger.Cli.Input;
using DataLogger.Query.DuckDb;
using DataLogger.Readings;
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
        var series = SharedSettings.Series.CreateOption();
        var zone = SharedSettings.TimeZone.CreateOption();
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
            var name = SharedSettings.Series.ValueIn(parse, series);
            var timeZone = SharedSettings.TimeZone.ValueIn(parse, zone);
            var chart = new ChartOptions { Width = parse.GetValue(width), Height = parse.GetValue(height), Scale = parse.GetValue(scale), Seed = parse.GetValue(seed) };
            try
            {
                chart.Validate();
            }
            catch (ArgumentException e)
            {
                throw new UserErrorException(e.Message + " (--width, --height, --scale)", e);
            }

            var request = new SiteRequest(name, parse.GetValue(title) ?? SeriesTitles.Default(name), last.ValueIn(parse), timeZone);
            var publisher = new SitePublisher(new XkcdSiteRenderer(new SiteOptions { Chart = chart }), new LocalFolderStore(outFolder));
            var csvPath = parse.GetValue(csv);
            var chartPath = parse.GetValue(chartFile);
            if (parse.GetValue(last.Option) is null && csvPath is null && chartPath is null)
            {
                folder.RequireBucket(" (or --csv FILE)");
                using var engine = new DuckDbQueryEngine(folder.Bucket);
                var published = await publisher.PublishViewsAsync(engine, request, ChartView.All, ChartView.All, parse.GetValue(end), cancellationToken: cancellationToken).ConfigureAwait(false);
                await terminal.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"Rendered the views {string.Join(", ", published.Select(p => $"{p.Snapshot.View.Name} ({p.Snapshot.Count} readings)"))} of '{name}' ({timeZone.Id}) into {outFolder} in {stopwatch.ElapsedMilliseconds} ms.")).ConfigureAwait(false);
                await terminal.Out.WriteLineAsync(Path.Join(outFolder, ChartView.Day.PageName)).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            // One window of every reading (--last), from the bucket or a CSV file.
            var view = ChartView.Readings(request.Length);
            var snapshot = csvPath is not null
                ? FromCsv(csvPath, request, view, parse.GetValue(end))
                : await SnapshotAsync(publisher, folder, request, view, parse.GetValue(end), cancellationToken).ConfigureAwait(false);
            if (chartPath is not null)
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

            var result = await publisher.PublishAsync(snapshot, 0, cancellationToken).ConfigureAwait(false);
            var files = string.Join(", ", result.Written.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Name} ({f.Body.Length / 1024.0:0.#} KB)")))
                + (result.Unchanged.Count > 0 ? string.Create(CultureInfo.InvariantCulture, $"; {result.Unchanged.Count} unchanged") : string.Empty);
            await terminal.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Rendered {result.Snapshot.Readings.Count} readings of '{name}' (last {Durations.Format(request.Length)}, {timeZone.Id}) into {outFolder} in {stopwatch.ElapsedMilliseconds} ms: {files}.")).ConfigureAwait(false);
            await terminal.Out.WriteLineAsync(Path.Join(outFolder, view.PageName)).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    // The readings of the bucket, queried by the publisher as it queries every view.
    static async Task<SiteSnapshot> SnapshotAsync(SitePublisher publisher, DataFolder folder, SiteRequest request, ChartView view, DateTimeOffset? end, CancellationToken cancellationToken)
    {
        folder.RequireBucket(" (or --csv FILE)");
        using var engine = new DuckDbQueryEngine(folder.Bucket);
        var (snapshot, _) = await publisher.SnapshotAsync(engine, request, view, end, cancellationToken: cancellationToken).ConfigureAwait(false);
        return snapshot;
    }

    // The readings of a CSV file: the window ends at --end, or at its newest reading.
    static SiteSnapshot FromCsv(string path, SiteRequest request, ChartView view, DateTimeOffset? end)
    {
        var readings = ReadingsCsv.Read(path, request.TimeZone);
        var window = TimeWindow.Last(request.Length, end ?? (readings.Count > 0 ? readings[^1].Time : DateTimeOffset.UtcNow));
        return new SiteSnapshot(request.Series, request.Title, window, [.. readings.Where(r => window.Contains(r.Timestamp))], request.TimeZone, DateTimeOffset.UtcNow)
        {
            View = view,
            Views = [view],
        };
    }
}
