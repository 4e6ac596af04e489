using DataLogger.Testing;

namespace DataLogger.Cli.Tests;

/// <summary>
/// The settings file is checked before any setting is read, by the real executable: a misspelt key, a list written as
/// an object, a JSON mistake are each one line that names the place, the file and what to write, exit 2, for run and
/// agent alike, and doctor's ✗ settings line; a key one command reads is known to the others, a map's keys are the
/// user's, and keys are read whatever their case.
/// </summary>
public sealed class SettingsFileTests : IDisposable
{
    const string Token = "0b1d5b8a6f2c4e9d0b1d";
    readonly TempDirectory _temp = new();
    readonly FakeW1Tree _w1;

    public SettingsFileTests() => _w1 = new FakeW1Tree(_temp.Combine("w1")).Probe(FakeW1Tree.GoodId, FakeW1Tree.Good(27125));

    public void Dispose() => _temp.Dispose();

    // A file that works for run and agent alike (the fake probe, a trusted clock), with more settings in it.
    string Config(string more)
    {
        var path = _temp.Combine("datalogger.json");
        File.WriteAllText(path, $$"""{"sensor": "onewire", "w1Root": "{{_w1.Root}}", "clock": "trusted"{{(more.Length > 0 ? ", " + more : string.Empty)}}}""");
        return path;
    }

    Task<(int Exit, string Out, string Error)> RunAsync(string command, string config) => command switch
    {
        "run" => Executable.RunAsync(["run", "--once", "--config", config, "--data", _temp.Combine("data"), "--port", "0"]),
        "agent" => Executable.RunAsync(["agent", "--once", "--config", config, "--data", _temp.Combine("data"), "--store", "file://" + _temp.Combine("bucket")]),
        _ => Executable.RunAsync(["doctor", "--config", config, "--data", _temp.Combine("data")]),
    };

    void AssertOneLine(string expected, (int Exit, string Out, string Error) result)
    {
        Assert.True(result.Exit == 2, $"exit {result.Exit}: {result.Out}{result.Error}");
        Assert.Equal("error: " + expected, result.Error.TrimEnd());
        Assert.Equal(string.Empty, result.Out);
        Assert.False(Directory.Exists(_temp.Combine("bucket")) || Directory.Exists(_temp.Combine("data", "bucket")), "nothing is stored");
    }

    [Theory]
    [InlineData("run", "\"targt\": 28", "\"targt\"", "did you mean \"target\"?")]
    [InlineData("agent", "\"intervall\": \"5m\"", "\"intervall\"", "did you mean \"interval\"?")]
    [InlineData("run", "\"ingest\": {\"devicez\": [{\"name\": \"esp\", \"token\": \"" + Token + "\", \"series\": \"spa\"}]}", "\"ingest.devicez\"", "did you mean \"devices\"?")]
    [InlineData("run", "\"alerts\": {\"abov\": 30}", "\"alerts.abov\"", "did you mean \"above\"?")]
    [InlineData("run", "\"alerts:abov\": 30", "\"alerts.abov\"", "did you mean \"alerts:above\"?")]
    [InlineData("agent", "\"probes\": [{\"id\": \"" + FakeW1Tree.GoodId + "\", \"seires\": \"pool\"}]", "\"probes.0.seires\"", "did you mean \"series\"?")]
    [InlineData("agent", "\"w1-root\": \"/sys/bus/w1/devices\"", "\"w1-root\"", "did you mean \"w1Root\"?")]
    [InlineData("run", "\"colour\": \"blue\"", "\"colour\"", "the settings are series, title, target, ambient, interval, sensor, w1Root, offset, range, clock, timeZone, store, s3Endpoint, spool, concurrency, backfill, port, bind, viewerKey, mqtt, mqttDiscoveryPrefix, data, probes, quantities, alerts, ingest")]
    public async Task An_unknown_key_is_one_line_with_the_file_and_the_nearest_known_key(string command, string typo, string place, string hint)
    {
        var config = Config(typo);

        var result = await RunAsync(command, config);

        AssertOneLine($"{place} in {config} is not a setting: {hint}", result);
    }

    [Fact]
    public async Task Doctor_shows_an_unknown_key_as_its_settings_line()
    {
        var config = Config("\"targt\": 28");

        var (exit, output, _) = await RunAsync("doctor", config);

        Assert.Equal(1, exit);
        Assert.Contains($"✗ settings: \"targt\" in {config} is not a setting: did you mean \"target\"?; fix: correct it in {config}", output.Split('\n'));
    }

    [Theory]
    [InlineData("run", "\"probes\": {\"id\": \"" + FakeW1Tree.GoodId + "\"}", "\"probes\"", "[ {\"id\": ...} ]")]
    [InlineData("agent", "\"probes\": {\"id\": \"" + FakeW1Tree.GoodId + "\", \"series\": \"pool\"}", "\"probes\"", "[ {\"id\": ...} ]")]
    [InlineData("run", "\"ingest\": {\"devices\": {\"name\": \"esp\", \"token\": \"" + Token + "\", \"series\": \"spa\"}}", "\"ingest.devices\"", "[ {\"name\": ..., \"token\": ...} ]")]
    [InlineData("run", "\"mqtt\": \"mqtt://127.0.0.1:1\", \"ingest\": {\"mqtt\": {\"topic\": \"tele/pool-esp/SENSOR\", \"series\": \"spa\"}}", "\"ingest.mqtt\"", "[ {\"topic\": ..., \"series\": ...} ]")]
    public async Task A_list_written_as_an_object_is_one_line_that_shows_the_list(string command, string settings, string place, string example)
    {
        var config = Config(settings);

        var result = await RunAsync(command, config);

        AssertOneLine($"{place} in {config} must be a list: {example}", result);
        Assert.DoesNotContain("Unhandled", result.Error);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("agent")]
    [InlineData("doctor")]
    public async Task A_JSON_mistake_says_its_line_and_column_and_what_is_wrong(string command)
    {
        var config = _temp.Combine("datalogger.json");
        await File.WriteAllTextAsync(config, """
            {
              "sensor": "simulated", // a comment
              "title": "Pool °C" "series": "pool"
            }
            """);

        var result = await RunAsync(command, config);

        // The column counts characters (° is two bytes): the second " on line 3 is the 22nd.
        Assert.Equal(2, result.Exit);
        Assert.Equal($"error: the configuration file {config} cannot be read: line 3, column 22: '\"' is invalid after a value. Expected either ',', '}}', or ']'.", result.Error.TrimEnd());
    }

    [Fact]
    public async Task Comments_and_trailing_commas_are_still_read()
    {
        var config = _temp.Combine("datalogger.json");
        await File.WriteAllTextAsync(config, $$"""
            // The pool.
            {
              "sensor": "onewire", "w1Root": "{{_w1.Root}}", "clock": "trusted",
              "probes": [ { "id": "{{FakeW1Tree.GoodId}}", "series": "pool", }, ], /* one probe */
            }
            """);

        var (exit, output, error) = await RunAsync("run", config);

        Assert.True(exit == 0, output + error);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("agent")]
    public async Task A_key_any_command_reads_is_known_to_all_and_a_maps_keys_are_the_users(string command)
    {
        // run's own (port, alerts, ingest with its maps, a goal) and the agent's own (store, spool, concurrency), any case.
        var config = Config($$$"""
            "PORT": 0, "bind": "127.0.0.1", "backfill": "0", "TimeZone": "UTC", "target": 28, "mqttDiscoveryPrefix": "homeassistant",
            "spool": "{{{_temp.Combine("spool")}}}", "concurrency": 2, "s3Endpoint": "http://127.0.0.1:9",
            "probes": [{"id": "{{{FakeW1Tree.GoodId}}}", "series": "pool", "title": "Pool", "offset": 0, "range": "0..40", "target": 28, "alerts": {"hysteresis": 0.5, "for": "10m"}}],
            "alerts": {"Repeat": "6h", "offlineAfter": "off", "reached": "off"},
            "ingest": {"devices": [{"name": "shelly", "token": "{{{Token}}}", "map": {"temperature:100": "spa", "temp,device=0000:00:18.3": "cpu"}}],
                       "perMinute": 60, "maxBytes": 262144}
            """);

        var (exit, output, error) = await RunAsync(command, config);

        Assert.True(exit == 0, output + error);
    }
}
