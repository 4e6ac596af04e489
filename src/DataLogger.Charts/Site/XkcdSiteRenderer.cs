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

    readonly SiteOptions _options = options ?? new SiteOptions();

    // The fonts are at the top of the site: {0} is how a page reaches it ("" or "../").
    const string Style = """
        @font-face { font-family: "Humor Sans"; src: url("{0}humor-sans.ttf") format("truetype"); font-display: swap; }
        @font-face { font-family: "DataLogger Symbols"; src: url("{0}symbols.ttf") format("truetype"); unicode-range: U+00B0, U+2212; }
        :root { color-scheme: light; --ink: #111; --muted: #555; --accent: #1f77b4; --bg: #fff; }
        * { box-sizing: border-box; }
        body { margin: 0; background: #fff; color: var(--ink); font-family: "Humor Sans", "DataLogger Symbols", "Comic Sans MS", "Comic Neue", system-ui, sans-serif; }
        main { max-width: 1040px; margin: 0 auto; padding: 12px 12px 24px; }
        h1 { font-size: 1.4rem; margin: 0 0 4px; font-weight: normal; }
        .now { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0 16px; margin: 0; }
        .now .c { font-size: clamp(3rem, 16vw, 5.5rem); line-height: 1.05; color: var(--accent); }
        .now .f { font-size: clamp(1.6rem, 8vw, 2.6rem); color: var(--muted); }
        .u { margin-left: 0.12em; white-space: nowrap; }
        .when, .updated { color: var(--muted); margin: 4px 0 12px; }
        img { display: block; width: 100%; height: auto; margin: 8px 0; border: 0; }
        .stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(100px, 1fr)); gap: 8px; margin: 8px 0; padding: 0; }
        .stats div { border: 2px solid var(--ink); border-radius: 10px 14px 8px 12px; padding: 6px 10px; }
        .stats dt { color: var(--muted); }
        .stats dd { margin: 0; font-size: 1.3rem; }
        .stats small { display: block; color: var(--muted); font-size: .85rem; }
        .empty { font-size: 1.6rem; margin: 16px 0; }
        a { color: var(--accent); }
        .tabs { display: flex; gap: 6px; margin: 6px 0 10px; }
        .tabs a { flex: 1; text-align: center; padding: 8px 0; border: 2px solid var(--ink); border-radius: 12px 8px 14px 10px; color: var(--ink); text-decoration: none; font-size: 1.1rem; }
        .tabs a[aria-current] { background: var(--ink); color: var(--bg); }
        .stale { background: #fff3cd; color: #5c4400; border: 2px solid #c99a00; border-radius: 10px; padding: 8px 12px; font-size: 1.1rem; }
        .up { display: inline-block; margin: 0 0 4px; font-size: 1.05rem; }
        .alert { background: #fde2e1; color: #7a1010; border: 2px solid #c62828; border-radius: 10px; padding: 8px 12px; font-size: 1.25rem; margin: 8px 0; }
        .series { border-top: 2px solid var(--ink); margin: 14px 0 0; padding: 8px 0 0; }
        .series h2 { font-size: 1.5rem; font-weight: normal; margin: 0; }
        .series h2 a { color: var(--ink); text-decoration: none; }
        .series .now .c { font-size: clamp(3rem, 15vw, 5rem); }
        .series .tabs a { font-size: 1rem; padding: 6px 0; }
        picture img { background: #fff; border-radius: 8px; }
        @media (prefers-color-scheme: dark) {
          :root { color-scheme: dark; --ink: #eee; --muted: #aaa; --accent: #6cb4ff; --bg: #121212; }
          body { background: var(--bg); }
          .stale { background: #3d3000; color: #ffe08a; }
          .alert { background: #3d0d0d; color: #ffb3b3; }
        }
        """;

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
        };
        if (layout.HasOverview)
        {
            files.Add(new SiteFile(SiteFiles.Page, Encoding.UTF8.GetBytes(Overview(index)), "text/html; charset=utf-8"));
        }

        return files;
    }

    /// <summary>The chart of a snapshot: its title says the series and the window.</summary>
    public static ChartData ChartDataFor(SiteSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return new ChartData($"{snapshot.Title} temperature - last {snapshot.View.Label}", snapshot.Window, snapshot.Readings, snapshot.TimeZone) { Bands = snapshot.Bands };
    }

    /// <summary>The chart's file name for a view: <c>chart-24h.png</c>, <c>chart-7d.png</c>.</summary>
    public static string ChartName(ChartView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return $"chart-{view.Name}.png";
    }

    /// <summary>The narrow chart's file name: <c>chart-24h-narrow.png</c>.</summary>
    public static string NarrowChartName(ChartView view) => ChartName(view).Replace(".png", "-narrow.png", StringComparison.Ordinal);

    // The page's head and the start of its body, the same for every page.
    string Head(string title, string toTop) => string.Create(CultureInfo.InvariantCulture, $"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        {(_options.RefreshSeconds > 0 ? $"<meta http-equiv=\"refresh\" content=\"{_options.RefreshSeconds}\">\n" : string.Empty)}<title>{title}</title>
        <style>
        {Style.Replace("{0}", toTop, StringComparison.Ordinal)}
        </style>
        </head>
        <body>
        <main>

        """);

    string Page(SiteSnapshot s)
    {
        var zone = s.TimeZone;
        var title = Html(s.Title);
        var window = s.View.Label;
        var html = new StringBuilder(4096);
        html.Append(Head($"{title} temperature", s.ToTop));
        if (s.Layout.HasOverview)
        {
            html.Append(CultureInfo.InvariantCulture, $"<a class=\"up\" href=\"{s.ToTop}{SiteFiles.Page}\">← all</a>\n");
        }

        html.Append(CultureInfo.InvariantCulture, $"""
            <h1>{title}</h1>
            {Tabs(s)}
            """);
        html.Append(Banners(s.Alerts, zone, s.GeneratedAt));
        if (s.Silence is { } silence)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"stale\" role=\"alert\">No reading for {Ago(silence)}: check the sensor and its connection.</p>\n");
        }

        if (s.Latest is { } latest)
        {
            html.Append(CultureInfo.InvariantCulture, $"""
                <p class="now"><span class="c">{CelsiusHtml(latest.Celsius)}</span><span class="f">{FahrenheitHtml(latest.Fahrenheit)}</span></p>
                <p class="when">at <time datetime="{Iso(latest.Time, zone)}">{Local(latest.Time, zone, "HH:mm")}</time> on {Local(latest.Time, zone, "ddd d MMM yyyy")}</p>

                """);
        }
        else
        {
            html.Append("<p class=\"empty\">No readings yet in the last ").Append(window).Append(".</p>\n");
        }

        html.Append(Picture(string.Empty, s.View, Describe(s.Title, window, s.Min, s.Max, s.Latest))).Append("\n\n");
        if (s.Min is { } min && s.Max is { } max && s.MeanCelsius is { } mean)
        {
            html.Append(CultureInfo.InvariantCulture, $"""
                <dl class="stats">
                <div><dt>min</dt><dd>{CelsiusHtml(min.Celsius)}<br>{FahrenheitHtml(min.Fahrenheit)}<small>{When(min, s.View, zone)}</small></dd></div>
                <div><dt>max</dt><dd>{CelsiusHtml(max.Celsius)}<br>{FahrenheitHtml(max.Fahrenheit)}<small>{When(max, s.View, zone)}</small></dd></div>
                <div><dt>mean</dt><dd>{CelsiusHtml(mean)}<br>{FahrenheitHtml(Reading.ToFahrenheit(mean))}<small>{s.Count} readings</small></dd></div>
                </dl>

                """);
        }

        html.Append(Footer(s.GeneratedAt, zone, s.ToTop));
        return html.ToString();
    }

    // When the page was drawn, the link to the figures, and the end of the page.
    static string Footer(DateTimeOffset generatedAt, TimeZoneInfo zone, string toTop) => string.Create(CultureInfo.InvariantCulture, $"""
        <p class="updated">Updated <time datetime="{Iso(generatedAt, zone)}">{Local(generatedAt, zone, "d MMM yyyy HH:mm")}</time> ({Html(zone.Id)}) · <a href="{toTop}{SiteFiles.Latest}">{SiteFiles.Latest}</a></p>
        </main>
        </body>
        </html>

        """);

    // A view's chart, the narrow one on phones, described for those who cannot see it.
    string Picture(string folder, ChartView view, string description) => string.Create(CultureInfo.InvariantCulture, $"""
        <picture>
        {(_options.NarrowChart is { } narrow ? $"<source media=\"(max-width: 640px)\" srcset=\"{folder}{NarrowChartName(view)}\" width=\"{narrow.Width}\" height=\"{narrow.Height}\">\n" : string.Empty)}<img src="{folder}{ChartName(view)}" width="{_options.Chart.Width}" height="{_options.Chart.Height}" alt="{Html(description)}">
        </picture>
        """);

    // Every series at a glance: each one's newest reading large, its last 24 hours, and links to its views.
    string Overview(SiteIndex index)
    {
        var zone = index.TimeZone;
        var html = new StringBuilder(8192);
        html.Append(Head(Html(string.Join(" · ", index.Series.Select(s => s.Title))) + " temperatures", string.Empty));
        html.Append("<h1>Temperatures</h1>\n");
        foreach (var s in index.Series)
        {
            var title = Html(s.Title);
            html.Append(CultureInfo.InvariantCulture, $"<section class=\"series\">\n<h2><a href=\"{s.Page}\">{title}</a></h2>\n");
            html.Append(Banners(s.Alerts, zone, index.GeneratedAt));
            if (s.SilenceAt(index.GeneratedAt) is { } silence)
            {
                html.Append(CultureInfo.InvariantCulture, $"<p class=\"stale\" role=\"alert\">{title}: no reading for {Ago(silence)}.</p>\n");
            }

            if (s.Latest is { } latest)
            {
                html.Append(CultureInfo.InvariantCulture, $"""
                    <p class="now"><span class="c">{CelsiusHtml(latest.Celsius)}</span><span class="f">{FahrenheitHtml(latest.Fahrenheit)}</span></p>
                    <p class="when">at <time datetime="{Iso(latest.Time, zone)}">{Local(latest.Time, zone, "HH:mm")}</time> on {Local(latest.Time, zone, "ddd d MMM")}{(s.Min is { } min && s.Max is { } max ? $" · 24 h: {CelsiusHtml(min.Celsius)} to {CelsiusHtml(max.Celsius)}" : string.Empty)}</p>

                    """);
            }
            else
            {
                html.Append("<p class=\"empty\">No readings yet in the last 24 hours.</p>\n");
            }

            html.Append(CultureInfo.InvariantCulture, $"""
                <a href="{s.Page}">{Picture(s.Folder, ChartView.Day, Describe(s.Title, ChartView.Day.Label, s.Min, s.Max, s.Latest))}</a>
                <nav class="tabs">{string.Concat(ChartView.All.Select(v => $"<a href=\"{s.Folder}{v.PageName}\">{v.Name}</a>"))}</nav>
                </section>

                """);
        }

        html.Append(Footer(index.GeneratedAt, zone, string.Empty));
        return html.ToString();
    }

    // The alerts that are firing: "Below 10 °C since 06:35".
    static string Banners(IReadOnlyList<FiringAlert> alerts, TimeZoneInfo zone, DateTimeOffset now)
    {
        var html = new StringBuilder();
        foreach (var alert in alerts)
        {
            var since = TimeZoneInfo.ConvertTime(alert.Since, zone);
            var when = since.ToString(since.Date == TimeZoneInfo.ConvertTime(now, zone).Date ? "HH:mm" : "HH:mm ddd d MMM", CultureInfo.InvariantCulture);
            var what = alert.Kind switch
            {
                "below" => $"Below {CelsiusHtml(alert.Threshold!.Value)}",
                "above" => $"Above {CelsiusHtml(alert.Threshold!.Value)}",
                _ => "Offline",
            };
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"alert\" role=\"alert\">{what} since <time datetime=\"{Iso(alert.Since, zone)}\">{when}</time></p>\n");
        }

        return html.ToString();
    }

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
        ? $"Chart of the {title} temperature over the last {window}: from {C(min.Celsius)} to {C(max.Celsius)}, now {C(latest.Celsius)}."
        : $"Chart of the {title} temperature over the last {window}: no data yet.";

    // In text (the chart's description), a no-break space keeps the number and its unit on one line.
    static string C(double celsius) => celsius.ToString("0.0", CultureInfo.InvariantCulture) + "\u00A0°C";

    // On the page, the unit is a span a little apart (Humor Sans' space is half an em wide, too wide beside "°").
    static string CelsiusHtml(double celsius) => celsius.ToString("0.0", CultureInfo.InvariantCulture) + "<span class=\"u\">°C</span>";

    static string FahrenheitHtml(double fahrenheit) => fahrenheit.ToString("0.0", CultureInfo.InvariantCulture) + "<span class=\"u\">°F</span>";

    static string Local(DateTimeOffset time, TimeZoneInfo zone, string format) =>
        TimeZoneInfo.ConvertTime(time, zone).ToString(format, CultureInfo.InvariantCulture);

    static string Iso(DateTimeOffset time, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(time, zone).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);

    static string Html(string text) => System.Net.WebUtility.HtmlEncode(text);
}
