using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DataLogger.Charts;
using DataLogger.Charts.Site;
using DataLogger.Cli.Common;
using DataLogger.Cli.Common.Settings;
using DataLogger.Cli.Configuration;
using DataLogger.Cli.Input;
using DataLogger.Ports;
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
            using var bucket = job.Csv is null ? OpenBucket(job.Folder) : null;
            var (engine, request) = bucket is null ? ReadCsv(job) : (bucket, job.Request);
            job = job with { Request = request };
            if (job.Window is not { } window)
            {
                return await AllViewsAsync(terminal, job, engine, cancellationToken).ConfigureAwait(false);
            }

            // One window of every reading (--last), from the bucket or a CSV file.
            var view = ChartView.Readings(window);
            return job.ChartFile is not null
                ? await ChartOnlyAsync(terminal, job, engine, view, cancellationToken).ConfigureAwait(false)
                : await OneWindowAsync(terminal, job, engine, view, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    // What one render is asked to do, read from the flags and checked. Window: one window of every reading (--last,
    // --csv, --chart), or null for every view.
    sealed record Job(DataFolder Folder, string Out, SiteRequest Request, TimeSpan? Window, ChartOptions Chart, SitePublisher Publisher, string? Csv, string? ChartFile)
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
        readonly Option<double?> _target = GoalSettings.Target.CreateOption();
        readonly Option<string?> _chartFile = new("--chart") { Description = "Write only the chart, to FILE (.png or .svg), instead of the site.", HelpName = "FILE" };

        public void AddTo(Command command)
        {
            foreach (var option in new Option[] { _output, _last.Option, _end, _series, _zone, _title, _target, _csv, _width, _height, _scale, _seed, _chartFile })
            {
                command.Add(option);
            }
        }

        public Job Read(ParseResult parse, DataFolder folder)
        {
            var outFolder = Path.GetFullPath(parse.GetValue(_output) ?? folder.Site);
            var name = SharedSettings.Series.ValueIn(parse, _series, Series.DefaultIn(folder.Bucket));
            var chart = new ChartOptions { Width = parse.GetValue(_width), Height = parse.GetValue(_height), Scale = parse.GetValue(_scale), Seed = parse.GetValue(_seed) };
            try
            {
                chart.Validate();
            }
            catch (ArgumentException e)
            {
                throw new UserErrorException(e.Message + " (--width, --height, --scale)", e);
            }

            var csv = parse.GetValue(_csv);
            var chartFile = parse.GetValue(_chartFile);
            TimeSpan? window = parse.GetValue(_last.Option) is not null || csv is not null || chartFile is not null ? _last.ValueIn(parse) : null;
            var request = new SiteRequest(name, parse.GetValue(_title) ?? SeriesTitles.Default(name), SharedSettings.TimeZone.ValueIn(parse, _zone))
            {
                End = parse.GetValue(_end),
                Goal = GoalSettings.Target.ValueIn(parse, _target) is { } target ? new Forecasting.HeatingGoal(target) : null,
                Tabs = window is { } length ? [ChartView.Readings(length)] : ChartView.All,
            };
            var publisher = new SitePublisher(new XkcdSiteRenderer(new SiteOptions { Chart = chart }), new LocalFolderStore(outFolder));
            return new Job(folder, outFolder, request, window, chart, publisher, csv, chartFile);
        }
    }

    static DuckDbQueryEngine OpenBucket(DataFolder folder)
    {
        folder.RequireBucket(" (or --csv FILE)");
        return new DuckDbQueryEngine(folder.Bucket);
    }

    // The readings of a CSV file as an engine, and the request whose window ends at --end, or at the file's newest reading.
    static (IQueryEngine Engine, SiteRequest Request) ReadCsv(Job job)
    {
        var readings = ReadingsCsv.Read(job.Csv!, job.Request.TimeZone);
        var end = job.Request.End ?? (readings.Count > 0 ? readings[^1].Time : null);
        return (new InMemoryReadings(job.Request.Series, readings), job.Request with { End = end });
    }

    // The 24-hour, 7-day, 30-day and 1-year views.
    static async Task<int> AllViewsAsync(Terminal terminal, Job job, IQueryEngine engine, CancellationToken cancellationToken)
    {
        var published = await job.Publisher.PublishAsync(engine, job.Request, ChartView.All, cancellationToken).ConfigureAwait(false);
        await terminal.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Rendered the views {string.Join(", ", published.Select(p => $"{p.Snapshot.View.Name} ({p.Snapshot.Count} readings)"))} of '{job.Request.Series}' ({job.Request.TimeZone.Id}) into {job.Out} in {job.Stopwatch.ElapsedMilliseconds} ms.")).ConfigureAwait(false);
        await terminal.Out.WriteLineAsync(Path.Join(job.Out, ChartView.Day.PageName)).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    // --chart FILE: the chart alone, as PNG or SVG.
    static async Task<int> ChartOnlyAsync(Terminal terminal, Job job, IQueryEngine engine, ChartView view, CancellationToken cancellationToken)
    {
        var (snapshot, _) = await job.Publisher.SnapshotAsync(engine, job.Request with { Answers = false }, view, cancellationToken).ConfigureAwait(false);
        var chartPath = job.ChartFile!;
        var format = Path.GetExtension(chartPath).Equals(".svg", StringComparison.OrdinalIgnoreCase) ? ChartFormat.Svg : ChartFormat.Png;
        var image = XkcdChart.Render(XkcdSiteRenderer.ChartDataFor(snapshot), job.Chart, format);
        var full = Path.GetFullPath(chartPath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        // Written as it is, on this thread: a file write "async" is a thread pool worker started to be waited on.
        File.WriteAllBytes(full, image);
        await terminal.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Drew {snapshot.Readings.Count} readings of '{job.Request.Series}' (last {Durations.Format(view.Length)}, {job.Request.TimeZone.Id}) into {full} ({image.Length / 1024.0:0.#} KB) in {job.Stopwatch.ElapsedMilliseconds} ms.")).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    // --last: one window's page and chart.
    static async Task<int> OneWindowAsync(Terminal terminal, Job job, IQueryEngine engine, ChartView view, CancellationToken cancellationToken)
    {
        var result = (await job.Publisher.PublishAsync(engine, job.Request, [view], cancellationToken).ConfigureAwait(false))[0];
        var files = string.Join(", ", result.Written.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Name} ({f.Body.Length / 1024.0:0.#} KB)")))
            + (result.Unchanged.Count > 0 ? string.Create(CultureInfo.InvariantCulture, $"; {result.Unchanged.Count} unchanged") : string.Empty);
        await terminal.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Rendered {result.Snapshot.Readings.Count} readings of '{job.Request.Series}' (last {Durations.Format(view.Length)}, {job.Request.TimeZone.Id}) into {job.Out} in {job.Stopwatch.ElapsedMilliseconds} ms: {files}.")).ConfigureAwait(false);
        await terminal.Out.WriteLineAsync(Path.Join(job.Out, view.PageName)).ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
