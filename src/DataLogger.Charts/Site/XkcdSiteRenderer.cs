using System.Globalization;
using System.Text;
using DataLogger.Alerts;
using DataLogger.Charts.Drawing;
using DataLogger.Readings;
using DataLogger.Site;

namespace DataLogger.Charts.Site;

/// <summary>
/// Renders the site: for each view of a series, the hand-drawn chart of the window (<c>chart-24h.png</c>, and a
/// narrow one for phones) and its phone-sized page (last), which works without JavaScript; and at the top of the site,
/// <c>latest.json</c> with every series' figures, the Humor Sans web font and its licence, and, when the site shows
/// several series, the overview page with each one's newest reading and last 24 hours.
/// </summary>
public sealed class XkcdSiteRenderer(SiteOptions? options = null) : ISiteRenderer
{
    const string FontName = "humor-sans.ttf";
    const string FontLicenceName = "humor-sans-OFL.txt";
    const string SymbolsName = "symbols.ttf";
    const string SymbolsLicenceName = "symbols-LICENSE.txt";
    const string ScriptName = "chart.js";

    readonly SiteOptions _options = options ?? new SiteOptions();

    /// <inheritdoc />
    public IReadOnlyList<SiteFile> Render(SiteSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var chartName = ChartName(snapshot.View);
        var data = ChartDataFor(snapshot);
        // The two charts are independent: draw them side by side (a Pi has four cores).
        byte[] wide = [], narrowPng = [];
        Parallel.Invoke(
            () => wide = XkcdChart.Render(data, _options.Chart),
            () => narrowPng = _options.NarrowChart is { } narrow ? XkcdChart.Render(data, narrow) : []);
        var files = new List<SiteFile>(6) { new(chartName, wide, "image/png") };
        if (_options.NarrowChart is not null)
        {
            files.Add(new SiteFile(NarrowChartName(snapshot.View), narrowPng, "image/png"));
        }

        files.Add(new SiteFile(snapshot.View.DataName, ViewData.Encode(snapshot, Geometry(data, _options.Chart), _options.NarrowChart is { } n ? Geometry(data, n) : null), "application/json"));
        files.Add(new SiteFile(snapshot.View.CsvName, Encoding.UTF8.GetBytes(snapshot.Bands.Count > 0
            ? ReadingCsv.Of(snapshot.Bands, snapshot.TimeZone, snapshot.Quantity)
            : ReadingCsv.Of(snapshot.Readings, snapshot.TimeZone, snapshot.Quantity)), "text/csv; charset=utf-8"));
        if (snapshot.NumberedNotes.Count > 0)
        {
            files.Add(new SiteFile(snapshot.View.NotesCsvName, Encoding.UTF8.GetBytes(ReadingCsv.Of(snapshot.NumberedNotes.Select(n => n.Note), snapshot.TimeZone)), "text/csv; charset=utf-8"));
        }

        files.Add(new SiteFile(snapshot.View.PageName, Encoding.UTF8.GetBytes(Page(snapshot)), "text/html; charset=utf-8"));
        return [.. files.Select(f => f with { Name = snapshot.Folder + f.Name })];
    }

    /// <inheritdoc />
    public IReadOnlyList<SiteFile> RenderIndex(SiteIndex index, SiteLayout layout)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(layout);
        var files = new List<SiteFile>(6)
        {
            new(SiteFiles.Latest, index.Encode(), "application/json"),
            new(FontName, ChartFonts.HandFontBytes, "font/ttf"),
            new(FontLicenceName, ChartFonts.HandFontLicence, "text/plain; charset=utf-8"),
            new(SymbolsName, ChartFonts.FallbackFontBytes, "font/ttf"),
            new(SymbolsLicenceName, ChartFonts.FallbackFontLicence, "text/plain; charset=utf-8"),
            new(ScriptName, SiteTemplate.Named(ScriptName).Bytes, "text/javascript; charset=utf-8"),
        };
        if (layout.HasOverview)
        {
            files.Add(new SiteFile(SiteFiles.Page, Encoding.UTF8.GetBytes(Overview(index)), "text/html; charset=utf-8"));
        }

        return files;
    }

    /// <summary>The chart of a snapshot: its title says the series and the window; what it is compared with behind it.</summary>
    public static ChartData ChartDataFor(SiteSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var what = snapshot.Quantity.IsTemperature ? $"{snapshot.Title} temperature" : snapshot.Title;
        return new ChartData($"{what} - last {snapshot.View.Label}", snapshot.Window, snapshot.Readings, snapshot.TimeZone)
        {
            Quantity = snapshot.Quantity,
            Bands = snapshot.Bands,
            Compare = snapshot.Compare,
            CompareBands = snapshot.CompareBands,
            Legend = snapshot.View.Comparison is { } c ? (c.Current, c.Compared) : ("now", "before"),
            Newest = snapshot.Latest,
            Notes = snapshot.Notes,
            StateSpans = snapshot.StateSpans,
        };
    }

    // Where a chart's plot box lies, for the page's script.
    static ViewData.Geometry Geometry(ChartData data, ChartOptions options)
    {
        var (plot, low, high) = XkcdChart.PlotArea(data, options);
        return new ViewData.Geometry(options.Width, options.Height, plot.Left, plot.Top, plot.Right, plot.Bottom, low, high);
    }

    /// <summary>The chart's file name for a view: <c>chart-24h.png</c>, <c>chart-7d.png</c>.</summary>
    public static string ChartName(ChartView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return $"chart-{view.Name}.png";
    }

    /// <summary>The narrow chart's file name: <c>chart-24h-narrow.png</c>.</summary>
    public static string NarrowChartName(ChartView view) => ChartName(view).Replace(".png", "-narrow.png", StringComparison.Ordinal);

    // The page's head and the start of its body, the same for every page; the style reaches the fonts at the top.
    string Head(string title, string toTop) => SiteTemplate.Named("head.html").Fill(
        ("refresh", _options.RefreshSeconds > 0 ? string.Create(CultureInfo.InvariantCulture, $"<meta http-equiv=\"refresh\" content=\"{_options.RefreshSeconds}\">\n") : string.Empty),
        ("title", title),
        ("style", SiteTemplate.Named("site.css").Fill(("top", toTop))));

    string Page(SiteSnapshot s)
    {
        var zone = s.TimeZone;
        var title = Html(s.Title);
        return SiteTemplate.Named("page.html").Fill(
            ("head", Head(title + s.Quantity.About, s.ToTop)),
            ("up", s.Layout.HasOverview ? $"<a class=\"up\" href=\"{s.ToTop}{SiteFiles.Page}\">← all</a>\n" : string.Empty),
            ("title", title),
            ("tabs", Tabs(s)),
            ("alerts", Banners(s.Alerts, zone, s.GeneratedAt)),
            ("stale", s.Silence is { } silence ? Stale($"No reading for {Ago(silence)}: check the sensor and its connection.") : string.Empty),
            ("now", Now(s.Latest, zone, "ddd d MMM yyyy", Age(s.Latest, s.Interval, s.GeneratedAt), s.View)),
            ("forecast", s.Forecast.Describe(zone, s.GeneratedAt) is { Length: > 0 } forecast ? SiteTemplate.Named("forecast.html").Fill(("text", Html(forecast))) : string.Empty),
            ("picture", Picture(string.Empty, s.View, Describe(s.Title + s.Quantity.About, s.View.Label, s.Min, s.Max, s.Latest))),
            ("notes", ChangesHtml(s) + NotesHtml(s) + NoteForm(s)),
            ("downloads", SiteTemplate.Named("downloads.html").Fill(
                ("csv", s.View.CsvName),
                ("file", $"{s.Series}-{s.View.Name}.csv"),
                ("what", s.Bands.Count > 0 ? $"{s.View.Label}' {(s.View.Bucket!.Value.TotalDays >= 1 ? "daily" : "hourly")} figures" : $"{s.View.Label}' readings"),
                ("notes", s.NumberedNotes.Count > 0 ? $" · <a href=\"{s.View.NotesCsvName}\" download=\"{s.Series}-{s.View.Name}-notes.csv\">its notes (CSV)</a>" : string.Empty))),
            ("stats", Stats(s)),
            ("records", RecordsHtml(s.Records, zone, s.Quantity)),
            ("footer", Footer(s.GeneratedAt, zone, s.ToTop)));
    }

    // Each state's changes in the day, under its chart: "Heater: on at 06:10, off at 08:40."
    static string ChangesHtml(SiteSnapshot s) => string.Concat(s.StateChanges.Where(c => c.Changes.Count > 0).Select(c =>
        $"<p class=\"changes\">{Html(c.Title)}: {string.Join(", ", c.Changes.Select(change => $"{(change.On ? "on" : "off")} at <time datetime=\"{Iso(DateTimeOffset.FromUnixTimeSeconds(change.Time), s.TimeZone)}\">{Local(DateTimeOffset.FromUnixTimeSeconds(change.Time), s.TimeZone, "HH:mm")}</time>"))}.</p>\n"));

    // The notes on the chart, by the numbers the chart gives them: when (a span from and to) and the whole text.
    static string NotesHtml(SiteSnapshot s)
    {
        var notes = s.NumberedNotes;
        if (notes.Count == 0)
        {
            return string.Empty;
        }

        var format = s.View.Length > TimeSpan.FromDays(1) ? "ddd d MMM HH:mm" : "HH:mm";
        string When(Notes.Note n) => n.EndTime is { } end
            ? $"<time datetime=\"{Iso(n.Time, s.TimeZone)}\">{Local(n.Time, s.TimeZone, format)}</time>to <time datetime=\"{Iso(end, s.TimeZone)}\">{Local(end, s.TimeZone, format)}</time>"
            : $"<time datetime=\"{Iso(n.Time, s.TimeZone)}\">{Local(n.Time, s.TimeZone, format)}</time>";
        var items = string.Concat(notes.Select(n => string.Create(CultureInfo.InvariantCulture,
            $"<li value=\"{n.Number}\" id=\"note-{n.Number}\">{When(n.Note)}{Html(n.Note.Text)}</li>\n")));
        return SiteTemplate.Named("notes.html").Fill(("items", items));
    }

    // The "Add a note" form, where a device may post notes: it posts as any form does (no script needed; the answer
    // sends the browser back to the page); the page's script keeps the token on this phone once given.
    string NoteForm(SiteSnapshot s) => _options.NotesAction is not { } action
        ? string.Empty
        : SiteTemplate.Named("note-form.html").Fill(
            ("action", Html(action.Contains("://", StringComparison.Ordinal) ? action : s.ToTop + action)),
            ("series", Html(s.Series)));

    // The newest reading, large, and when it was taken; or that there is none in the window.
    static string Now(Reading? latest, TimeZoneInfo zone, string dateFormat, string range, ChartView view) => latest is null
        ? SiteTemplate.Named("empty.html").Fill(("window", view.Label))
        : SiteTemplate.Named("now.html").Fill(
            ("celsius", ValueHtml(latest)),
            ("fahrenheit", latest.IsTemperature ? FahrenheitHtml(latest.Fahrenheit) : string.Empty),
            ("iso", Iso(latest.Time, zone)),
            ("time", Local(latest.Time, zone, "HH:mm")),
            ("date", Local(latest.Time, zone, dateFormat)),
            ("range", range));

    // A test entered by hand (a sparse number: no interval, not a state) says how old it is: "· 2 days ago".
    static string Age(Reading? latest, TimeSpan interval, DateTimeOffset now) =>
        latest is not null && latest.Unit != Quantity.State.Unit && interval == TimeSpan.Zero && now - latest.Time >= TimeSpan.FromMinutes(1)
            ? $" · {Ago(now - latest.Time)} ago"
            : string.Empty;

    // The window's min, max and mean cards, when it has readings.
    static string Stats(SiteSnapshot s) => s.Min is { } min && s.Max is { } max && s.MeanCelsius is { } mean
        ? SiteTemplate.Named("stats.html").Fill(
            ("minC", ValueHtml(min)),
            ("minF", min.IsTemperature ? FahrenheitHtml(min.Fahrenheit) : string.Empty),
            ("minWhen", When(min, s.View, s.TimeZone)),
            ("maxC", ValueHtml(max)),
            ("maxF", max.IsTemperature ? FahrenheitHtml(max.Fahrenheit) : string.Empty),
            ("maxWhen", When(max, s.View, s.TimeZone)),
            ("meanC", s.Quantity.IsTemperature ? CelsiusHtml(mean)
                : s.Quantity.IsState ? string.Create(CultureInfo.InvariantCulture, $"on {mean * 100:0}%") // of the readings: the share of the time it was on
                : ValueHtml(Reading.Stored(min.Timestamp, Math.Round(mean, 2), min.Unit))),
            ("meanF", s.Quantity.IsTemperature ? FahrenheitHtml(Reading.ToFahrenheit(mean)) : string.Empty),
            ("count", s.Count.ToString(CultureInfo.InvariantCulture)),
            ("since", s.DataStarts is { } start ? $" since {TimeZoneInfo.ConvertTime(start, s.TimeZone).ToString("d MMM HH:mm", CultureInfo.InvariantCulture)}" : string.Empty))
        : string.Empty;

    // The records: a row for each span (highest and lowest, with when), and the days at the target this year.
    static string RecordsHtml(Records records, TimeZoneInfo zone, Quantity quantity)
    {
        string Value(Extreme extreme) => ValueHtml(Reading.Stored(extreme.At, extreme.Celsius, quantity.Unit));
        if (records.Spans.Count == 0)
        {
            return string.Empty;
        }

        var rows = string.Concat(records.Spans.Select(span => SiteTemplate.Named("record-row.html").Fill(
            ("name", span.Name),
            ("high", Value(span.High)),
            ("highIso", Iso(span.High.Time, zone)),
            ("highWhen", RecordWhen(span, span.High, zone)),
            ("low", Value(span.Low)),
            ("lowIso", Iso(span.Low.Time, zone)),
            ("lowWhen", RecordWhen(span, span.Low, zone)))));
        var target = records is { Target: { } t, DaysAtTarget: { } days }
            ? string.Create(CultureInfo.InvariantCulture, $"<p class=\"target\">{days} day{(days == 1 ? string.Empty : "s")} at or above {CelsiusHtml(t)} this year{(records.Since is { } since ? $" (records since {since:d MMM yyyy})" : string.Empty)}.</p>")
            : records.Since is { } first ? string.Create(CultureInfo.InvariantCulture, $"<p class=\"target\">Records since {first:d MMM yyyy}.</p>") : string.Empty;
        return SiteTemplate.Named("records.html").Fill(("rows", rows), ("target", target));
    }

    static string RecordWhen(RecordSpan span, Extreme extreme, TimeZoneInfo zone) =>
        Local(extreme.Time, zone, span.Name == "today" ? "HH:mm" : span.Name == "all time" ? "HH:mm d MMM yyyy" : "HH:mm ddd d MMM");

    // When the page was drawn, the link to the figures, and the end of the page.
    static string Footer(DateTimeOffset generatedAt, TimeZoneInfo zone, string toTop) => SiteTemplate.Named("footer.html").Fill(
        ("updatedIso", Iso(generatedAt, zone)),
        ("updated", Local(generatedAt, zone, "d MMM yyyy HH:mm")),
        ("zone", Html(zone.Id)),
        ("top", toTop),
        ("latest", SiteFiles.Latest),
        ("version", Html(ProductVersion.Current)));

    // A view's chart, the narrow one on phones, described for those who cannot see it.
    // A tappable chart names its view's data file for the page's script; the overview's charts are links instead.
    string Picture(string folder, ChartView view, string description, bool tappable = true) => SiteTemplate.Named("picture.html").Fill(
        ("data", tappable ? $" data-view=\"{folder}{view.DataName}\"" : string.Empty),
        ("narrow", _options.NarrowChart is { } narrow
            ? string.Create(CultureInfo.InvariantCulture, $"<source media=\"(max-width: 640px)\" srcset=\"{folder}{NarrowChartName(view)}\" width=\"{narrow.Width}\" height=\"{narrow.Height}\">\n")
            : string.Empty),
        ("src", folder + ChartName(view)),
        ("width", _options.Chart.Width.ToString(CultureInfo.InvariantCulture)),
        ("height", _options.Chart.Height.ToString(CultureInfo.InvariantCulture)),
        ("alt", Html(description)));

    // Every series at a glance: each one's newest reading large, its last 24 hours, and links to its views.
    // A station of temperatures only is "Temperatures"; with other quantities, "Readings", grouped: the temperatures first,
    // then the other numbers, then the states (drawn as spans).
    string Overview(SiteIndex index)
    {
        var onlyTemperatures = index.Series.All(s => s.Latest is null or { IsTemperature: true });
        static int Group(SeriesSummary s) => s.Latest is not { } latest || latest.IsTemperature ? 0 : latest.Unit == Quantity.State.Unit ? 2 : 1;
        return SiteTemplate.Named("overview.html").Fill(
            ("head", Head(Html(string.Join(" · ", index.Series.Select(s => s.Title))) + (onlyTemperatures ? " temperatures" : " readings"), string.Empty)),
            ("heading", onlyTemperatures ? "Temperatures" : "Readings"),
            ("balance", BalanceHtml(index)),
            ("tests", TestsHtml(index)),
            ("series", string.Concat(index.Series.OrderBy(Group).Select(s => OverviewSeries(s, index.TimeZone, index.GeneratedAt)))),
            ("footer", Footer(index.GeneratedAt, index.TimeZone, string.Empty)));
    }

    // The water's balance, when the station has its tests (pH, total alkalinity and calcium hardness; cyanuric acid
    // and salt when it has them) and a water temperature (its first temperature series): the CSI, what it means, and
    // from what, with how old the oldest test is.
    static string BalanceHtml(SiteIndex index)
    {
        var water = index.Series.FirstOrDefault(s => s.Quantity.IsTemperature && s.Latest is not null)?.Latest;
        if (Chemistry.WaterBalance.Of(q => index.Series.FirstOrDefault(s => s.Quantity == q && s.Latest is not null)?.Latest, water) is not var (csi, tests))
        {
            return string.Empty;
        }

        if (csi is not { } value)
        {
            return SiteTemplate.Named("balance.html").Fill(("csi", "?"), ("meaning", "not defined"),
                ("from", "No carbonate alkalinity is left once the cyanuric acid's is taken out: test the total alkalinity and the pH again."));
        }

        var names = new Dictionary<Quantity, string> { [Quantity.Ph] = "pH", [Quantity.TotalAlkalinity] = "TA", [Quantity.CalciumHardness] = "CH", [Quantity.CyanuricAcid] = "CYA", [Quantity.Salt] = "salt" };
        var inputs = string.Join(", ", tests.Select(t => t.Quantity == Quantity.Ph
            ? $"pH {Quantity.Ph.Round(t.Reading.Value).ToString("0.0#", CultureInfo.InvariantCulture)}"
            : $"{names[t.Quantity]} {t.Reading.Value.ToString("0", CultureInfo.InvariantCulture)}"));
        var missing = (tests.Any(t => t.Quantity == Quantity.CyanuricAcid) ? string.Empty : " (no cyanuric acid test: taken as 0)")
            + (tests.Any(t => t.Quantity == Quantity.Salt) ? string.Empty : " (no salt test: taken as 0)");
        var oldest = tests.MinBy(t => t.Reading.Timestamp).Reading;
        return SiteTemplate.Named("balance.html").Fill(
            ("csi", Chemistry.WaterBalance.Format(value)),
            ("meaning", Html(Chemistry.WaterBalance.Describe(value))),
            ("from", Html($"{Chemistry.WaterBalance.Name}, from {inputs}{missing}, the oldest test {Ago(index.GeneratedAt - oldest.Time)} ago, and the water at ") + CelsiusHtml(water!.Celsius) + "."));
    }

    // The last water tests as a table: a row a day a test was entered (the newest first, a week of them), a column a
    // test by hand, each cell the day's last value.
    static string TestsHtml(SiteIndex index)
    {
        var tests = index.Series.Where(s => s.Recent.Count > 0).OrderBy(s => Quantity.All.ToList().IndexOf(s.Quantity) is var i and >= 0 ? i : int.MaxValue).ToList(); // pH, TA, CH, CYA, salt
        if (tests.Count == 0)
        {
            return string.Empty;
        }

        DateOnly Day(Reading r) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(r.Time, index.TimeZone).DateTime);
        var days = tests.SelectMany(s => s.Recent.Select(Day)).Distinct().OrderDescending().Take(SitePublisher.RecentTestCount).ToList();
        var rows = string.Concat(days.Select(day =>
            $"<tr><th>{day.ToString("ddd d MMM", CultureInfo.InvariantCulture)}</th>{string.Concat(tests.Select(s => s.Recent.LastOrDefault(r => Day(r) == day) is { } r ? $"<td>{ValueHtml(r)}</td>" : "<td></td>"))}</tr>\n"));
        return SiteTemplate.Named("tests.html").Fill(
            ("columns", string.Concat(tests.Select(s => $"<th>{Html(s.Title)}</th>"))),
            ("rows", rows));
    }

    string OverviewSeries(SeriesSummary s, TimeZoneInfo zone, DateTimeOffset now)
    {
        var title = Html(s.Title);
        var range = s.Interval == TimeSpan.Zero ? Age(s.Latest, s.Interval, now)
            : s.Min is { } min && s.Max is { } max && min.Unit != Quantity.State.Unit ? $" · 24 h: {ValueHtml(min)} to {ValueHtml(max)}" : string.Empty;
        return SiteTemplate.Named("overview-series.html").Fill(
            ("page", s.Page),
            ("title", title),
            ("alerts", Banners(s.Alerts, zone, now)),
            ("stale", s.SilenceAt(now) is { } silence ? Stale($"{title}: no reading for {Ago(silence)}.") : string.Empty),
            ("now", Now(s.Latest, zone, "ddd d MMM", range, ChartView.Day)),
            ("picture", Picture(s.Folder, ChartView.Day, Describe(s.Title + (s.Quantity.IsTemperature ? " temperature" : string.Empty), ChartView.Day.Label, s.Min, s.Max, s.Latest), tappable: false)),
            ("tabs", string.Concat(ChartView.All.Select(v => $"<a href=\"{s.Folder}{v.PageName}\">{v.Name}</a>"))));
    }

    static string Stale(string message) => SiteTemplate.Named("stale.html").Fill(("message", message));

    // The alerts that are firing: "Below 10 °C since 06:35".
    // A target reached is good news: the forecast line says it, not a banner.
    static string Banners(IReadOnlyList<FiringAlert> alerts, TimeZoneInfo zone, DateTimeOffset now) => string.Concat(alerts.Where(a => a.Kind != "reached").Select(alert =>
    {
        var since = TimeZoneInfo.ConvertTime(alert.Since, zone);
        return SiteTemplate.Named("alert.html").Fill(
            ("what", alert.Kind switch
            {
                "below" => $"Below {CelsiusHtml(alert.Threshold!.Value)}",
                "above" => $"Above {CelsiusHtml(alert.Threshold!.Value)}",
                "stuck" => "The probe may be stuck",
                "jump" => "A jump: is the probe in the water?",
                "not-heating" => "Not heating",
                "frost" => "Frost expected",
                "glitches" => "Bad reads of the probe",
                _ => "Offline",
            }),
            ("iso", Iso(alert.Since, zone)),
            ("when", since.ToString(since.Date == TimeZoneInfo.ConvertTime(now, zone).Date ? "HH:mm" : "HH:mm ddd d MMM", CultureInfo.InvariantCulture)));
    }));

    // Links between the views, the current one marked: plain links, so they work without JavaScript.
    static string Tabs(SiteSnapshot s)
    {
        if (s.Views.Count < 2)
        {
            return string.Empty;
        }

        var links = s.Views.Select(v => v == s.View
            ? $"<a href=\"{v.PageName}\" aria-current=\"page\">{v.Name}</a>"
            : $"<a href=\"{v.PageName}\">{v.Name}</a>");
        return $"<nav class=\"tabs\">{string.Join(string.Empty, links)}</nav>\n";
    }

    static string When(Reading reading, ChartView view, TimeZoneInfo zone) => view.Bucket switch
    {
        null => $"at {Local(reading.Time, zone, "HH:mm ddd")}",
        { TotalDays: >= 1 } => $"on {Local(reading.Time, zone, "ddd d MMM")}",
        _ => $"in the hour from {Local(reading.Time, zone, "HH:mm ddd d MMM")}",
    };

    static string Ago(TimeSpan age) => Time.Durations.Spoken(age);

    static string Describe(string title, string window, Reading? min, Reading? max, Reading? latest) => min is not null && max is not null && latest is not null
        ? $"Chart of the {title} over the last {window}: from {C(min)} to {C(max)}, now {C(latest)}."
        : $"Chart of the {title} over the last {window}: no data yet.";

    // In text (the chart's description), a no-break space keeps the number and its unit on one line.
    static string C(Reading reading) => reading.IsTemperature
        ? reading.Celsius.ToString("0.0", CultureInfo.InvariantCulture) + "\u00A0°C"
        : Quantity.OfUnit(reading.Unit).Format(reading.Value).Replace(' ', '\u00A0');

    // A reading's value on the page: a temperature in °C; another quantity in its unit (a state: on or off).
    static string ValueHtml(Reading reading) => reading.IsTemperature
        ? CelsiusHtml(reading.Celsius)
        : reading.Unit == Quantity.State.Unit
            ? (reading.Value >= 0.5 ? "on" : "off")
            : System.Net.WebUtility.HtmlEncode(reading.Value.ToString("0.##", CultureInfo.InvariantCulture)) + $"<span class=\"u\">{System.Net.WebUtility.HtmlEncode(reading.Unit)}</span>";

    // On the page, the unit is a span a little apart (Humor Sans' space is half an em wide, too wide beside "°").
    static string CelsiusHtml(double celsius) => celsius.ToString("0.0", CultureInfo.InvariantCulture) + "<span class=\"u\">°C</span>";

    static string FahrenheitHtml(double fahrenheit) => fahrenheit.ToString("0.0", CultureInfo.InvariantCulture) + "<span class=\"u\">°F</span>";

    static string Local(DateTimeOffset time, TimeZoneInfo zone, string format) =>
        TimeZoneInfo.ConvertTime(time, zone).ToString(format, CultureInfo.InvariantCulture);

    static string Iso(DateTimeOffset time, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(time, zone).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);

    static string Html(string text) => System.Net.WebUtility.HtmlEncode(text);
}
