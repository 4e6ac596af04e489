using DataLogger.Readings;
using DataLogger.Testing;

namespace DataLogger.Cli.Tests;

public sealed class AgentCommandTests : IDisposable
{
    readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    string[] Bucket(string series) =>
        Directory.Exists(_temp.Combine("bucket", series)) ? Directory.GetFiles(_temp.Combine("bucket", series), "*.json", SearchOption.AllDirectories) : [];

    [Fact]
    public async Task Once_takes_a_reading_uploads_it_and_empties_the_spool()
    {
        var (exit, output, error) = await CliRunner.RunAsync("agent", "--once", "--store", "file://" + _temp.Combine("bucket"), "--spool", _temp.Combine("spool"), "--sensor", "simulated");
        Assert.True(exit == 0, error);
        Assert.Contains("Took 1 of 1 readings; uploaded 1", output);
        Assert.Single(Bucket("pool"));
        Assert.Empty(Directory.GetFiles(_temp.Combine("spool"), "*.json", SearchOption.AllDirectories));
    }

    // agent --once builds its console logger on the first message (a third of an upload's CPU under NativeAOT): a
    // message still comes out, as the logger writes it, and an upload that goes well prints only its line.
    [Fact]
    public async Task Once_logs_a_warning_as_the_console_logger_writes_it_and_nothing_when_all_goes_well()
    {
        var w1 = new FakeW1Tree(_temp.Combine("w1")).Probe(FakeW1Tree.GoodId, FakeW1Tree.Good(21500)).Probe("28-00000a1b2c3d", FakeW1Tree.Good(19250));
        string[] once = ["agent", "--once", "--store", "file://" + _temp.Combine("bucket"), "--spool", _temp.Combine("spool"), "--clock", "trusted", "--w1-root", w1.Root];
        var (exit, output, error) = await Executable.RunAsync(once);
        Assert.True(exit == 0, error);
        Assert.Contains("warn: datalogger.agent[0] 2 1-Wire probes and no \"probes\" setting: reading", output);
        Assert.Contains("Took 2 of 2 readings; uploaded 2", output);

        (exit, output, error) = await Executable.RunAsync(["agent", "--once", "--store", "file://" + _temp.Combine("bucket"), "--spool", _temp.Combine("spool"), "--sensor", "simulated"]);
        Assert.True(exit == 0, error);
        Assert.Equal($"Took 1 of 1 readings; uploaded 1 to {_temp.Combine("bucket")}; 0 left in the spool {_temp.Combine("spool")}.", (output + error).Trim());
    }

    [Fact]
    public async Task The_default_store_and_spool_live_in_the_data_folder()
    {
        var (exit, _, error) = await CliRunner.RunAsync("agent", "--once", "--data", _temp.Path, "--sensor", "simulated");
        Assert.True(exit == 0, error);
        Assert.Single(Bucket("pool"));
        Assert.True(Directory.Exists(_temp.Combine("spool")));
    }

    [Fact]
    public async Task Several_probes_each_write_their_own_series_with_their_calibration()
    {
        var w1 = new FakeW1Tree(_temp.Combine("w1")).Probe("28-000000000001", FakeW1Tree.Good(20000)).Probe("28-000000000002", FakeW1Tree.Good(38000));
        var config = _temp.Combine("agent.json");
        await File.WriteAllTextAsync(config, $$"""
            {
              "w1Root": "{{w1.Root}}",
              "probes": [
                { "id": "28-000000000001", "series": "pool", "offset": 0.5 },
                { "id": "28-000000000002", "series": "spa" }
              ]
            }
            """);
        var (exit, output, error) = await CliRunner.RunAsync("agent", "--once", "--data", _temp.Path, "--config", config);
        Assert.True(exit == 0, error);
        Assert.Contains("Took 2 of 2 readings; uploaded 2", output);
        Assert.Equal(20.5, ReadingJson.Decode(await File.ReadAllBytesAsync(Assert.Single(Bucket("pool")))).Celsius);
        Assert.Equal(38.0, ReadingJson.Decode(await File.ReadAllBytesAsync(Assert.Single(Bucket("spa")))).Celsius);
    }

    [Fact]
    public async Task A_second_agent_on_a_running_agents_spool_is_refused_in_one_line_and_takes_nothing()
    {
        using var first = Running.Start(["agent", "--data", _temp.Path, "--interval", "1s", "--sensor", "simulated"]);
        await first.WaitForLineAsync("Ctrl\\+C stops");
        var (exit, output, error) = await Executable.RunAsync(["agent", "--once", "--data", _temp.Path, "--sensor", "simulated"]);
        Assert.Equal(2, exit);
        Assert.Contains("is in use by another agent: run one agent per spool", output + error);
        Assert.DoesNotContain("   at ", output + error);
        Assert.Equal(0, await first.InterruptAsync());
        var times = Bucket("pool").Select(p => long.Parse(Path.GetFileNameWithoutExtension(p), System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
        Assert.Equal(times.Count, times.Distinct().Count()); // the first agent's readings only, once each
    }

    [Fact]
    public async Task Two_probes_on_one_series_are_refused()
    {
        var config = _temp.Combine("agent.json");
        await File.WriteAllTextAsync(config, """{ "probes": [ { "id": "28-1", "series": "pool" }, { "id": "28-2" } ] }""");
        var (exit, _, error) = await CliRunner.RunAsync("agent", "--once", "--data", _temp.Path, "--config", config);
        Assert.Equal(2, exit);
        Assert.Contains("two probes write the series 'pool'", error);
    }

    [Fact]
    public async Task A_failing_probe_exits_1_and_uploads_nothing()
    {
        var w1 = new FakeW1Tree(_temp.Combine("w1")).Probe(FakeW1Tree.GoodId, FakeW1Tree.PowerOn);
        var (exit, output, _) = await CliRunner.RunAsync("agent", "--once", "--data", _temp.Path, "--w1-root", w1.Root, "--sensor", "ds18b20");
        Assert.Equal(1, exit);
        Assert.Contains("Took 0 of 1 readings", output);
        Assert.Empty(Bucket("pool"));
    }

    [Fact]
    public async Task A_value_outside_the_probes_range_is_refused_and_one_inside_a_probes_own_range_is_stored()
    {
        var w1 = new FakeW1Tree(_temp.Combine("w1")).Probe("28-000000000001", FakeW1Tree.Good(52000)).Probe("28-000000000002", FakeW1Tree.Good(38000));
        var config = _temp.Combine("agent.json");
        await File.WriteAllTextAsync(config, $$"""
            {
              "w1Root": "{{w1.Root}}",
              "range": "0..40",
              "probes": [
                { "id": "28-000000000001", "series": "pool" },
                { "id": "28-000000000002", "series": "spa", "range": "10..45" }
              ]
            }
            """);
        var (exit, output, error) = await Executable.RunAsync(["agent", "--once", "--data", _temp.Path, "--config", config]);
        Assert.Equal(1, exit);
        Assert.Contains("Took 1 of 2 readings", output);
        Assert.Contains("read 52.000 °C, outside its plausible range 0..40 °C (the range setting)", output + error);
        Assert.Empty(Bucket("pool"));
        Assert.Equal(38.0, ReadingJson.Decode(await File.ReadAllBytesAsync(Assert.Single(Bucket("spa")))).Celsius);
    }

    [Theory]
    [InlineData("--store", "ftp://example/x", "is not a store")]
    [InlineData("--store", "s3://", "names no bucket")]
    [InlineData("--interval", "0s", "")]
    [InlineData("--concurrency", "0", "not a number of uploads")]
    [InlineData("--offset", "42", "not a calibration offset")]
    [InlineData("--sensor", "probe", "not a sensor")]
    [InlineData("--range", "40..0", "not a range of °C")]
    [InlineData("--clock", "ntp", "not a clock setting")]
    public async Task Bad_settings_get_one_clear_message(string flag, string value, string expected)
    {
        string[] sensor = flag == "--sensor" ? [] : ["--sensor", "simulated"];
        var (exit, _, error) = await CliRunner.RunAsync(["agent", "--once", "--data", _temp.Path, .. sensor, flag, value]);
        Assert.Equal(2, exit);
        Assert.StartsWith($"error: {flag}: ", error);
        Assert.Contains(expected, error);
        Assert.DoesNotContain("   at ", error);
    }
}
