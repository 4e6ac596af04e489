using System.Text.Json;
using DataLogger.Readings;
using DataLogger.Testing;

namespace DataLogger.Cli.Tests;

/// <summary>
/// More than temperature, through the real <c>run</c> and real clients (curl): a Tasmota's line protocol with an AM2301
/// (temperature and humidity) and its relay's state, as its InfluxDB driver writes them (the points of
/// <c>Payloads/tasmota-influxdb-sensor.lp</c>: measurement = the JSON key lower-cased, <c>sensor</c> tag, field
/// <c>value</c>, <c>power1</c> for the relay), an Ecowitt gateway's indoor humidity (<c>Payloads/ecowitt-gw1000-humidity.form</c>)
/// and a pH reading as our JSON: each lands in its series with its unit, and on the page in that unit.
/// </summary>
public sealed class StationEndToEndTests : IDisposable
{
    const string TasmotaToken = "tasmota-0123456789abcdef";
    const string GatewayToken = "gateway-fedcba9876543210";
    const string KitToken = "ph-kit-00112233445566778899";

    readonly TempDirectory _temp = new();

    public StationEndToEndTests() => File.WriteAllText(_temp.Combine("datalogger.json"), $$"""
        {
          "sensor": "simulated", "series": "pool", "timeZone": "UTC",
          "quantities": { "humidity": "humidity", "indoor": "humidity", "heater": "state", "ph": "ph" },
          "ingest": {
            "devices": [
              { "name": "poolpump", "token": "{{TasmotaToken}}", "map": { "temperature,sensor=am2301": "air", "humidity,sensor=am2301": "humidity", "power1": "heater" } },
              { "name": "gateway", "token": "{{GatewayToken}}", "map": { "humidityin": "indoor" } },
              { "name": "ph-kit", "token": "{{KitToken}}", "series": "ph" }
            ]
          }
        }
        """);

    public void Dispose() => _temp.Dispose();

    string Object(string series) => File.ReadAllText(Directory.GetFiles(Path.Join(_temp.Combine("data", "bucket"), series), "*.json", SearchOption.AllDirectories).Single());

    [Fact]
    public async Task A_tasmotas_humidity_and_relay_an_ecowitt_humidity_and_a_ph_reading_land_in_their_series_in_their_units_and_on_the_page()
    {
        using var run = Running.Start(["run", "--data", _temp.Combine("data"), "--port", "0"], workingDirectory: _temp.Path);
        var address = (await run.WaitForLineAsync(@"^Serving (http://127\.0\.0\.1:\d+/)")).Groups[1].Value;
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60 * 60;

        var tasmota = $"""
            temperature,device=poolpump,sensor=am2301 value=24.7 {now - 120}
            humidity,device=poolpump,sensor=am2301 value=57.3 {now - 120}
            dewpoint,device=poolpump,sensor=am2301 value=15.7 {now - 120}
            power1,device=poolpump value=1 {now - 120}
            """;
        Assert.Equal((204, string.Empty), await IngestEndToEndTests.CurlAsync("-X", "POST", "--data-binary", tasmota, "-H", $"Authorization: Token {TasmotaToken}", $"{address}write?precision=s"));
        Assert.Contains("\"celsius\":24.7", Object("air"), StringComparison.Ordinal);
        Assert.Equal($"{{\"timestamp\":{now - 120},\"value\":57.3,\"unit\":\"%\"}}", Object("humidity").Trim());
        Assert.Equal($"{{\"timestamp\":{now - 120},\"value\":1,\"unit\":\"on/off\"}}", Object("heater").Trim());

        var form = File.ReadAllText(Path.Join(RepositoryRoot.Path, "tests/DataLogger.Cli.Tests/Payloads/ecowitt-gw1000-humidity.form"))
            .Replace("dateutc=2026-07-14+13:42:05", $"dateutc={DateTimeOffset.FromUnixTimeSeconds(now - 60):yyyy-MM-dd+HH:mm:ss}", StringComparison.Ordinal);
        Assert.Equal((204, string.Empty), await IngestEndToEndTests.CurlAsync("-X", "POST", "--data", form, $"{address}api/ecowitt/{GatewayToken}"));
        Assert.Equal($"{{\"timestamp\":{now - 60},\"value\":48,\"unit\":\"%\"}}", Object("indoor").Trim());

        Assert.Equal((204, string.Empty), await IngestEndToEndTests.CurlAsync("-X", "POST", "-H", $"Authorization: Bearer {KitToken}", "--data", $$"""{"timestamp": {{now - 60}}, "value": 7.42}""", $"{address}api/readings"));
        Assert.Equal($"{{\"timestamp\":{now - 60},\"value\":7.42,\"unit\":\"pH\"}}", Object("ph").Trim());

        // A pH out of its range, or a temperature posted to the pH series, is refused with one line and stores nothing more.
        var (status, line) = await IngestEndToEndTests.CurlAsync("-X", "POST", "-H", $"Authorization: Bearer {KitToken}", "--data", $$"""{"timestamp": {{now}}, "value": 15}""", $"{address}api/readings");
        Assert.Equal((400, "reading 1: pH 15 is outside the supported range 0 to 14"), (status, line));
        Assert.Equal(400, (await IngestEndToEndTests.CurlAsync("-X", "POST", "-H", $"Authorization: Bearer {KitToken}", "--data", $$"""{"timestamp": {{now}}, "celsius": 27}""", $"{address}api/readings")).Status);

        // On the page: each series in its unit, the state as on, in latest.json as value and unit.
        var humidity = await IngestEndToEndTests.WaitForAsync(() => File.ReadAllText(_temp.Combine("data", "site", "humidity", "index.html")), p => p.Contains("57.3", StringComparison.Ordinal));
        Assert.Contains("57.3<span class=\"u\">%</span>", humidity, StringComparison.Ordinal);
        Assert.DoesNotContain("°F", humidity, StringComparison.Ordinal);
        Assert.Contains("7.42<span class=\"u\">pH</span>", await IngestEndToEndTests.WaitForAsync(() => File.ReadAllText(_temp.Combine("data", "site", "ph", "index.html")), p => p.Contains("7.42", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains(">on<", await IngestEndToEndTests.WaitForAsync(() => File.ReadAllText(_temp.Combine("data", "site", "heater", "index.html")), p => p.Contains(">on<", StringComparison.Ordinal)), StringComparison.Ordinal);
        // Until an update has drawn both (the titles are there from the first update on, the readings when they are drawn).
        var latest = await IngestEndToEndTests.WaitForAsync(() => File.ReadAllText(_temp.Combine("data", "site", "latest.json")), p => p.Contains("\"unit\":\"pH\"", StringComparison.Ordinal) && p.Contains("\"value\":48,", StringComparison.Ordinal));
        using var index = JsonDocument.Parse(latest);
        var indoor = index.RootElement.GetProperty("series").EnumerateArray().Single(s => s.GetProperty("series").GetString() == "indoor").GetProperty("latest");
        Assert.Equal((48.0, "%"), (indoor.GetProperty("value").GetDouble(), indoor.GetProperty("unit").GetString()));
        Assert.True(File.Exists(_temp.Combine("data", "site", "heater", "chart-24h.png")));
    }
}
