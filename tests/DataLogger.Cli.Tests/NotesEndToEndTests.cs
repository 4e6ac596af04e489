using DataLogger.Testing;

namespace DataLogger.Cli.Tests;

/// <summary>
/// Notes into the real <c>run</c>: written with <c>datalogger note</c> and posted with curl (a device's JSON, the page's
/// form with its token as a field); each stored once under <c>notes/</c> and drawn on the page; every refusal answers
/// its status and one line and stores nothing.
/// </summary>
public sealed class NotesEndToEndTests : IDisposable
{
    const string PhoneToken = "phone-0123456789abcdef01";

    readonly TempDirectory _temp = new();

    public NotesEndToEndTests() => File.WriteAllText(_temp.Combine("datalogger.json"), $$"""
        {
          "sensor": "simulated", "series": "pool", "timeZone": "UTC",
          "ingest": { "devices": [ { "name": "phone", "token": "{{PhoneToken}}", "notes": true } ] }
        }
        """);

    public void Dispose() => _temp.Dispose();

    string[] Notes() => Directory.Exists(_temp.Combine("data", "bucket", "notes"))
        ? Directory.GetFiles(_temp.Combine("data", "bucket", "notes"), "*.json", SearchOption.AllDirectories)
        : [];

    [Fact]
    public async Task Notes_from_the_cli_a_device_and_the_pages_form_land_once_and_on_the_page_and_bad_ones_store_nothing()
    {
        var config = _temp.Combine("datalogger.json");
        var data = _temp.Combine("data");
        var (exit, output, error) = await CliRunner.RunAsync("note", "--config", config, "--data", data, "Shocked, 1 kg cal-hypo");
        Assert.True(exit == 0, error);
        Assert.Matches(@"^Noted ""Shocked, 1 kg cal-hypo"" for the whole station at \d{4}-\d\d-\d\d \d\d:\d\d; the page shows it at run's next update\.", output);
        Assert.Contains("was noted already", (await CliRunner.RunAsync("note", "--config", config, "--data", data, "Shocked, 1 kg cal-hypo")).Out);
        Assert.Single(Notes());
        foreach (var (args, expected) in new (string[], string)[]
        {
            (["  "], "error: a note needs a text"),
            ([new string('x', 501)], "error: a note is at most 500 characters; this one has 501; nothing was stored."),
            (["x", "--at", "2099-01-01 10:00"], "is in the future: a note says what happened"),
            (["x", "--series", "spa"], "error: 'spa' is not a series of this station (pool)"),
            (["x", "--at", "soon"], "error: --at: 'soon' is not a time: write 18:00 (today)"),
        })
        {
            var refused = await CliRunner.RunAsync(["note", "--config", config, "--data", data, .. args]);
            Assert.Equal(2, refused.Exit);
            Assert.Contains(expected, refused.Error);
            Assert.DoesNotContain("   at ", refused.Error);
        }

        Assert.Single(Notes());

        using var run = Running.Start(["run", "--config", config, "--data", data, "--port", "0"], workingDirectory: _temp.Path);
        var address = (await run.WaitForLineAsync(@"^Serving (http://\S+) .*taking readings from phone \(notes\) .*and notes at /api/notes")).Groups[1].Value;
        var notes = $"{address}api/notes";
        Assert.Equal(401, (await IngestEndToEndTests.CurlAsync("-H", "Content-Type: application/json", "--data", """{"text": "x"}""", notes)).Status);
        Assert.Equal((400, "a note needs a text, such as \"Shocked, 1 kg cal-hypo\"; nothing was stored"),
            await IngestEndToEndTests.CurlAsync("-H", $"Authorization: Bearer {PhoneToken}", "-H", "Content-Type: application/json", "--data", """{"text": ""}""", notes));
        Assert.Single(Notes());
        Assert.Equal((403, "'phone' posts notes only (to /api/notes): give it a \"series\" or a \"map\" in the ingest settings to post readings"),
            await IngestEndToEndTests.CurlAsync("-H", $"Authorization: Bearer {PhoneToken}", "-H", "Content-Type: application/json", "--data", """{"celsius": 20}""", $"{address}api/readings"));

        var at = DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeSeconds();
        var (status, body) = await IngestEndToEndTests.CurlBodyAsync("-H", $"Authorization: Bearer {PhoneToken}", "-H", "Content-Type: application/json", "--data", $$"""{"text": "Heater on", "series": "pool", "at": {{at}}}""", notes);
        Assert.Equal((201, $$$"""{"added":true,"note":{"timestamp":{{{at}}},"series":"pool","text":"Heater on"}}"""), (status, body));
        Assert.Equal(201, (await IngestEndToEndTests.CurlBodyAsync("--data-urlencode", "text=Cover on", "--data-urlencode", $"at={DateTimeOffset.UtcNow.AddHours(-10):yyyy-MM-dd HH:mm}", "--data-urlencode", $"until={DateTimeOffset.UtcNow.AddHours(-1):yyyy-MM-dd HH:mm}", "--data-urlencode", $"token={PhoneToken}", notes)).Status);
        Assert.Equal(3, Notes().Length);

        var page = await IngestEndToEndTests.WaitForAsync(() => File.ReadAllText(_temp.Combine("data", "site", "index.html")), p => p.Contains("Cover on", StringComparison.Ordinal));
        Assert.Contains(">Heater on</li>", page);
        Assert.Contains(">Shocked, 1 kg cal-hypo</li>", page);
        Assert.Contains("\"text\":\"Cover on\"", File.ReadAllText(_temp.Combine("data", "site", "data-24h.json")));
    }

    [Fact]
    public async Task Compact_merges_the_notes_of_a_month_that_is_over_and_query_notes_reads_them_before_and_after()
    {
        var config = _temp.Combine("datalogger.json");
        var data = _temp.Combine("data");
        var lastMonth = new DateTimeOffset(DateTimeOffset.UtcNow.Year, DateTimeOffset.UtcNow.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(-1);
        foreach (var (text, at) in new[] { ("Cover on", lastMonth.AddDays(2).AddHours(18)), ("Shocked, 1 kg cal-hypo", lastMonth.AddDays(9).AddHours(9)), ("Filter cleaned", DateTimeOffset.UtcNow.AddMinutes(-30)) })
        {
            var noted = await CliRunner.RunAsync("note", "--config", config, "--data", data, text, "--at", at.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(noted.Exit == 0, noted.Error);
        }

        const string Expected = "Cover on|Shocked, 1 kg cal-hypo|Filter cleaned";
        var before = await CliRunner.RunAsync("query", "--tz", "UTC", "--data", data, "--notes", "--last", "62d", "--format", "csv");
        Assert.True(before.Exit == 0, before.Error);
        Assert.StartsWith("time,timestamp,end,series,text\n", before.Out, StringComparison.Ordinal);
        Assert.Equal(Expected, string.Join('|', before.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',', 5)[4].Trim('"'))));
        Assert.Contains("3 notes from ", before.Error);

        var compacted = await CliRunner.RunAsync("compact", "--data", data);
        Assert.True(compacted.Exit == 0, compacted.Error);
        Assert.Contains("; notes: 1 month written (2 notes merged, 2 in that month)", compacted.Error);
        Assert.True(File.Exists(_temp.Combine("data", "bucket", "notes", "compacted", lastMonth.ToString("yyyy", System.Globalization.CultureInfo.InvariantCulture), lastMonth.ToString("MM", System.Globalization.CultureInfo.InvariantCulture), "notes.json")));
        Assert.Single(Notes(), n => !n.Contains("compacted", StringComparison.Ordinal));

        var after = await CliRunner.RunAsync("query", "--tz", "UTC", "--data", data, "--notes", "--last", "62d", "--format", "csv");
        Assert.Equal(before.Out, after.Out);
        var table = await CliRunner.RunAsync("query", "--tz", "UTC", "--data", data, "--notes", "--last", "62d");
        Assert.Contains("Shocked, 1 kg cal-hypo", table.Out);
        Assert.Contains("station", table.Out);
    }

    [Fact]
    public async Task A_note_added_through_the_pages_form_on_a_phone_shows_on_the_day_and_week_charts_and_on_a_tap_and_a_ph_test_shows_its_age()
    {
        await Browser.EnsureAsync(); // before run starts: a first install takes a while
        var config = _temp.Combine("station.json");
        File.WriteAllText(config, $$"""
            {
              "sensor": "simulated", "series": "pool", "timeZone": "UTC", "backfill": "8d",
              "quantities": { "ph": "ph" },
              "ingest": { "devices": [ { "name": "phone", "token": "{{PhoneToken}}", "notes": true } ] }
            }
            """);
        var data = _temp.Combine("station");
        var (exit, _, error) = await CliRunner.RunAsync("record", "--config", config, "--data", data, "ph", "7.4", "--at", DateTimeOffset.UtcNow.AddDays(-2).ToString("O"));
        Assert.True(exit == 0, error);
        using var run = Running.Start(["run", "--config", config, "--data", data, "--port", "0"], workingDirectory: _temp.Path);
        var address = (await run.WaitForLineAsync(@"^Serving (http://\S+) ")).Groups[1].Value;
        await IngestEndToEndTests.WaitForAsync(() => File.Exists(Path.Join(data, "site", "pool", "7d.html")) ? "drawn" : string.Empty, p => p.Length > 0);

        var folder = Environment.GetEnvironmentVariable("DATALOGGER_SCREENSHOTS") is { Length: > 0 } s ? s : _temp.Combine("screenshots");
        Directory.CreateDirectory(folder);
        const string Text = "Shocked, 1 kg cal-hypo";
        var report = await Browser.RunAsync(Path.Join(AppContext.BaseDirectory, "NotesCheck.js"),
            [address + "pool/", PhoneToken, Text, Path.Join(folder, "page-phone-notes.png"), Path.Join(folder, "page-phone-notes-dark.png")], TimeSpan.FromMinutes(3));

        // The form asks for the token once, posts as any form does, and the answer sends the browser back to the page.
        Assert.True(report.GetProperty("tokenAskedFirst").GetBoolean());
        Assert.Equal(address + "pool/#notes", report.GetProperty("backAt").GetString());
        Assert.Equal(PhoneToken, report.GetProperty("tokenKept").GetString());
        Assert.False(report.GetProperty("tokenAskedAgain").GetBoolean());

        // Listed under the chart, on the chart, and its text on a tap at 390 and 360 px, light and dark, and on the week.
        Assert.Contains(report.GetProperty("notes").EnumerateArray(), n => n.GetString()!.EndsWith(Text, StringComparison.Ordinal));
        foreach (var tap in new[] { "tap390", "tap360", "tapDark" })
        {
            Assert.True(report.GetProperty(tap).GetProperty("narrow").GetBoolean(), tap);
            Assert.EndsWith(": " + Text, report.GetProperty(tap).GetProperty("text").GetString(), StringComparison.Ordinal);
        }

        Assert.True(report.GetProperty("pageWidth360").GetInt32() <= 360, "the page scrolls sideways at 360 px");
        Assert.Contains(report.GetProperty("weekNotes").EnumerateArray(), n => n.GetString()!.EndsWith(Text, StringComparison.Ordinal));
        Assert.EndsWith(": " + Text, report.GetProperty("weekTap").GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.Join(data, "bucket", "notes"), "*.json", SearchOption.AllDirectories));

        // The pH test on the overview with its age.
        Assert.Matches(@"7\.4<span class=""u"">pH</span>.*· 2 days ago", System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(Path.Join(data, "site", "index.html")), @"\s+", " "));
    }
}
