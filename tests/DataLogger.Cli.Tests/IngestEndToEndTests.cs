using System.Globalization;
using System.Net;
using System.Text;
using DataLogger.Readings;
using DataLogger.Testing;

namespace DataLogger.Cli.Tests;

/// <summary>
/// Readings over HTTP into the real <c>run</c>, from real clients: Debian's <c>influx</c> (influxdb-client, installed by
/// the fixture when missing) writing line protocol, curl posting an Ecowitt gateway's form (fields as Ecowitt's
/// customized-server protocol names them: <c>PASSKEY</c>, <c>stationtype</c>, <c>dateutc</c>, <c>tempf</c>,
/// <c>tf_ch1</c>, in °F), curl with our JSON readings and a Shelly H&amp;T's report (<c>?temp=22.5&amp;id=…</c>). Each
/// lands once in the bucket and on the page; every refusal (no token, a wrong one, malformed line protocol, a value out
/// of range, a series the device may not write, a body over the limit, a flood) answers its status and one line, and
/// stores nothing.
/// </summary>
public sealed class IngestEndToEndTests : IDisposable
{
    const string TelegrafToken = "telegraf-0123456789abcdef";
    const string GatewayToken = "gateway-fedcba9876543210";
    const string EspToken = "esp-00112233445566778899";

    readonly TempDirectory _temp = new();

    public IngestEndToEndTests() => File.WriteAllText(_temp.Combine("datalogger.json"), $$"""
        {
          "sensor": "simulated", "series": "air", "timeZone": "UTC",
          "ingest": {
            "perMinute": 40, "maxBytes": 4096,
            "devices": [
              { "name": "telegraf", "token": "{{TelegrafToken}}", "map": { "temperature,id=28-0316a279c4ff": "pool" } },
              { "name": "gateway", "token": "{{GatewayToken}}", "map": { "tf_ch1": "pool", "tf_ch2": "spa" } },
              { "name": "esp", "token": "{{EspToken}}", "series": "spa" }
            ]
          }
        }
        """);

    public void Dispose() => _temp.Dispose();

    string Bucket => _temp.Combine("data", "bucket");

    List<string> Objects(string series) => Directory.Exists(Path.Join(Bucket, series))
        ? [.. Directory.GetFiles(Path.Join(Bucket, series), "*.json", SearchOption.AllDirectories).Order()]
        : [];

    Reading Stored(string series, long timestamp) => ReadingJson.Decode(File.ReadAllBytes(Path.Join(Bucket, ReadingKey.For(series, Reading.Create(timestamp, 0)).ToString())));

    internal static async Task<(int Exit, string Output)> ClientAsync(string program, params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        return (process.ExitCode, output);
    }

    // curl: the status, and the body as it came.
    internal static async Task<(int Status, string Body)> CurlBodyAsync(params string[] args)
    {
        var (_, output) = await ClientAsync("curl", ["-s", "-o", "-", "-w", "\n%{http_code}", .. args]);
        var lines = output.TrimEnd().Split('\n');
        return (int.Parse(lines[^1], CultureInfo.InvariantCulture), string.Join('\n', lines[..^1]).Trim());
    }

    // curl: the status, and the body's one line (InfluxDB's paths answer JSON: its "error" or "message").
    internal static async Task<(int Status, string Line)> CurlAsync(params string[] args)
    {
        var (status, body) = await CurlBodyAsync(args);
        if (!body.StartsWith('{'))
        {
            return (status, body);
        }

        using var json = System.Text.Json.JsonDocument.Parse(body);
        return (status, (json.RootElement.TryGetProperty("error", out var error) ? error : json.RootElement.GetProperty("message")).GetString()!);
    }

    [Fact]
    public async Task Influx_curl_ecowitt_json_and_shelly_readings_each_land_once_in_the_bucket_and_on_the_page()
    {
        await DebianPackages.EnsureAsync("influx (influxdb-client)", () => Task.FromResult(File.Exists("/usr/bin/influx")), "influxdb-client");
        using var run = Running.Start(["run", "--data", _temp.Combine("data"), "--port", "0"], workingDirectory: _temp.Path);
        var serving = await run.WaitForLineAsync(@"^Serving (http://127\.0\.0\.1:(\d+)/) .*taking readings from telegraf \(pool\), gateway \(pool, spa\), esp \(spa\)");
        var (address, port) = (serving.Groups[1].Value, serving.Groups[2].Value);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60 * 60;

        // Debian's influx (1.x) pings, then writes line protocol to /write with the token as its password; twice.
        for (var i = 0; i < 2; i++)
        {
            var (exit, output) = await ClientAsync("influx", "-host", "127.0.0.1", "-port", port, "-username", "telegraf", "-password", TelegrafToken,
                "-database", "pool", "-precision", "s", "-execute", $"INSERT temperature,host=shed,id=28-0316a279c4ff,sensor=ds18b20 value=27.31 {now - 120}");
            Assert.True(exit == 0, output);
        }

        Assert.Equal(27.31, Stored("pool", now - 120).Celsius);

        // An Ecowitt gateway's customized-server post: tf_ch1 (WN34 channel 1, °F) to pool, tf_ch2 to spa.
        var form = $"PASSKEY=0F1E2D3C4B5A69788796A5B4C3D2E1F0&stationtype=GW2000A_V3.1.3&runtime=3&dateutc={DateTimeOffset.FromUnixTimeSeconds(now - 60):yyyy-MM-dd+HH:mm:ss}&tempinf=72.3&humidityin=48&tempf=55.4&humidity=81&tf_ch1=82.4&tf_ch2=100.4&tf_batt1=1.56&freq=868M&model=GW2000A";
        Assert.Equal((204, string.Empty), await CurlAsync("-X", "POST", "--data", form, $"{address}api/ecowitt?token={GatewayToken}"));
        Assert.Equal(28.0, Stored("pool", now - 60).Celsius);
        Assert.Equal(38.0, Stored("spa", now - 60).Celsius);

        // Our JSON readings (one device, its series) and a Shelly H&T's report, as bearer and ?token=.
        var json = $$"""[{"timestamp": {{now - 30}}, "celsius": 37.5}, {"timestamp": {{now - 20}}, "fahrenheit": 99.5, "series": "spa"}]""";
        Assert.Equal(204, (await CurlAsync("-X", "POST", "-H", $"Authorization: Bearer {EspToken}", "-H", "Content-Type: application/json", "--data", json, $"{address}api/readings")).Status);
        Assert.Equal([37.5, 37.5], new[] { Stored("spa", now - 30).Celsius, Stored("spa", now - 20).Celsius });
        Assert.Equal(204, (await CurlAsync($"{address}api/shelly?token={EspToken}&hum=45&temp=36.25&id=shellyht-A1B2C3")).Status);

        Assert.Equal(2, Objects("pool").Count);
        Assert.Equal(4, Objects("spa").Count);
        Assert.Empty(Directory.Exists(Path.Join(Bucket, "pool", "aside")) ? Directory.GetFiles(Path.Join(Bucket, "pool", "aside"), "*", SearchOption.AllDirectories) : []);

        // On the page: each series in the overview, its newest reading its own.
        var page = await WaitForAsync(() => File.ReadAllText(_temp.Combine("data", "site", "spa", "index.html")), p => p.Contains("36.2", StringComparison.Ordinal) || p.Contains("36.3", StringComparison.Ordinal));
        Assert.Contains("<h1>Spa</h1>", page);
        Assert.Contains("28.0<span class=\"u\">°C</span>", await WaitForAsync(() => File.ReadAllText(_temp.Combine("data", "site", "pool", "index.html")), p => p.Contains("28.0", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Every_refusal_answers_its_status_and_one_line_and_a_partial_write_stores_only_the_good_points()
    {
        using var run = Running.Start(["run", "--data", _temp.Combine("data"), "--port", "0"], workingDirectory: _temp.Path);
        var address = (await run.WaitForLineAsync(@"^Serving (http://\S+) ")).Groups[1].Value;
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var write = $"{address}api/v2/write?precision=s";
        var line = $"temperature,id=28-0316a279c4ff value=27.5 {now}";

        // As InfluxDB answers: 2.x's JSON on /api/v2/write, 1.x's on /write.
        var noToken = "no token, or not one of a device in the ingest settings: send it as 'Authorization: Bearer TOKEN' or 'Authorization: Token TOKEN', "
            + "as the password of Basic authentication or of InfluxDB 1.x (influx -password TOKEN, ?u=NAME&p=TOKEN), as ?token=TOKEN, or in the path of an Ecowitt gateway or a Shelly (/api/ecowitt/TOKEN, /api/shelly/TOKEN)";
        Assert.Equal((401, $$"""{"code":"unauthorized","message":"{{noToken}}"}"""), await CurlBodyAsync("-X", "POST", "--data-binary", line, write));
        Assert.Equal((401, $$"""{"error":"{{noToken}}"}"""), await CurlBodyAsync("-X", "POST", "--data-binary", line, $"{address}write?db=pool&precision=s"));
        Assert.Equal(401, (await CurlAsync("-X", "POST", "-H", "Authorization: Token wrong-0123456789abcdef", "--data-binary", line, write)).Status);
        var auth = new[] { "-X", "POST", "-H", $"Authorization: Token {TelegrafToken}", "--data-binary" };
        Assert.Equal((400, "not line protocol: line 1: 'value' is not field=value"), await CurlAsync([.. auth, "temperature,id=28-0316a279c4ff value", write]));
        Assert.Equal((400, "partial write: temperature,id=28-0316a279c4ff: temperature 150 °C is outside the supported range -55 to 125 °C dropped=1"),
            await CurlAsync([.. auth, $"temperature,id=28-0316a279c4ff value=150 {now}", write]));
        var (status, unmapped) = await CurlAsync([.. auth, $"temperature,id=28-ffffffffffff value=20 {now}", write]);
        Assert.Equal(400, status);
        Assert.StartsWith("partial write: temperature,id=28-ffffffffffff: 'telegraf' maps it to no series: add it to its \"map\", such as \"temperature,id=28-ffffffffffff\": \"pool\"", unmapped, StringComparison.Ordinal);
        Assert.Equal((400, "reading 1: 'esp' may write spa, not 'pool'"),
            await CurlAsync("-X", "POST", "-H", $"Authorization: Bearer {EspToken}", "--data", $$"""{"timestamp": {{now}}, "celsius": 20, "series": "pool"}""", $"{address}api/readings"));
        var big = string.Join('\n', Enumerable.Range(0, 200).Select(i => $"temperature,id=28-0316a279c4ff value=20.5 {now - i}"));
        Assert.Equal((413, "the body is over 4096 bytes (ingest.maxBytes): send fewer readings at once"), await CurlAsync([.. auth, big, write]));
        Assert.Empty(Objects("pool"));

        // A good point beside a bad one: the good one is stored, the bad one said, as InfluxDB's partial write.
        Assert.Equal((400, "partial write: temperature,id=28-0316a279c4ff: temperature 999 °C is outside the supported range -55 to 125 °C dropped=1"),
            await CurlAsync([.. auth, $"{line}\ntemperature,id=28-0316a279c4ff value=999 {now - 1}", write]));
        Assert.Equal(27.5, Stored("pool", now).Celsius);

        // A flood: 40 requests a minute per device (the esp made one above), then 429 with when to come back.
        var answers = new List<(int Status, string Line)>();
        for (var i = 0; i < 41; i++)
        {
            answers.Add(await CurlAsync($"{address}api/shelly?token={EspToken}&temp=30&id=shellyht-A1B2C3"));
        }

        Assert.All(answers.Take(39), a => Assert.Equal(204, a.Status));
        Assert.Equal((429, "too many requests from 'esp': at most 40 a minute (ingest.perMinute)"), answers[39]);
        Assert.Equal(429, answers[40].Status);
        Assert.Single(Objects("pool"));
    }

    [Fact]
    public async Task A_server_with_no_probe_of_its_own_draws_only_what_devices_send()
    {
        File.WriteAllText(_temp.Combine("datalogger.json"), $$"""
            { "sensor": "none", "timeZone": "UTC", "ingest": { "devices": [ { "name": "esp", "token": "{{EspToken}}", "series": "spa" } ] } }
            """);
        using var run = Running.Start(["run", "--data", _temp.Combine("data"), "--port", "0"], workingDirectory: _temp.Path);
        await run.WaitForLineAsync("^Sensors: none on this machine; readings of spa come from devices\\.");
        var address = (await run.WaitForLineAsync(@"^Serving (http://\S+) .*from no probe of this machine")).Groups[1].Value;
        // The token in the path: a Shelly adds its own query (?hum=…&temp=…&id=…) to the URL it is given.
        Assert.Equal(204, (await CurlAsync($"{address}api/shelly/{EspToken}?hum=52&temp=36.5&id=shellyht-A1B2C3")).Status);
        var page = await WaitForAsync(() => File.ReadAllText(_temp.Combine("data", "site", "index.html")), p => p.Contains("36.5", StringComparison.Ordinal));
        Assert.Contains("<h1>Spa</h1>", page); // the one series, at the top
        Assert.False(Directory.Exists(Path.Join(Bucket, "pool")), "a simulated pool was written");

        // Nothing to read once, and no device named: one line each.
        var (exit, _, error) = await Executable.RunAsync(["run", "--once", "--data", _temp.Combine("data")], workingDirectory: _temp.Path);
        Assert.Equal((2, true), (exit, error.Contains("run --once takes a reading of this machine's probes, and there is none", StringComparison.Ordinal)));
        File.WriteAllText(_temp.Combine("datalogger.json"), """{ "sensor": "none" }""");
        (exit, _, error) = await Executable.RunAsync(["run", "--once", "--data", _temp.Combine("data")], workingDirectory: _temp.Path);
        Assert.Equal((2, true), (exit, error.Contains("with no probe on this machine (sensor none), name the devices readings come from", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Selectors_with_a_colon_or_line_protocols_escapes_map_through_the_settings_file()
    {
        // A tag value with colons (Telegraf's temp plugin with add_device_tag: a PCI address), and one with a space and a
        // comma, escaped in the key as line protocol escapes them (the JSON doubles the backslash).
        File.WriteAllText(_temp.Combine("datalogger.json"), $$"""
            {
              "sensor": "simulated", "series": "air", "timeZone": "UTC",
              "ingest": { "devices": [ { "name": "telegraf", "token": "{{TelegrafToken}}", "map": {
                "temp,device=0000:00:18.3,sensor=k10temp_tctl": "cpu",
                "temperature,location=pool\\ house,probe=north\\,deep": "pool"
              } } ] }
            }
            """);
        using var run = Running.Start(["run", "--data", _temp.Combine("data"), "--port", "0"], workingDirectory: _temp.Path);
        var address = (await run.WaitForLineAsync(@"^Serving (http://\S+) .*taking readings from telegraf \(cpu, pool\)")).Groups[1].Value;
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var k10temp = File.ReadLines(Path.Join(AppContext.BaseDirectory, "Payloads", "telegraf-temp-v2.lp")).Single(l => l.Contains("k10temp_tctl", StringComparison.Ordinal));
        var body = $"{k10temp} {now}\ntemperature,location=pool\\ house,probe=north\\,deep value=27.5 {now}\n";
        Assert.Equal(204, (await CurlAsync("-X", "POST", "-H", $"Authorization: Token {TelegrafToken}", "--data-binary", body, $"{address}api/v2/write?precision=s")).Status);
        Assert.Equal(31.875, Stored("cpu", now).Celsius);
        Assert.Equal(27.5, Stored("pool", now).Celsius);
    }

    [Theory]
    [InlineData("""{ "devices": [ { "name": "esp", "token": "short", "series": "pool" } ] }""", "\"ingest.devices.0.token\" in", "the device 'esp' needs a token of at least 16 characters")]
    [InlineData("""{ "devices": [ { "name": "esp", "token": "0123456789abcdef", "map": { "temperature,id": "pool" } } ] }""", "\"ingest.devices.0.map.temperature,id\" in", "'temperature,id' is not a line-protocol selector")]
    [InlineData("""{ "devices": [ { "name": "esp", "token": "0123456789abcdef" } ] }""", "", "the device 'esp' needs a \"series\" (all its readings) or a \"map\" (such as \"map\": {\"tf_ch1\": \"pool\"}), or \"notes\": true")]
    [InlineData("""{ "devices": [ { "name": "a", "token": "0123456789abcdef", "series": "pool" }, { "name": "b", "token": "0123456789abcdef", "series": "spa" } ] }""", "", "the devices 'a' and 'b' share a token")]
    [InlineData("""{ "devices": [ { "name": "esp", "token": "0123456789abcdef", "map": { "tf_ch1": "Pool!" } } ] }""", "\"ingest.devices.0.map.tf_ch1\" in", "not a valid series name")]
    public async Task A_bad_ingest_setting_is_one_line_that_names_its_source(string ingest, string source, string expected)
    {
        File.WriteAllText(_temp.Combine("datalogger.json"), $$"""{ "sensor": "simulated", "ingest": {{ingest}} }""");
        var (exit, _, error) = await Executable.RunAsync(["run", "--once", "--data", _temp.Combine("data")], workingDirectory: _temp.Path);
        Assert.Equal(2, exit);
        Assert.Contains(source, error);
        Assert.Contains(expected, error);
        Assert.DoesNotContain("   at ", error);
    }

    internal static async Task<string> WaitForAsync(Func<string> read, Func<string, bool> done)
    {
        var text = string.Empty;
        for (var i = 0; i < 100; i++)
        {
            try
            {
                text = read();
                if (done(text))
                {
                    return text;
                }
            }
            catch (IOException)
            {
            }

            await Task.Delay(100);
        }

        return text;
    }
}
