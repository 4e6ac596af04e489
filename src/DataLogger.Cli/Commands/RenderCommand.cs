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
        var flags = new Flags();
        var command = new Command("render", "Draw the chart and write the site (index.html, the chart, latest.json) into a folder.");
        flags.AddTo(command);
        command.SetGuardedAction(terminal, async (parse, cancellationToken) =>
        {
            var job = flags.Read(parse, DataFolder.At(parse.GetValue(data)!));
            if (!job.OneWindow)
            {
                return await AllViewsAsync(terminal, job, cancellationToken).ConfigureAwait(false);
            }

            // One window of every reading (--last), from the bucket or a CSV file.
            var view = ChartView.Readings(job.Request.Length);
            var snapshot = job.Csv is not null
                ? FromCsv(job.Csv, job.Request, view, job.End)
                : await SnapshotAsync(job.Publisher, job.Folder, job.Request, view, job.End, cancellationToken).ConfigureAwait(false);
            return job.ChartFile is not null
                ? await ChartOnlyAsync(terminal, job, snapshot, cancellationToken).ConfigureAwait(false)
                : await OneWindowAsync(terminal, job, snapshot, view, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    // What one render is asked to do, read from the flags and checked.
    sealed record Job(DataFolder Folder, string Out, SiteRequest Request, ChartOptions Chart, SitePublisher Publisher, string? Csv, string? ChartFile, DateTimeOffset? End, bool OneWindow)
    {
        public Stopwatch Stopwatch { get; } = Stopwatch.StartNew();
    }

    // The flags of render, in the order the help lists them.
    sealed class Flags
    {
        readonly Option<string?> _output = new("--out") { Description = "The folder to write the site into. [default: DIR/site of --data]", HelpName = "DIR" };
        readonly DurationOption _last = CommonOptions.Duration("--last", "Draw only one window this long, ending now, every reading (without it: the 24h, 7d, 30d and 1y views).", TimeSpan.FromHours(24));
        readonly Option<DateTimeOffset?> _end = CommonOptions.End("The end of the window: ISO 8601 time or Unix seconds (default: now, or the newest reading of --csv).");
        readonly Option<string> _series = SharedSettings.Series.CreateOption();
        readonly Option<TimeZoneInfo> _zone = SharedSettings.TimeZone.CreateOption();
        readonly Option<string?> _title = new("--title") { Description = "The name on the page and chart. [default: the series, capitalised]", HelpName = "TEXT" };
        readonly Option<string?> _csv = new("--csv") { Description = "Draw the readings of this CSV file instead of the bucket's (columns time or timestamp, and celsius or temp_c).", HelpName = "FILE" };
        readonly Option<int> _width = new("--width") { Description = "Chart width in CSS pixels.", DefaultValueFactory = _ => 1000 };
        readonly Option<int> _height = new("--height") { Description = "Chart height in CSS pixels.", DefaultValueFactory = _ => 500 };
        readonly Option<float> _scale = new("--scale") { Description = "Image pixels per CSS pixel: 2 or 3 for sharp charts on phones.", DefaultValueFactory = _ => 2f };
        readonly Option<uint> _seed = new("--seed") { Description = "The seed of the hand-drawn wobble.", DefaultValueFactory = _ => 0 };
        readonly Option<string?> _chartFile = new("--chart") { Description = "Write only the chart, to FILE (.png or .svg), instead of the site.", HelpName = "FILE" };

        public void AddTo(Command command)
        {
            foreach (var option in new Option[] { _output, _last.Option, _end, _series, _zone, _title, _csv, _width, _height, _scale, _seed, _chartFile })
            {
                command.Add(option);
            }
        }

        public Job Read(ParseResult parse, DataFolder folder)
        {
            var outFolder = Path.GetFullPath(parse.GetValue(_output) ?? folder.Site);
            var name = SharedSettings.Series.ValueIn(parse, _series);
            var chart = new ChartOptions { Width = parse.GetValue(_width), Height = parse.GetValue(_height), Scale = parse.GetValue(_scale), Seed = parse.GetValue(_seed) };
            try
            {
                chart.Validate();
            }
            catch (ArgumentException e)
            {
                throw new UserErrorException(e.Message + " (--width, --height, --scale)", e);
            }

            var request = new SiteRequest(name, parse.GetValue(_title) ?? SeriesTitles.Default(name), _last.ValueIn(parse), SharedSettings.TimeZone.ValueIn(parse, _zone));
            var publisher = new SitePublisher(new XkcdSiteRenderer(new SiteOptions { Chart = chart }), new LocalFolderStore(outFolder));
            var csv = parse.GetValue(_csv);
            var chartFile = parse.GetValue(_chartFile);
            var oneWindow = parse.GetValue(_last.Option) is not null || csv is not null || chartFile is not null;
            return new Job(folder, outFolder, request, chart, publisher, csv, chartFile, parse.GetValue(_end), oneWindow);
        }
    }

    // The 24-hour, 7-day, 30-day and 1-year views of the bucket.
    static async Task<int> AllViewsAsync(Terminal terminal, Job job, CancellationToken cancellationToken)
    {
        job.Folder.RequireBucket(" (or --csv FILE)");
        using var engine = new DuckDbQueryEngine(job.Folder.Bucket);
        var published = await job.Publisher.PublishViewsAsync(engine, job.Request, ChartView.All, ChartView.All, job.End, cancellationToken: cancellationToken).ConfigureAwait(false);
        await terminal.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Rendered the views {string.Join(", ", published.Select(p => $"{p.Snapshot.View.Name} ({p.Snapshot.Count} readings)"))} of '{job.Request.Series}' ({job.Request.TimeZone.Id}) into {job.Out} in {job.Stopwatch.ElapsedMilliseconds} ms.")).ConfigureAwait(false);
        await terminal.Out.WriteLineAsync(Path.Join(job.Out, ChartView.Day.PageName)).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    // --chart FILE: the chart alone, as PNG or SVG.
    static async Task<int> ChartOnlyAsync(Terminal terminal, Job job, SiteSnapshot snapshot, CancellationToken cancellationToken)
    {
        var chartPath = job.ChartFile!;
        var format = Path.GetExtension(chartPath).Equals(".svg", StringComparison.OrdinalIgnoreCase) ? ChartFormat.Svg : ChartFormat.Png;
        var image = XkcdChart.Render(XkcdSiteRenderer.ChartDataFor(snapshot), job.Chart, format);
        var full = Path.GetFullPath(chartPath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        await File.WriteAllBytesAsync(full, image, cancellationToken).ConfigureAwait(false);
        await terminal.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Drew {snapshot.Readings.Count} readings of '{job.Request.Series}' (last {Durations.Format(job.Request.Length)}, {job.Request.TimeZone.Id}) into {full} ({image.Length / 1024.0:0.#} KB) in {job.Stopwatch.ElapsedMilliseconds} ms.")).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    // --last: one window's page and chart.
    static async Task<int> OneWindowAsync(Terminal terminal, Job job, SiteSnapshot snapshot, ChartView view, CancellationToken cancellationToken)
    {
        var result = await job.Publisher.PublishAsync(snapshot, 0, cancellationToken).ConfigureAwait(false);
        var files = string.Join(", ", result.Written.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Name} ({f.Body.Length / 1024.0:0.#} KB)")))
            + (result.Unchanged.Count > 0 ? string.Create(CultureInfo.InvariantCulture, $"; {result.Unchanged.Count} unchanged") : string.Empty);
        await terminal.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Rendered {result.Snapshot.Readings.Count} readings of '{job.Request.Series}' (last {Durations.Format(job.Request.Length)}, {job.Request.TimeZone.Id}) into {job.Out} in {job.Stopwatch.ElapsedMilliseconds} ms: {files}.")).ConfigureAwait(false);
        await terminal.Out.WriteLineAsync(Path.Join(job.Out, view.PageName)).ConfigureAwait(false);
        return ExitCodes.Ok;
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
