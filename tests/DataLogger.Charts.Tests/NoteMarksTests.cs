using DataLogger.Charts.Drawing;
using DataLogger.Notes;
using SkiaSharp;

namespace DataLogger.Charts.Tests;

/// <summary>Notes on the chart: numbered in time order, a label beside its line where it clears the curve and the other labels, else its number.</summary>
public sealed class NoteMarksTests
{
    static readonly ChartOptions Wide = new();
    static readonly ChartOptions Narrow = new() { Width = 600, Height = 450 }; // the phone's chart (SiteOptions.NarrowChart)

    static Note At(int hoursBeforeEnd, string text, int? spanHours = null) =>
        new(ChartSamples.End.AddHours(-hoursBeforeEnd).ToUnixTimeSeconds(), spanHours is { } h ? ChartSamples.End.AddHours(-hoursBeforeEnd + h).ToUnixTimeSeconds() : null, null, text);

    static List<Note> Evening() =>
    [
        At(20, "Cover on", spanHours: 12),
        At(6, "Shocked, 1 kg cal-hypo"),
        At(3, "Heater serviced; new flow switch fitted by the installer"),
        At(30, "Yesterday's note, outside the window"),
    ];

    [Fact]
    public void Notes_are_numbered_in_time_order_and_only_those_in_the_window()
    {
        var numbered = NoteMarks.Numbered(Evening(), ChartSamples.Day);
        Assert.Equal(["Cover on", "Shocked, 1 kg cal-hypo", "Heater serviced; new flow switch fitted by the installer"], numbered.Select(n => n.Note.Text));
        Assert.Equal([1, 2, 3], numbered.Select(n => n.Number));
        Assert.Equal("Heater serviced; new...", NoteMarks.Label(numbered[2].Note));
    }

    [Theory]
    [InlineData(1000, 500)]
    [InlineData(600, 450)]
    public void Labels_clear_the_curve_and_each_other_and_stay_in_the_plot(int width, int height)
    {
        var (places, plot, curve) = Lay(Evening(), new ChartOptions { Width = width, Height = height });
        Assert.Equal(3, places.Count);
        Assert.All(places.Where(p => p.Labelled), p =>
        {
            Assert.True(plot.Contains(p.Box), $"{p.Note.Text}: {p.Box} outside {plot}");
            Assert.DoesNotContain(curve, c => p.Box.Contains(c));
        });
        foreach (var a in places)
        {
            Assert.DoesNotContain(places, b => b.Number != a.Number && b.Box.IntersectsWith(a.Box));
        }

        Assert.True(places.Count(p => p.Labelled) >= 2, string.Join("; ", places.Select(p => $"{p.Number} {p.Labelled} {p.Box}")));
    }

    [Fact]
    public void Notes_crowded_into_one_hour_on_the_phone_become_numbers_that_do_not_overlap()
    {
        var crowded = Enumerable.Range(0, 12).Select(i => new Note(ChartSamples.End.AddHours(-5).AddMinutes(i * 5).ToUnixTimeSeconds(), null, null, $"Test strip {i + 1}: pH 7.{i}")).ToList();
        var (places, _, _) = Lay(crowded, Narrow);
        Assert.Equal(12, places.Count);
        Assert.Contains(places, p => !p.Labelled);
        Assert.Contains(places, p => p.Labelled);
        var labels = places.Where(p => p.Labelled).ToList();
        foreach (var a in labels)
        {
            Assert.DoesNotContain(labels, b => b.Number != a.Number && b.Box.IntersectsWith(a.Box));
        }
    }

    [Fact]
    public void A_number_keeps_clear_of_the_legend()
    {
        var data = ChartSamples.Data(ChartSamples.DayOfReadings());
        var (plot, _, _) = XkcdChart.PlotArea(data, Narrow);
        var legend = SKRect.Create(plot.Right - 160, plot.Top + 6, 154, 60);
        float X(DateTimeOffset t) => plot.Left + (float)((t - data.Window.Start).TotalSeconds / data.Window.Length.TotalSeconds * plot.Width);
        var notes = NoteMarks.Numbered([new Note(ChartSamples.End.AddMinutes(-40).ToUnixTimeSeconds(), null, null, "Shocked, 1 kg cal-hypo, a long note")], data.Window);
        using var text = new HandText(14 * 100f / 72f * 0.85f);
        var curve = Enumerable.Range(0, 60).SelectMany(i => Enumerable.Range(0, 40).Select(j => new SKPoint(plot.Left + (i * plot.Width / 60), plot.Top + (j * plot.Height / 40)))).ToList(); // no room for a label anywhere
        var place = Assert.Single(NoteMarks.Layout(notes, plot, X, curve, legend, text));
        Assert.False(place.Labelled);
        Assert.False(place.Box.IntersectsWith(legend), $"{place.Box} on the legend {legend}");
    }

    [Fact]
    public void The_chart_draws_a_note_line_where_the_note_is_and_a_span_shaded()
    {
        var data = ChartSamples.Data(ChartSamples.DayOfReadings()) with { Notes = Evening() };
        var png = XkcdChart.Render(data, Wide);
        var plain = XkcdChart.Render(data with { Notes = [] }, Wide);
        Assert.NotEqual(plain, png);
        File.WriteAllBytes(Path.Join(Path.GetTempPath(), "datalogger-notes-wide.png"), png);
        File.WriteAllBytes(Path.Join(Path.GetTempPath(), "datalogger-notes-narrow.png"), XkcdChart.Render(data, Narrow with { Scale = 2 }));
        var (plot, _, _) = XkcdChart.PlotArea(data, Wide);
        using var probe = new PixelProbe(png);
        var x = (int)(plot.Left + (plot.Width * 18 / 24f)); // "Shocked", 6 hours before the end
        Assert.True(probe.HasColourNear(x, (int)plot.MidY, new SKColor(0x55, 0x55, 0x55), radius: 4) || probe.HasColourNear(x, (int)(plot.Top + (plot.Height * 0.8f)), new SKColor(0x55, 0x55, 0x55), radius: 4));
    }

    static (IReadOnlyList<NoteMarks.Place> Places, SKRect Plot, List<SKPoint> Curve) Lay(IReadOnlyList<Note> notes, ChartOptions options)
    {
        var data = ChartSamples.Data(ChartSamples.DayOfReadings());
        var (plot, low, high) = XkcdChart.PlotArea(data, options);
        float X(DateTimeOffset t) => plot.Left + (float)((t - data.Window.Start).TotalSeconds / data.Window.Length.TotalSeconds * plot.Width);
        var curve = data.Readings.Select(r => new SKPoint(X(r.Time), plot.Bottom - (float)((r.Celsius - low) / (high - low) * plot.Height))).ToList();
        using var text = new HandText(14 * 100f / 72f * 0.85f);
        return (NoteMarks.Layout(NoteMarks.Numbered(notes, data.Window), plot, X, curve, null, text), plot, curve);
    }
}

/// <summary>The publisher reads the station's notes once and each view shows its series' and the station's, on the chart, under it and in its data file.</summary>
public sealed class PublishedNotesTests
{
    [Fact]
    public async Task A_views_notes_are_drawn_listed_under_the_chart_by_number_and_in_its_data_file()
    {
        var data = new Testing.MemoryStore();
        var book = new NoteBook(data);
        await book.AddAsync(new Note(ChartSamples.End.AddHours(-20).ToUnixTimeSeconds(), ChartSamples.End.AddHours(-8).ToUnixTimeSeconds(), null, "Cover on"));
        await book.AddAsync(new Note(ChartSamples.End.AddHours(-6).ToUnixTimeSeconds(), null, "pool", "Shocked, 1 kg cal-hypo <b>"));
        await book.AddAsync(new Note(ChartSamples.End.AddHours(-5).ToUnixTimeSeconds(), null, "air", "A note of another series"));
        await book.AddAsync(new Note(ChartSamples.End.AddDays(-3).ToUnixTimeSeconds(), null, null, "Opened the pool"));
        var site = new Testing.MemoryStore();
        var publisher = new Site.SitePublisher(new Site.XkcdSiteRenderer(), site, new Testing.FixedTime(ChartSamples.End)) { Notes = book };
        var request = new Site.SiteRequest("pool", "Pool", TimeZoneInfo.Utc) { End = ChartSamples.End };
        await publisher.PublishAsync(new Readings.InMemoryReadings("pool", ChartSamples.DayOfReadings()), request, [Site.ChartView.Day, Site.ChartView.Week]);

        var page = System.Text.Encoding.UTF8.GetString((await site.GetAsync("index.html"))!);
        Assert.Contains("<li value=\"1\" id=\"note-1\"><time datetime=\"2025-07-13T18:00:00+00:00\">18:00</time>to <time datetime=\"2025-07-14T06:00:00+00:00\">06:00</time>Cover on</li>", page);
        Assert.Contains("<li value=\"2\" id=\"note-2\"><time datetime=\"2025-07-14T08:00:00+00:00\">08:00</time>Shocked, 1 kg cal-hypo &lt;b&gt;</li>", page);
        Assert.DoesNotContain("another series", page);
        Assert.DoesNotContain("Opened the pool", page); // three days ago: the week's, not the day's
        Assert.Contains("Opened the pool", System.Text.Encoding.UTF8.GetString((await site.GetAsync("7d.html"))!));

        using var json = System.Text.Json.JsonDocument.Parse((await site.GetAsync("data-24h.json"))!);
        var notes = json.RootElement.GetProperty("notes").EnumerateArray().ToList();
        Assert.Equal([1, 2], notes.Select(n => n.GetProperty("number").GetInt32()));
        Assert.Equal(ChartSamples.End.AddHours(-8).ToUnixTimeSeconds(), notes[0].GetProperty("end").GetInt64());
        Assert.Equal("pool", notes[1].GetProperty("series").GetString());

        // The view's notes download beside its readings', the text quoted where it needs to be.
        Assert.Contains("<a href=\"notes-24h.csv\" download=\"pool-24h-notes.csv\">its notes (CSV)</a>", page);
        var (start, shocked) = (ChartSamples.End.AddHours(-20).ToUnixTimeSeconds(), ChartSamples.End.AddHours(-6).ToUnixTimeSeconds());
        Assert.Equal(
            $"time,timestamp,end,series,text\n2025-07-13T18:00:00+00:00,{start},{ChartSamples.End.AddHours(-8).ToUnixTimeSeconds()},,Cover on\n2025-07-14T08:00:00+00:00,{shocked},,pool,\"Shocked, 1 kg cal-hypo <b>\"\n",
            System.Text.Encoding.UTF8.GetString((await site.GetAsync("notes-24h.csv"))!));

        var plain = new Testing.MemoryStore();
        await new Site.SitePublisher(new Site.XkcdSiteRenderer(), plain, new Testing.FixedTime(ChartSamples.End)).PublishAsync(new Readings.InMemoryReadings("pool", ChartSamples.DayOfReadings()), request, [Site.ChartView.Day]);
        Assert.NotEqual(await plain.GetAsync("chart-24h.png"), await site.GetAsync("chart-24h.png"));
        Assert.DoesNotContain("class=\"notes\"", System.Text.Encoding.UTF8.GetString((await plain.GetAsync("index.html"))!));
    }
}

/// <summary>The overview's water balance: the CSI from the station's newest tests and its water temperature, with the oldest test's age.</summary>
public sealed class BalanceCardTests
{
    static Site.SiteSnapshot Day(string series, Readings.Quantity quantity, double value, TimeSpan age) =>
        new(series, series, ChartSamples.Day, [Readings.Reading.Create(quantity, ChartSamples.End - age, value)], TimeZoneInfo.Utc, ChartSamples.End)
        {
            Quantity = quantity,
            Interval = quantity.IsTemperature ? TimeSpan.FromMinutes(5) : TimeSpan.Zero,
        };

    static string Overview(params Site.SiteSnapshot[] days)
    {
        var layout = new Site.SiteLayout([.. days.Select(d => d.Series)]);
        var index = new Site.SiteIndex([.. days.Select(d => Site.SeriesSummary.Of(d with { Layout = layout }, layout.FolderOf(d.Series)))], TimeZoneInfo.Utc, ChartSamples.End);
        var files = new Site.XkcdSiteRenderer().RenderIndex(index, layout);
        // latest.json keeps what each series measures, so a publish that reads it back computes the same.
        var again = Site.SiteIndex.Decode(files.Single(f => f.Name == "latest.json").Body, TimeZoneInfo.Utc)!;
        Assert.Equal(index.Series.Select(s => s.Quantity), again.Series.Select(s => s.Quantity));
        return System.Text.Encoding.UTF8.GetString(files.Single(f => f.Name == "index.html").Body.Span);
    }

    [Fact]
    public void A_salt_pool_with_its_tests_shows_pool_maths_csi_for_the_water_temperature_now_and_the_age_of_its_tests()
    {
        // TFP thread 122216: pH 7.8, TA 80, CH 250, CYA 80, salt 3400 at 94 °F (34.44 °C): Pool Math's -0.07.
        var page = Overview(
            Day("pool", Readings.Quantity.Temperature, 34.44, TimeSpan.FromMinutes(2)),
            Day("ph", Readings.Quantity.Ph, 7.8, TimeSpan.FromHours(50)),
            Day("ta", Readings.Quantity.TotalAlkalinity, 80, TimeSpan.FromDays(5)),
            Day("ch", Readings.Quantity.CalciumHardness, 250, TimeSpan.FromDays(5)),
            Day("cya", Readings.Quantity.CyanuricAcid, 80, TimeSpan.FromDays(5)),
            Day("salt", Readings.Quantity.Salt, 3400, TimeSpan.FromDays(5)));
        Assert.Contains("<span class=\"c\">-0.07</span> <span class=\"meaning\">balanced</span>", page);
        Assert.Contains("CSI (Trouble Free Pool&#39;s calcite saturation index), from pH 7.8, TA 80, CH 250, CYA 80, salt 3400, the oldest test 5 days ago, and the water at 34.4<span class=\"u\">°C</span>.", page);
        Assert.Contains(" · 2 days ago", page); // the pH test's age beside its value
    }

    [Fact]
    public async Task The_last_water_tests_are_a_table_a_row_a_day_the_newest_first()
    {
        // A pH test on three days, a TA test on one: published from the engine as run does, through latest.json.
        var end = ChartSamples.End;
        var engine = new Readings.InMemoryReadings(new Dictionary<string, IReadOnlyList<Readings.Reading>>
        {
            ["ph"] = [.. new[] { 20, 9, 8, 3 }.Select((days, i) => Readings.Reading.Create(Readings.Quantity.Ph, end.AddDays(-days), 7.2 + (i / 10.0)))],
            ["ta"] = [Readings.Reading.Create(Readings.Quantity.TotalAlkalinity, end.AddDays(-3).AddHours(1), 80)],
        });
        var site = new Testing.MemoryStore();
        var publisher = new Site.SitePublisher(new Site.XkcdSiteRenderer(), site, new Testing.FixedTime(end));
        var layout = new Site.SiteLayout(["pool", "ta", "ph"]); // the table's columns in the quantities' order, not the layout's
        foreach (var (series, quantity) in new[] { ("ph", Readings.Quantity.Ph), ("ta", Readings.Quantity.TotalAlkalinity) })
        {
            await publisher.PublishAsync(engine, new Site.SiteRequest(series, series == "ph" ? "pH" : "TA", TimeZoneInfo.Utc) { End = end, Layout = layout, Quantity = quantity, Interval = TimeSpan.Zero }, [Site.ChartView.Day]);
        }

        var page = System.Text.RegularExpressions.Regex.Replace(System.Text.Encoding.UTF8.GetString((await site.GetAsync("index.html"))!), @"\s+", " ");
        Assert.Contains("<thead><tr><th>day</th><th>pH</th><th>TA</th></tr></thead>", page); // in the quantities' order
        Assert.Contains("<tr><th>Fri 11 Jul</th><td>7.5<span class=\"u\">pH</span></td><td>80<span class=\"u\">ppm</span></td></tr>", page);
        Assert.Contains("<tr><th>Sun 6 Jul</th><td>7.4<span class=\"u\">pH</span></td><td></td></tr> <tr><th>Sat 5 Jul</th><td>7.3<span class=\"u\">pH</span></td><td></td></tr> <tr><th>Tue 24 Jun</th><td>7.2<span class=\"u\">pH</span></td><td></td></tr>", page);
    }

    [Fact]
    public void Without_the_tests_it_needs_there_is_no_balance_and_without_cya_or_salt_they_count_as_none()
    {
        Assert.DoesNotContain("Water balance", Overview(Day("pool", Readings.Quantity.Temperature, 28, TimeSpan.Zero), Day("ph", Readings.Quantity.Ph, 7.5, TimeSpan.FromDays(1))));
        var page = Overview(
            Day("pool", Readings.Quantity.Temperature, 28, TimeSpan.Zero),
            Day("ph", Readings.Quantity.Ph, 7.5, TimeSpan.FromDays(1)),
            Day("ta", Readings.Quantity.TotalAlkalinity, 80, TimeSpan.FromDays(1)),
            Day("ch", Readings.Quantity.CalciumHardness, 300, TimeSpan.FromDays(1)));
        Assert.Contains("(no cyanuric acid test: taken as 0) (no salt test: taken as 0)", page);
    }
}

/// <summary>A heater's state behind the pool's temperature: its hours on shaded on the day's and the week's charts, its changes listed under the day's.</summary>
public sealed class StatesBehindTests
{
    [Fact]
    public void A_states_readings_make_spans_until_the_next_off_and_its_bands_make_spans_as_deep_as_their_share()
    {
        var rows = new List<(long, double)> { (100, 0), (200, 1), (300, 1), (400, 0), (500, 1) };
        Assert.Equal([new StateSpan("Heater", 200, 400), new StateSpan("Heater", 500, 500)], StateSpan.Of("Heater", rows, null, 0, 1000));
        Assert.Equal([new StateSpan("Heater", 250, 400)], StateSpan.Of("Heater", rows, null, 250, 450));
        Assert.Equal([(200L, true), (400L, false), (500L, true)], StateSpan.Changes(rows, 0, 1000));
        Assert.Equal([(200L, true), (400L, false), (500L, true)], StateSpan.Changes(rows.Skip(1).ToList(), 0, 1000)); // a first reading that says on is when it went on, as far as is known
        Assert.Equal([new StateSpan("Heater", 3600, 7200, 0.25)], StateSpan.Of("Heater", [(0, 0), (3600, 0.25)], TimeSpan.FromHours(1), 0, 10_000));

        // Bands next to each other as deep are one span (drawn once); a gap or another depth starts another.
        Assert.Equal(
            [new StateSpan("Heater", 0, 10_800, 0.125), new StateSpan("Heater", 14_400, 18_000, 0.125), new StateSpan("Heater", 18_000, 21_600, 0.5)],
            StateSpan.Of("Heater", [(0, 0.125), (3600, 0.125), (7200, 0.1251), (10_800, 0), (14_400, 0.125), (18_000, 0.5)], TimeSpan.FromHours(1), 0, 100_000)
                .Select(s => s with { Share = Math.Round(s.Share, 3) }));
    }

    [Fact]
    public void A_span_at_either_edge_or_too_short_to_see_is_drawn_a_pixel_wide()
    {
        var day = ChartSamples.Day;
        var (start, end) = (day.StartUnixSeconds, day.EndUnixSeconds);
        var data = ChartSamples.Data(ChartSamples.DayOfReadings()) with
        {
            StateSpans = [new StateSpan("Heater", start, start + 1), new StateSpan("Heater", end - 1, end), new StateSpan("Pump", end, end), new StateSpan("Heater", start + 3600, start + 3601, 0.5)],
        };
        Assert.NotEmpty(XkcdChart.Render(data, new ChartOptions { Width = 390, Height = 300 }));
        Assert.NotEmpty(XkcdChart.Render(data, new ChartOptions()));
    }

    [Fact]
    public async Task The_pools_charts_shade_the_heaters_hours_and_its_day_lists_the_changes()
    {
        var end = ChartSamples.End;
        var heater = new List<Readings.Reading>();
        for (var t = end.AddDays(-8); t <= end; t = t.AddMinutes(5))
        {
            heater.Add(Readings.Reading.Create(Readings.Quantity.State, t, t.Hour is >= 9 and < 12 ? 1 : 0)); // on 09:00 to 12:00 every day
        }

        var engine = new Readings.InMemoryReadings(new Dictionary<string, IReadOnlyList<Readings.Reading>>
        {
            ["pool"] = Simulation.History.Generate(new Simulation.PoolModel(), end, TimeSpan.FromDays(8), TimeSpan.FromMinutes(5)).ToList(),
            ["heater"] = heater,
        });
        var site = new Testing.MemoryStore();
        var publisher = new Site.SitePublisher(new Site.XkcdSiteRenderer(), site, new Testing.FixedTime(end));
        var layout = new Site.SiteLayout(["pool", "heater"]);
        (string, string)[] states = [("heater", "Heater")];
        await publisher.PublishAsync(engine, new Site.SiteRequest("heater", "Heater", TimeZoneInfo.Utc) { End = end, Layout = layout, Quantity = Readings.Quantity.State, Interval = TimeSpan.Zero }, [Site.ChartView.Day, Site.ChartView.Week]);
        var pool = await publisher.PublishAsync(engine, new Site.SiteRequest("pool", "Pool", TimeZoneInfo.Utc) { End = end, Layout = layout, States = states }, [Site.ChartView.Day, Site.ChartView.Week]);

        var day = pool[0].Snapshot;
        Assert.Equal([new StateSpan("Heater", new DateTimeOffset(end.Date, TimeSpan.Zero).AddHours(9).ToUnixTimeSeconds(), new DateTimeOffset(end.Date, TimeSpan.Zero).AddHours(12).ToUnixTimeSeconds())], day.StateSpans);
        var page = System.Text.Encoding.UTF8.GetString((await site.GetAsync("pool/index.html"))!);
        Assert.Contains("<p class=\"changes\">Heater: on at <time datetime=\"2025-07-14T09:00:00+00:00\">09:00</time>, off at <time datetime=\"2025-07-14T12:00:00+00:00\">12:00</time>.</p>", page);
        Assert.Equal(7, pool[1].Snapshot.StateSpans.Select(s => s.Start / 86400).Distinct().Count()); // the week's mornings, from the heater's bands
        var png = (await site.GetAsync("pool/chart-24h.png"))!;
        File.WriteAllBytes(Path.Join(Path.GetTempPath(), "datalogger-heater-behind.png"), png);
        File.WriteAllBytes(Path.Join(Path.GetTempPath(), "datalogger-heater-behind-7d.png"), (await site.GetAsync("pool/chart-7d-narrow.png"))!);
        using var probe = new PixelProbe(png);
        var (plot, _, _) = XkcdChart.PlotArea(Site.XkcdSiteRenderer.ChartDataFor(day), new ChartOptions());
        var ten = (int)((plot.Left + (plot.Width * 20 / 24f)) * 2); // 10:00, in the 2x image
        Assert.True(probe.HasColourNear(ten, (int)((plot.Top + 10) * 2), new SkiaSharp.SKColor(0xff, 0xd8, 0xb4), radius: 6), "no orange behind 10:00");
    }
}
