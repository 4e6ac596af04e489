using System.Text.Json;
using DataLogger.Readings;
using DataLogger.Testing;

namespace DataLogger.Cli.Tests;

/// <summary>
/// Several probes, through the real executable: a DS18B20 (28-) and a DS18S20 (10-) on a fake 1-Wire bus, named in
/// datalogger.json or not; <c>run --once</c> stores every series, and the overview page and latest.json show them all.
/// </summary>
public sealed class MultiProbeTests : IDisposable
{
    const string PoolId = "28-0316a279c4ff";
    const string AirId = "10-000803673bd2";

    readonly TempDirectory _temp = new();
    readonly FakeW1Tree _w1;

    public MultiProbeTests()
    {
        _w1 = new FakeW1Tree(_temp.Combine("w1"));
        _w1.Probe(PoolId, FakeW1Tree.Good(27312)).Probe(AirId, FakeW1Tree.Kernel(FakeW1Tree.Ds18s20(-3.5625), -3563));
    }

    public void Dispose() => _temp.Dispose();

    string Data => _temp.Combine("data");

    string[] Keys(string series) => Directory.Exists(Path.Join(Data, "bucket", series))
        ? [.. Directory.GetFiles(Path.Join(Data, "bucket", series), "*.json", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Path.Join(Data, "bucket"), f))]
        : [];

    [Fact]
    public async Task Run_once_with_two_named_probes_stores_both_series_and_shows_both_on_the_overview()
    {
        File.WriteAllText(_temp.Combine("datalogger.json"), $$"""
            {
              "w1Root": "{{_w1.Root}}",
              "timeZone": "UTC",
              "probes": [
                { "id": "{{PoolId}}", "series": "pool", "title": "Our pool" },
                { "id": "{{AirId}}", "series": "air", "offset": "0.5" }
              ]
            }
            """);

        var (exit, output, error) = await Executable.RunAsync(["run", "--once", "--data", Data], workingDirectory: _temp.Path);

        Assert.True(exit == 0, error + output);
        Assert.Contains($"Sensors: DS18B20 {PoolId} -> pool, DS18S20 {AirId} (+0.50 °C) -> air.", output);
        var pool = ReadingJson.Decode(File.ReadAllBytes(Path.Join(Data, "bucket", Assert.Single(Keys("pool")))));
        var air = ReadingJson.Decode(File.ReadAllBytes(Path.Join(Data, "bucket", Assert.Single(Keys("air")))));
        Assert.Equal((27.312, PoolId), (pool.Celsius, pool.SensorId));
        Assert.Equal((-3.063, AirId), (air.Celsius, air.SensorId)); // -3.5625 by the DS18S20's own conversion, as the kernel's integer arithmetic has it (-4.25 + 0.687), +0.5
        Assert.Equal(pool.Timestamp, air.Timestamp);
        Assert.Contains($"as pool/", output);
        Assert.Contains($"as air/", output);

        var site = Path.Join(Data, "site");
        var overview = File.ReadAllText(Path.Join(site, "index.html"));
        Assert.Contains("<h2><a href=\"pool/index.html\">Our pool</a></h2>", overview);
        Assert.Contains("<h2><a href=\"air/index.html\">Air</a></h2>", overview);
        Assert.Contains("<span class=\"c\">27.3<span class=\"u\">°C</span></span>", overview);
        Assert.Contains("<span class=\"c\">-3.1<span class=\"u\">°C</span></span>", overview);
        foreach (var page in new[] { "pool/index.html", "pool/7d.html", "pool/30d.html", "pool/1y.html", "air/index.html", "air/chart-24h-narrow.png", "air/1y.html" })
        {
            Assert.True(File.Exists(Path.Join(site, page)), page);
        }

        using var latest = JsonDocument.Parse(File.ReadAllBytes(Path.Join(site, "latest.json")));
        var series = latest.RootElement.GetProperty("series").EnumerateArray().ToList();
        Assert.Equal(["pool", "air"], series.Select(s => s.GetProperty("series").GetString()));
        Assert.Equal([27.312, -3.063], series.Select(s => s.GetProperty("latest").GetProperty("celsius").GetDouble()));
        Assert.Equal(["Our pool", "Air"], series.Select(s => s.GetProperty("title").GetString()));
    }

    [Fact]
    public async Task Unnamed_probes_are_all_read_into_a_series_each_and_the_log_says_how_to_name_them()
    {
        var (exit, output, error) = await Executable.RunAsync(["run", "--once", "--data", Data, "--w1-root", _w1.Root, "--tz", "UTC"], workingDirectory: _temp.Path);

        Assert.True(exit == 0, error + output);
        Assert.Contains($"Sensors: DS18S20 {AirId} -> pool-3bd2, DS18B20 {PoolId} -> pool-c4ff.", output); // by id
        Assert.Single(Keys("pool-c4ff"));
        Assert.Single(Keys("pool-3bd2"));
        Assert.Contains($"2 1-Wire probes and no \"probes\" setting: reading {AirId} into 'pool-3bd2', {PoolId} into 'pool-c4ff'.", output);
        Assert.Contains($"\"probes\": [{{\"id\":\"{AirId}\",\"series\":\"pool-3bd2\"}},{{\"id\":\"{PoolId}\",\"series\":\"pool-c4ff\"}}]", output);
    }

    [Fact]
    public async Task A_stuck_probe_does_not_stop_the_others_and_the_exit_code_says_one_failed()
    {
        _w1.Probe(AirId, FakeW1Tree.CrcNo);
        File.WriteAllText(_temp.Combine("datalogger.json"), $$"""
            { "w1Root": "{{_w1.Root}}", "probes": [ { "id": "{{PoolId}}", "series": "pool" }, { "id": "{{AirId}}", "series": "air" } ] }
            """);

        var (exit, output, error) = await Executable.RunAsync(["run", "--once", "--data", Data], workingDirectory: _temp.Path);

        Assert.Equal(1, exit);
        Assert.Single(Keys("pool"));
        Assert.Empty(Keys("air"));
        Assert.Contains($"error: no reading from DS18S20 {AirId} for 'air'", error);
        Assert.Contains("<h2><a href=\"air/index.html\">Air</a></h2>", File.ReadAllText(Path.Join(Data, "site", "index.html"))); // shown, with no reading yet
        Assert.Contains("CRC check failed", output);
    }
}
