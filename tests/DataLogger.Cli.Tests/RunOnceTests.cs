using System.Text.Json;
using DataLogger.Readings;
using DataLogger.Testing;

namespace DataLogger.Cli.Tests;

/// <summary>
/// <c>datalogger run --once</c> in process, and how its settings are layered: file, then environment, then flags.
/// Not run in parallel with other tests: it sets <c>DATALOGGER__*</c> environment variables.
/// </summary>
[Collection(EnvironmentVariables.Name)]
public sealed class RunOnceTests : IDisposable
{
    readonly TempDirectory _temp = new();

    public void Dispose()
    {
        foreach (var name in new[] { "DATALOGGER__SERIES", "DATALOGGER__INTERVAL", "DATALOGGER__TITLE", "DATALOGGER__SENSOR" })
        {
            Environment.SetEnvironmentVariable(name, null);
        }

        _temp.Dispose();
    }

    string Data => _temp.Combine("data");

    string[] Bucket(string series) =>
        Directory.Exists(Path.Join(Data, "bucket", series)) ? Directory.GetFiles(Path.Join(Data, "bucket", series), "*.json", SearchOption.AllDirectories) : [];

    string Config(string json)
    {
        var path = _temp.Combine("datalogger.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public async Task Takes_one_reading_publishes_the_site_and_exits_0()
    {
        var (exit, output, error) = await CliRunner.RunAsync("run", "--once", "--data", Data, "--sensor", "simulated", "--tz", "Europe/Berlin");
        Assert.True(exit == 0, error);
        Assert.Contains("Sensor: simulated pool.", output);
        Assert.Contains("Stored ", output);
        var file = Assert.Single(Bucket("pool"));
        var reading = ReadingJson.Decode(await File.ReadAllBytesAsync(file));
        Assert.Equal("simulated", reading.SensorId);
        Assert.True(File.Exists(Path.Join(Data, "site", "index.html")));
        using var latest = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Join(Data, "site", "latest.json")));
        Assert.Equal(reading.Timestamp, latest.RootElement.GetProperty("series")[0].GetProperty("latest").GetProperty("timestamp").GetInt64());
    }

    [Fact]
    public async Task The_longer_views_are_redrawn_when_due_also_across_runs()
    {
        Assert.Equal(0, (await CliRunner.RunAsync("run", "--once", "--data", Data, "--sensor", "simulated", "--backfill", "2h")).Exit);
        var site = Path.Join(Data, "site");
        var week = File.GetLastWriteTimeUtc(Path.Join(site, "7d.html"));
        DateTimeOffset Drawn(string view)
        {
            using var state = JsonDocument.Parse(File.ReadAllBytes(Path.Join(site, "views-state.json")));
            return state.RootElement.GetProperty(view).GetDateTimeOffset();
        }

        var day = Drawn("pool/24h");
        var weekDrawn = Drawn("pool/7d");
        using (var state = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Join(site, "views-state.json"))))
        {
            Assert.Equal(["files", "pool/1y", "pool/24h", "pool/30d", "pool/7d"], state.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
            Assert.Contains("index.html", state.RootElement.GetProperty("files").EnumerateObject().Select(p => p.Name));
        }

        var fonts = Directory.GetFiles(site, "*.ttf").Concat(Directory.GetFiles(site, "*.txt")).ToDictionary(f => f, File.GetLastWriteTimeUtc);
        Assert.Equal(4, fonts.Count); // two fonts and their licences

        await Task.Delay(50);
        Assert.Equal(0, (await CliRunner.RunAsync("run", "--once", "--data", Data, "--sensor", "simulated")).Exit);

        // A new process: the 24-hour view is redrawn, the week (due every 15 minutes) is not.
        Assert.True(Drawn("pool/24h") > day);
        Assert.Equal(weekDrawn, Drawn("pool/7d"));
        Assert.Equal(week, File.GetLastWriteTimeUtc(Path.Join(site, "7d.html")));

        // The fonts and their licences did not change: they are not written again.
        Assert.All(fonts, f => Assert.Equal(f.Value, File.GetLastWriteTimeUtc(f.Key)));
    }

    [Fact]
    public async Task Backfill_fills_the_chart_at_once()
    {
        var (exit, output, _) = await CliRunner.RunAsync("run", "--once", "--data", Data, "--sensor", "simulated", "--backfill", "2h", "--interval", "5m");
        Assert.Equal(0, exit);
        Assert.Contains("Backfilled 24 simulated readings", output);
        Assert.InRange(Bucket("pool").Length, 24, 25);
        using var latest = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Join(Data, "site", "latest.json")));
        Assert.InRange(latest.RootElement.GetProperty("series")[0].GetProperty("window").GetProperty("count").GetInt32(), 24, 25);
    }

    // The quick start on a Pi not yet wired, then the probe wired: the simulated pool wrote the demo's series, the probe
    // writes 'pool', never backfilled, the demo's readings kept apart and unshown, and said so; query finds the demo
    // while it is all there is.
    [Fact]
    public async Task The_quick_starts_simulated_pool_writes_the_demo_series_which_a_probe_attached_later_never_mixes_with()
    {
        var w1 = new FakeW1Tree(_temp.Combine("w1"));
        Directory.CreateDirectory(w1.Root);
        var (exit, output, error) = await CliRunner.RunAsync("run", "--once", "--data", Data, "--w1-root", w1.Root, "--backfill", "2h", "--interval", "5m");
        Assert.True(exit == 0, error);
        Assert.Contains("Backfilled 24 simulated readings of 'demo' over the last 2h", output);
        Assert.InRange(Bucket(Series.Demo).Length, 24, 25);
        Assert.Contains("<title>Demo pool (simulated)", await File.ReadAllTextAsync(Path.Join(Data, "site", "index.html")), StringComparison.Ordinal);
        var (_, _, queried) = await CliRunner.RunAsync("query", "--data", Data, "--last", "3h");
        Assert.Contains("readings of 'demo'", queried);

        w1.Probe(FakeW1Tree.GoodId, FakeW1Tree.Good(22687));
        (exit, output, error) = await CliRunner.RunAsync("run", "--once", "--data", Data, "--w1-root", w1.Root, "--backfill", "2h", "--clock", "trusted");
        Assert.True(exit == 0, error);
        Assert.Contains($"Not backfilled 'pool': a real probe (DS18B20 {FakeW1Tree.GoodId}) writes it", output);
        Assert.Contains($"The demo's simulated readings stay apart in {Path.Join(Data, "bucket", "demo")}, not shown: delete that folder to remove them.", output);
        var reading = ReadingJson.Decode(await File.ReadAllBytesAsync(Assert.Single(Bucket("pool"))));
        Assert.Equal((22.687, FakeW1Tree.GoodId), (reading.Celsius, reading.SensorId));
        Assert.InRange(Bucket(Series.Demo).Length, 24, 25);
        var latest = await File.ReadAllTextAsync(Path.Join(Data, "site", "latest.json"));
        Assert.DoesNotContain("\"demo\"", latest, StringComparison.Ordinal);
        (_, _, queried) = await CliRunner.RunAsync("query", "--data", Data, "--last", "3h");
        Assert.Contains("1 readings of 'pool'", queried);
    }

    // A Pi set up for its probe ("series": "pool", "title") started before the probe answers: the simulation still goes
    // to the demo, under the demo's title, and the log says why; asked for by name, the simulation writes the series.
    [Fact]
    public async Task With_a_series_set_and_no_probe_the_simulation_still_goes_to_the_demo_and_says_so()
    {
        Directory.CreateDirectory(_temp.Combine("w1"));
        var config = Config("""{ "series": "pool", "title": "Our pool", "w1Root": "W1" }""".Replace("W1", _temp.Combine("w1"), StringComparison.Ordinal));
        var (exit, output, error) = await Executable.RunAsync(["run", "--once", "--data", Data, "--config", config]);
        Assert.True(exit == 0, error);
        Assert.Contains($"No 1-Wire thermometer under {_temp.Combine("w1")}: the simulated pool writes the series 'demo', not 'pool', so that a probe's series never holds simulated readings (--sensor simulated writes the simulation into 'pool').", output);
        Assert.Single(Bucket(Series.Demo));
        Assert.Empty(Bucket("pool"));
        Assert.Contains("<h1>Demo pool (simulated)</h1>", await File.ReadAllTextAsync(Path.Join(Data, "site", "index.html")), StringComparison.Ordinal);

        (exit, _, error) = await CliRunner.RunAsync("run", "--once", "--data", Data, "--config", config, "--sensor", "simulated");
        Assert.True(exit == 0, error);
        Assert.Single(Bucket("pool"));
    }

    [Fact]
    public async Task Reads_a_ds18b20_when_one_is_attached()
    {
        var w1 = new FakeW1Tree(_temp.Combine("w1")).Probe(FakeW1Tree.GoodId, FakeW1Tree.Good(-1250));
        var (exit, output, error) = await CliRunner.RunAsync("run", "--once", "--data", Data, "--w1-root", w1.Root);
        Assert.True(exit == 0, error);
        Assert.Contains($"Sensor: DS18B20 {FakeW1Tree.GoodId}.", output);
        var reading = ReadingJson.Decode(await File.ReadAllBytesAsync(Assert.Single(Bucket("pool"))));
        Assert.Equal((-1.25, FakeW1Tree.GoodId), (reading.Celsius, reading.SensorId));
    }

    [Fact]
    public async Task A_failing_probe_exits_1_with_the_reason_and_stores_nothing()
    {
        var w1 = new FakeW1Tree(_temp.Combine("w1")).Probe(FakeW1Tree.GoodId, FakeW1Tree.CrcNo);
        var (exit, _, error) = await CliRunner.RunAsync("run", "--once", "--data", Data, "--w1-root", w1.Root, "--sensor", "onewire");
        Assert.Equal(1, exit);
        Assert.Contains("no reading from DS18B20", error);
        Assert.Empty(Bucket("pool"));
    }

    [Fact]
    public async Task Asking_for_a_missing_probe_says_what_to_do()
    {
        Directory.CreateDirectory(_temp.Combine("w1"));
        var (exit, _, error) = await CliRunner.RunAsync("run", "--once", "--data", Data, "--w1-root", _temp.Combine("w1"), "--sensor", "ds18b20");
        Assert.Equal(2, exit);
        Assert.Contains("no 1-Wire thermometer", error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public async Task Flags_win_over_the_environment_which_wins_over_the_file()
    {
        var config = Config("""{ "series": "spa", "title": "From the file", "sensor": "simulated" }""");

        var (exit, _, error) = await CliRunner.RunAsync("run", "--once", "--data", Data, "--config", config);
        Assert.True(exit == 0, error);
        Assert.Single(Bucket("spa"));
        Assert.Contains("<h1>From the file</h1>", await File.ReadAllTextAsync(Path.Join(Data, "site", "index.html")));

        Environment.SetEnvironmentVariable("DATALOGGER__SERIES", "hot_tub");
        (exit, _, error) = await CliRunner.RunAsync("run", "--once", "--data", Data, "--config", config);
        Assert.True(exit == 0, error);
        Assert.Single(Bucket("hot_tub"));

        (exit, _, error) = await CliRunner.RunAsync("run", "--once", "--data", Data, "--config", config, "--series", "pool", "--title", "From a flag");
        Assert.True(exit == 0, error);
        Assert.Single(Bucket("pool"));
        Assert.Contains("<h1>From a flag</h1>", await File.ReadAllTextAsync(Path.Join(Data, "site", "index.html")));
    }

    [Fact]
    public async Task A_bad_value_names_where_it_came_from()
    {
        var config = Config("""{ "interval": "soon" }""");
        var (exit, _, error) = await CliRunner.RunAsync("run", "--once", "--data", Data, "--config", config);
        Assert.Equal(2, exit);
        Assert.Contains($"\"interval\" in {config}: 'soon' is not a duration", error);

        Environment.SetEnvironmentVariable("DATALOGGER__INTERVAL", "3s");
        (exit, _, error) = await CliRunner.RunAsync("run", "--once", "--data", Data, "--config", config);
        Assert.Equal(2, exit);
        Assert.Contains("DATALOGGER__INTERVAL: '3s' is outside 10s to 24h", error);

        (exit, _, error) = await CliRunner.RunAsync("run", "--once", "--data", Data, "--config", config, "--interval", "5m", "--sensor", "thermometer");
        Assert.Equal(2, exit);
        Assert.Contains("--sensor: 'thermometer' is not a sensor: use auto, simulated, onewire, thermal or none", error);
        Assert.Empty(Bucket("pool"));
    }

    [Theory]
    [InlineData("--port", "70000", "is not a port")]
    [InlineData("--bind", "my-laptop", "is not an address")]
    [InlineData("--tz", "Mars/Olympus", "not a time zone")]
    [InlineData("--series", "Pool!", "not a valid series name")]
    [InlineData("--backfill", "lots", "not a duration")]
    public async Task Bad_flags_get_one_clear_message(string flag, string value, string expected)
    {
        var (exit, _, error) = await CliRunner.RunAsync("run", "--once", "--data", Data, flag, value);
        Assert.Equal(2, exit);
        Assert.StartsWith($"error: {flag}: ", error);
        Assert.Contains(expected, error);
    }

    [Fact]
    public async Task A_config_file_that_is_missing_or_broken_says_so()
    {
        var (exit, _, error) = await CliRunner.RunAsync("run", "--once", "--data", Data, "--config", _temp.Combine("nope.json"));
        Assert.Equal(2, exit);
        Assert.Contains("does not exist", error);

        (exit, _, error) = await CliRunner.RunAsync("run", "--once", "--data", Data, "--config", Config("{ \"series\": "));
        Assert.Equal(2, exit);
        Assert.Contains("cannot be read", error);
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EnvironmentVariables
{
    public const string Name = "environment variables";
}
