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
}
