using System.Text.Json;
using DataLogger.Testing;

namespace DataLogger.Cli.Tests;

/// <summary>
/// Alerts through the real executable: <c>run --once</c> again and again over a fake 1-Wire probe whose reading
/// changes, with a real HTTP listener as the webhook; the offline alert of a probe gone missing; the alerts commands.
/// </summary>
public sealed class AlertsEndToEndTests : IDisposable
{
    const string PoolId = "28-0316a279c4ff";

    readonly TempDirectory _temp = new();
    readonly HttpReceiver _hook = new();
    readonly FakeW1Tree _w1;

    public AlertsEndToEndTests() => _w1 = new FakeW1Tree(_temp.Combine("w1"));

    public void Dispose()
    {
        _hook.Dispose();
        _temp.Dispose();
    }

    string Data => _temp.Combine("data");

    void Settings(string alerts) => File.WriteAllText(_temp.Combine("datalogger.json"), $$"""
        {
          "w1Root": "{{_w1.Root}}",
          "timeZone": "UTC",
          "probes": [ { "id": "{{PoolId}}", "series": "pool" } ],
          "alerts": {{alerts}}
        }
        """);

    Task<(int Exit, string Out, string Error)> RunOnceAsync() => Executable.RunAsync(["run", "--once", "--data", Data], workingDirectory: _temp.Path);

    List<JsonElement> Calls() => [.. _hook.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement)];

    [Fact]
    public async Task Normal_below_below_normal_gives_exactly_one_firing_and_one_resolved_call_and_the_page_shows_the_alert_meanwhile()
    {
        Settings($$"""{ "below": 10, "notify": ["{{_hook.Url}}hook"] }""");
        var pages = new List<string>();
        foreach (var milli in new[] { 20000, 9000, 9500, 12000 })
        {
            _w1.Probe(PoolId, FakeW1Tree.Good(milli));
            var (exit, output, error) = await RunOnceAsync();
            Assert.True(exit == 0, error + output);
            pages.Add(File.ReadAllText(Path.Join(Data, "site", "index.html")));
            await Task.Delay(1100); // the next reading in the next second: its own key
        }

        var calls = Calls();
        Assert.Equal(["firing", "resolved"], calls.Select(c => c.GetProperty("state").GetString()));
        Assert.All(calls, c => Assert.Equal(("pool", "below", 10.0), (c.GetProperty("series").GetString(), c.GetProperty("kind").GetString(), c.GetProperty("threshold").GetDouble())));
        Assert.Equal(9.0, calls[0].GetProperty("celsius").GetDouble());
        Assert.Equal(12.0, calls[1].GetProperty("celsius").GetDouble());
        Assert.StartsWith("Pool is at 9.0 °C, below 10.0 °C, since ", calls[0].GetProperty("message").GetString(), StringComparison.Ordinal);

        Assert.DoesNotContain("class=\"alert\"", pages[0]);
        Assert.Contains("<p class=\"alert\" role=\"alert\">Below 10.0<span class=\"u\">°C</span> since", pages[1]);
        Assert.Contains("class=\"alert\"", pages[2]);
        Assert.DoesNotContain("class=\"alert\"", pages[3]);
        Assert.Empty(Directory.GetFiles(Path.Join(Data, "outbox"), "*.json"));
    }

    [Fact]
    public async Task The_water_balance_leaving_the_owners_band_fires_once_and_resolves_when_the_tests_say_so()
    {
        File.WriteAllText(_temp.Combine("datalogger.json"), $$"""
            {
              "w1Root": "{{_w1.Root}}", "timeZone": "UTC",
              "probes": [ { "id": "{{PoolId}}", "series": "pool" } ],
              "quantities": { "ph": "ph", "ta": "total_alkalinity", "ch": "calcium_hardness" },
              "alerts": { "notify": ["{{_hook.Url}}hook"], "offlineAfter": "off", "balance": { "below": -0.3, "above": 0.3 } }
            }
            """);
        _w1.Probe(PoolId, FakeW1Tree.Good(26000));
        async Task TestAsync(string ph, string ta, string ch)
        {
            foreach (var (series, value) in new[] { ("ph", ph), ("ta", ta), ("ch", ch) })
            {
                var (code, _, failed) = await Executable.RunAsync(["record", series, value, "--data", Data], workingDirectory: _temp.Path);
                Assert.True(code == 0, failed);
            }

            var (exit, output, error) = await RunOnceAsync();
            Assert.True(exit == 0, error + output);
            await Task.Delay(1100); // the next tests in the next second: their own keys
        }

        await TestAsync("7.2", "60", "150");  // aggressive water at 26 °C: -0.68
        await TestAsync("7.2", "60", "150");  // still: no second notice
        await TestAsync("7.6", "90", "300");  // balanced: +0.14

        var calls = Calls();
        Assert.Equal(["firing", "resolved"], calls.Select(c => c.GetProperty("state").GetString()));
        Assert.All(calls, c => Assert.Equal(("water-balance", "below"), (c.GetProperty("series").GetString(), c.GetProperty("kind").GetString())));
        Assert.StartsWith("Water balance is at -0.68 CSI, below -0.3 CSI, since ", calls[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("<span class=\"c\">+0.14</span> <span class=\"meaning\">balanced</span>", File.ReadAllText(Path.Join(Data, "site", "index.html")));
    }

    [Fact]
    public async Task A_probe_pulled_from_the_water_and_then_stuck_gives_a_jump_and_a_stuck_notice_learned_from_its_own_week()
    {
        // A week of the pool (a DS18B20's noise: it never repeats a value), then the probe in the sun at 31 °C, unchanging.
        HistoryWriter.WriteHistory(Path.Join(Data, "bucket"), "pool", DateTimeOffset.UtcNow.AddMinutes(-5), TimeSpan.FromDays(7));
        Settings($$"""{ "notify": ["{{_hook.Url}}hook"], "offlineAfter": "off" }""");
        _w1.Probe(PoolId, FakeW1Tree.Good(31000));
        for (var run = 1; run <= 6; run++)
        {
            var (exit, output, error) = await RunOnceAsync();
            Assert.True(exit == 0, error + output);
            Assert.DoesNotContain("   at ", error);
            await Task.Delay(1100); // the next reading in the next second: its own key
        }

        var calls = Calls();
        Assert.Equal(["jump firing", "stuck firing"], calls.Select(c => $"{c.GetProperty("kind").GetString()} {c.GetProperty("state").GetString()}"));
        Assert.Matches(@"^Pool went from 2\d\.\d+ °C to 31\.0 °C at \d\d:\d\d, faster than this water has changed in a week \(at most 1\.0 °C a reading\): check that the probe is still in the water", calls[0].GetProperty("message").GetString());
        Assert.Matches(@"^Pool has read 31\.0 °C 6 times in a row since \d\d:\d\d, where this probe always varies a little: check the probe first", calls[1].GetProperty("message").GetString());
        Assert.Contains("The probe may be stuck", File.ReadAllText(Path.Join(Data, "site", "index.html")));
        Assert.Contains("pool stuck", (await Executable.RunAsync(["alerts", "status", "--data", Data], workingDirectory: _temp.Path)).Out);
    }

    [Fact]
    public async Task A_history_that_ends_two_hours_ago_and_a_missing_probe_give_an_offline_notice()
    {
        HistoryWriter.WriteHistory(Path.Join(Data, "bucket"), "pool", DateTimeOffset.UtcNow.AddHours(-2), TimeSpan.FromHours(6));
        Settings($$"""{ "notify": ["{{_hook.Url}}hook"] }"""); // no thresholds: the offline alert alone, on because a channel is set
        Directory.CreateDirectory(_w1.Root); // the probe is not there

        var (exit, output, error) = await RunOnceAsync();

        Assert.Equal(1, exit); // no reading from the probe
        Assert.Contains($"error: no reading from DS18B20 {PoolId}", error);
        var call = Assert.Single(Calls());
        Assert.Equal(("offline", "firing"), (call.GetProperty("kind").GetString(), call.GetProperty("state").GetString()));
        Assert.Equal(JsonValueKind.Null, call.GetProperty("celsius").ValueKind);
        Assert.Matches("^No reading from Pool since [0-9:]+ \\((2 hours|1[12][0-9] minutes) ago\\): check the sensor", call.GetProperty("message").GetString());
        using var latest = JsonDocument.Parse(File.ReadAllBytes(Path.Join(Data, "site", "latest.json")));
        var alert = Assert.Single(latest.RootElement.GetProperty("alerts").EnumerateArray());
        Assert.Equal(("pool", "offline"), (alert.GetProperty("series").GetString(), alert.GetProperty("kind").GetString()));

        // The next run: still offline, nothing sent again.
        (exit, _, _) = await RunOnceAsync();
        Assert.Equal(1, exit);
        Assert.Single(Calls());
    }

    [Fact]
    public async Task A_notice_that_cannot_be_delivered_waits_in_the_outbox_and_the_next_run_delivers_it()
    {
        Settings($$"""{ "below": 10, "notify": ["{{_hook.Url}}hook"] }""");
        _hook.Stop();
        _w1.Probe(PoolId, FakeW1Tree.Good(8000));
        var (exit, _, error) = await RunOnceAsync();
        Assert.True(exit == 0, error);
        Assert.Single(Directory.GetFiles(Path.Join(Data, "outbox"), "*.json"));

        _hook.Start();
        var outbox = Directory.GetFiles(Path.Join(Data, "outbox"), "*.json")[0];
        File.WriteAllText(outbox, System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(outbox), "\"nextAttempt\": \"[^\"]+\"", "\"nextAttempt\": \"2000-01-01T00:00:00+00:00\"")); // its backoff is over
        await Task.Delay(1100);
        (exit, _, error) = await RunOnceAsync();
        Assert.True(exit == 0, error);
        var call = Assert.Single(Calls()); // once: the second run, still below, made no new notice
        Assert.Equal("firing", call.GetProperty("state").GetString());
        Assert.Empty(Directory.GetFiles(Path.Join(Data, "outbox"), "*.json"));
    }

    [Fact]
    public async Task Alerts_test_says_per_channel_whether_it_arrived_and_status_shows_the_rules()
    {
        Settings($$"""{ "below": 10, "above": 32, "offlineAfter": "30m", "notify": ["{{_hook.Url}}hook", "{{_hook.Url}}gone"] }""");
        _hook.Answers.Enqueue(200);
        _hook.Answers.Enqueue(404);
        var (exit, output, error) = await Executable.RunAsync(["alerts", "test", "--data", Data], workingDirectory: _temp.Path);
        Assert.Equal(1, exit);
        Assert.Contains($"http://127.0.0.1:{_hook.Port}/hook: delivered", output);
        Assert.Contains($"http://127.0.0.1:{_hook.Port}/gone: FAILED (", output);
        Assert.Equal(2, Calls().Count);
        Assert.All(Calls(), c => Assert.Equal("test", c.GetProperty("kind").GetString()));

        (exit, output, error) = await Executable.RunAsync(["alerts", "status", "--data", Data], workingDirectory: _temp.Path);
        Assert.True(exit == 0, error);
        Assert.Contains("pool below 10 °C (hysteresis 0.5 °C)", output);
        Assert.Contains("pool above 32 °C (hysteresis 0.5 °C)", output);
        Assert.Contains("pool offline after 30m", output);
        Assert.Contains("Outbox: 0 notices waiting", output);
    }

    [Fact]
    public async Task A_probes_own_alerts_override_the_shared_ones_setting_by_setting()
    {
        File.WriteAllText(_temp.Combine("datalogger.json"), $$"""
            {
              "w1Root": "{{_w1.Root}}",
              "probes": [
                { "id": "{{PoolId}}", "series": "pool" },
                { "id": "10-000803673bd2", "series": "spa", "alerts": { "below": 30, "above": 40, "for": "10m" } }
              ],
              "alerts": { "below": 10, "hysteresis": 1, "offlineAfter": "off", "notify": ["{{_hook.Url}}hook"] }
            }
            """);
        var (exit, output, error) = await Executable.RunAsync(["alerts", "status", "--data", Data], workingDirectory: _temp.Path);
        Assert.True(exit == 0, error);
        Assert.Contains("pool below 10 °C (hysteresis 1 °C)", output);
        Assert.Contains("spa below 30 °C (hysteresis 1 °C, for 10m)", output);
        Assert.Contains("spa above 40 °C (hysteresis 1 °C, for 10m)", output);
        Assert.DoesNotContain("pool above", output);
        Assert.DoesNotContain("offline", output);
    }

    [Fact]
    public async Task A_target_reached_is_said_once_and_the_page_says_it_not_a_banner()
    {
        File.WriteAllText(_temp.Combine("datalogger.json"), $$"""
            {
              "w1Root": "{{_w1.Root}}",
              "timeZone": "UTC",
              "probes": [
                { "id": "{{PoolId}}", "series": "pool", "target": 28, "ambient": "air" },
                { "id": "28-00000a1b2c3d", "series": "air" }
              ],
              "alerts": { "offlineAfter": "off", "notify": ["{{_hook.Url}}hook"] }
            }
            """);
        _w1.Probe("28-00000a1b2c3d", FakeW1Tree.Good(18000));
        var (statusExit, status, statusError) = await Executable.RunAsync(["alerts", "status", "--data", Data], workingDirectory: _temp.Path);
        Assert.True(statusExit == 0, statusError);
        Assert.Contains("pool reached 28 °C", status);
        Assert.DoesNotContain("air reached", status);

        foreach (var milli in new[] { 27000, 28125, 28250 })
        {
            _w1.Probe(PoolId, FakeW1Tree.Good(milli));
            var (exit, output, error) = await RunOnceAsync();
            Assert.True(exit == 0, error + output);
            await Task.Delay(1100);
        }

        var call = Assert.Single(Calls());
        Assert.Equal(("pool", "reached", "firing", 28.125), (call.GetProperty("series").GetString(), call.GetProperty("kind").GetString(), call.GetProperty("state").GetString(), call.GetProperty("celsius").GetDouble()));
        Assert.StartsWith("Pool is at 28.125 °C at ", call.GetProperty("message").GetString(), StringComparison.Ordinal);
        var page = File.ReadAllText(Path.Join(Data, "site", "pool", "index.html"));
        Assert.DoesNotContain("class=\"alert\"", page);
    }

    [Theory]
    [InlineData("\"target\": \"warm\"", "\"target\" in", "'warm' is not a temperature")]
    [InlineData("\"target\": 28, \"ambient\": \"garden\"", "\"ambient\" in", "the ambient series 'garden' is not one of the probes' series (pool)")]
    [InlineData("\"target\": 28, \"ambient\": \"pool\"", "\"ambient\" in", "the ambient series 'pool' is the series itself")]
    public async Task A_bad_target_or_ambient_is_one_line_that_names_its_source(string setting, string source, string expected)
    {
        File.WriteAllText(_temp.Combine("datalogger.json"), $$"""{ "w1Root": "{{_w1.Root}}", "series": "pool", {{setting}} }""");
        _w1.Probe(PoolId, FakeW1Tree.Good(20000));
        var (exit, _, error) = await Executable.RunAsync(["run", "--once", "--data", Data], workingDirectory: _temp.Path);
        Assert.Equal(2, exit);
        Assert.Contains(source, error);
        Assert.Contains(expected, error);
        Assert.DoesNotContain("   at ", error);
    }

    [Theory]
    [InlineData("""{ "below": "cold", "notify": ["https://example.org/h"] }""", "\"alerts.below\" in", "is not a temperature")]
    [InlineData("""{ "below": 10 }""", "", "\"notify\" names no channel")]
    [InlineData("""{ "notify": ["ntfy://ntfy.sh/"] }""", "\"alerts.notify.0\" in", "names no ntfy topic")]
    [InlineData("""{ "notify": ["ntfy://ntfy.sh/pool.alerts"] }""", "\"alerts.notify.0\" in", "'pool.alerts' is not an ntfy topic")]
    [InlineData("""{ "below": 30, "above": 20, "notify": ["https://example.org/h"] }""", "", "is not below above")]
    [InlineData("""{ "offlineAfter": "1m", "notify": ["https://example.org/h"] }""", "\"alerts.offlineAfter\" in", "shorter than the interval")]
    public async Task A_bad_alert_setting_is_one_line_that_names_its_source(string alerts, string source, string expected)
    {
        Settings(alerts);
        var (exit, _, error) = await Executable.RunAsync(["run", "--once", "--data", Data], workingDirectory: _temp.Path);
        Assert.Equal(2, exit);
        Assert.Contains(source, error);
        Assert.Contains(expected, error);
        Assert.DoesNotContain("   at ", error);
    }
}
