using System.Text.Json;
using DataLogger.Readings;
using DataLogger.Testing;

namespace DataLogger.Cli.Tests;

/// <summary>
/// MQTT and Home Assistant through the real executable and a real broker (mosquitto on 127.0.0.1): <c>agent</c> and
/// <c>run</c> publish what Home Assistant's discovery finds; a killed agent goes offline by its last will; a broker
/// that goes away mid-run costs no reading; a refused login is one clear line and the reading is kept.
/// </summary>
public sealed class MqttEndToEndTests : IDisposable
{
    const string PoolId = "28-0316a279c4ff";
    const string SpaId = "28-00000a1b2c3d";

    readonly TempDirectory _temp = new();
    readonly FakeW1Tree _w1;

    public MqttEndToEndTests()
    {
        _w1 = new FakeW1Tree(_temp.Combine("w1"));
        _w1.Probe(PoolId, FakeW1Tree.Good(27312)).Probe(SpaId, FakeW1Tree.Good(38875));
        File.WriteAllText(_temp.Combine("datalogger.json"), $$"""
            {
              "w1Root": "{{_w1.Root}}",
              "timeZone": "UTC",
              "probes": [
                { "id": "{{PoolId}}", "series": "pool", "title": "Our pool" },
                { "id": "{{SpaId}}", "series": "spa" }
              ]
            }
            """);
    }

    public void Dispose() => _temp.Dispose();

    string Bucket => _temp.Combine("bucket");

    string[] AgentArgs(string broker, params string[] more) =>
        ["agent", "--store", "file://" + Bucket, "--spool", _temp.Combine("spool"), "--mqtt", broker, .. more];

    Task<(int Exit, string Out, string Error)> RunAsync(string[] args, IReadOnlyDictionary<string, string>? environment = null) =>
        Executable.RunAsync(args, workingDirectory: _temp.Path, environment: environment);

    List<Reading> InBucket(string series) => Directory.Exists(Path.Join(Bucket, series))
        ? [.. Directory.GetFiles(Path.Join(Bucket, series), "*.json", SearchOption.AllDirectories).Select(f => ReadingJson.Decode(File.ReadAllBytes(f))).OrderBy(r => r.Timestamp)]
        : [];

    [Fact]
    public async Task Agent_once_publishes_each_probe_as_a_home_assistant_device_with_the_reading_it_uploaded()
    {
        await using var broker = await Mosquitto.StartAsync(_temp.Combine("broker"));

        var (exit, output, error) = await RunAsync(AgentArgs(broker.Url, "--once"));

        Assert.True(exit == 0, error + output);
        Assert.Contains("Took 2 of 2 readings; uploaded 2", output);
        Assert.Contains($"Published to mqtt://127.0.0.1:{broker.Port}.", output);

        // Home Assistant, starting later, finds both devices and their states: all retained.
        await using var ha = await MqttWatcher.StartAsync(broker.Port, "homeassistant/#", "datalogger/#");
        foreach (var (series, title, id, celsius) in new[] { ("pool", "Our pool", PoolId, 27.312), ("spa", "Spa", SpaId, 38.875) })
        {
            using var config = JsonDocument.Parse(await ha.WaitForAsync($"homeassistant/sensor/datalogger_{series}/temperature/config"));
            var c = config.RootElement;
            Assert.Equal($"sensor.{series}_temperature", c.GetProperty("default_entity_id").GetString());
            Assert.Equal($"datalogger/{series}/state", c.GetProperty("state_topic").GetString());
            Assert.Equal(900, c.GetProperty("expire_after").GetInt32()); // three 5-minute intervals
            Assert.Equal(title, c.GetProperty("device").GetProperty("name").GetString());
            Assert.Equal($"DS18B20 {id}", c.GetProperty("device").GetProperty("model").GetString());
            Assert.Equal(id, c.GetProperty("device").GetProperty("serial_number").GetString());

            using var state = JsonDocument.Parse(await ha.WaitForAsync($"datalogger/{series}/state"));
            var uploaded = Assert.Single(InBucket(series));
            Assert.Equal(celsius, state.RootElement.GetProperty("celsius").GetDouble());
            Assert.Equal(uploaded.Timestamp, state.RootElement.GetProperty("timestamp").GetInt64());
            Assert.Equal(id, state.RootElement.GetProperty("sensor").GetString());
        }

        // A cron run stays online between runs (the sensor would show unavailable most of the time otherwise);
        // expire_after marks its state stale when the runs stop.
        var availability = Assert.Single(ha.Latest.Keys, k => k.EndsWith("/availability", StringComparison.Ordinal));
        Assert.Equal("online", ha.Latest[availability]);
        Assert.All(ha.Messages, m => Assert.True(m.Retained, m.Topic));
    }

    [Fact]
    public async Task Run_once_publishes_the_readings_and_the_alerts_as_binary_sensors()
    {
        await using var broker = await Mosquitto.StartAsync(_temp.Combine("broker"));
        using var hook = new HttpReceiver();
        var settings = _temp.Combine("datalogger.json");
        File.WriteAllText(settings, File.ReadAllText(settings).TrimEnd().TrimEnd('}') + $$"""
            ,
              "mqtt": "{{broker.Url}}",
              "mqttDiscoveryPrefix": "ha",
              "alerts": { "above": 35, "notify": ["{{hook.Url}}hook"] }
            }
            """);

        var (exit, output, error) = await RunAsync(["run", "--once", "--data", _temp.Combine("data")]);

        Assert.True(exit == 0, error + output);
        Assert.Contains($"Published to mqtt://127.0.0.1:{broker.Port}.", output);
        await using var ha = await MqttWatcher.StartAsync(broker.Port, "ha/#", "datalogger/#");
        using var alert = JsonDocument.Parse(await ha.WaitForAsync("ha/binary_sensor/datalogger_spa/above/config"));
        Assert.Equal(("heat", "datalogger/spa/alert/above"), (alert.RootElement.GetProperty("device_class").GetString(), alert.RootElement.GetProperty("state_topic").GetString()));
        Assert.Equal("ON", await ha.WaitForAsync("datalogger/spa/alert/above")); // 38.875 °C, above 35
        Assert.Equal("OFF", await ha.WaitForAsync("datalogger/pool/alert/above")); // 27.312 °C
        using var state = JsonDocument.Parse(await ha.WaitForAsync("datalogger/pool/state"));
        Assert.Equal(27.312, state.RootElement.GetProperty("celsius").GetDouble());
        Assert.DoesNotContain(ha.Latest.Keys, k => k.StartsWith("homeassistant/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_killed_agent_goes_offline_by_its_last_will_and_a_stopped_one_says_so_itself()
    {
        await using var broker = await Mosquitto.StartAsync(_temp.Combine("broker"));
        await using var ha = await MqttWatcher.StartAsync(broker.Port, "datalogger/#");

        using (var agent = Running.Start(AgentArgs(broker.Url, "--interval", "1s"), workingDirectory: _temp.Path))
        {
            await ha.WaitForAsync("datalogger/pool/state", within: TimeSpan.FromSeconds(60));
            var availability = Assert.Single(ha.Latest.Keys, k => k.EndsWith("/availability", StringComparison.Ordinal));
            Assert.Equal("online", ha.Latest[availability]);

            await agent.KillAsync(); // SIGKILL: no goodbye, the broker speaks for it
            Assert.Equal("offline", await ha.WaitForAsync(availability, p => p == "offline"));
        }

        using (var agent = Running.Start(AgentArgs(broker.Url, "--interval", "1s"), workingDirectory: _temp.Path))
        {
            var availability = ha.Latest.Keys.Single(k => k.EndsWith("/availability", StringComparison.Ordinal));
            await ha.WaitForAsync(availability, p => p == "online", TimeSpan.FromSeconds(60));
            Assert.Equal(0, await agent.InterruptAsync());
            Assert.Equal("offline", await ha.WaitForAsync(availability, p => p == "offline"));
        }
    }

    [Fact]
    public async Task A_broker_that_goes_away_mid_run_costs_no_reading_and_gets_the_newest_state_when_it_is_back()
    {
        await using var broker = await Mosquitto.StartAsync(_temp.Combine("broker"));
        using var agent = Running.Start(AgentArgs(broker.Url, "--interval", "1s"), workingDirectory: _temp.Path);
        await using (var ha = await MqttWatcher.StartAsync(broker.Port, "datalogger/#"))
        {
            await ha.WaitForAsync("datalogger/pool/state", within: TimeSpan.FromSeconds(60));
        }

        await broker.StopAsync();
        var whenStopped = InBucket("pool").Count;
        await agent.WaitForLineAsync("went away");

        // Readings go on into the bucket while the broker is gone.
        for (var deadline = DateTime.UtcNow.AddSeconds(30); InBucket("pool").Count < whenStopped + 3; await Task.Delay(200))
        {
            Assert.True(DateTime.UtcNow < deadline, "no readings while the broker was away. Its output:\n" + agent);
        }

        // Back (with nothing retained: no persistence): the agent announces itself again and publishes the newest state.
        await broker.StartAgainAsync();
        var newest = InBucket("pool")[^1];
        await using (var ha = await MqttWatcher.StartAsync(broker.Port, "datalogger/#"))
        {
            var state = await ha.WaitForAsync("datalogger/pool/state", p => JsonDocument.Parse(p).RootElement.GetProperty("timestamp").GetInt64() >= newest.Timestamp, TimeSpan.FromSeconds(90));
            Assert.NotNull(state);
            Assert.Equal("online", ha.Latest.Single(m => m.Key.EndsWith("/availability", StringComparison.Ordinal)).Value);
        }

        await agent.WaitForLineAsync("Publishing to the MQTT broker .* again");
        Assert.Equal(0, await agent.InterruptAsync());

        // Every reading was uploaded, each second its own, none lost to the broker's absence.
        var readings = InBucket("pool");
        Assert.True(readings.Count >= whenStopped + 3);
        Assert.Equal(readings.Count, readings.Select(r => r.Timestamp).Distinct().Count());
        // A reading taken as Ctrl+C came may still wait in the (durable) spool for the next start: one per series at most.
        var spool = _temp.Combine("spool");
        var left = Directory.GetFiles(spool, "*.json", SearchOption.AllDirectories);
        Assert.All(left.GroupBy(f => Path.GetRelativePath(spool, f).Split(Path.DirectorySeparatorChar)[0]), series => Assert.Single(series));
        Assert.Single(agent.Output, line => line.Contains("went away", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refused_login_is_one_clear_line_the_reading_is_kept_and_the_right_password_publishes()
    {
        await using var broker = await Mosquitto.StartAsync(_temp.Combine("broker"), user: "pi", password: "s3cret");
        var url = $"mqtt://pi@127.0.0.1:{broker.Port}";

        var (exit, output, error) = await RunAsync(AgentArgs(url, "--once"), new Dictionary<string, string> { ["DATALOGGER_MQTT_PASSWORD"] = "wrong" });

        Assert.True(exit == 0, error + output); // the readings are what matters: they were uploaded
        Assert.Contains("Took 2 of 2 readings; uploaded 2", output);
        Assert.Equal(2, InBucket("pool").Count + InBucket("spa").Count);
        var refused = Assert.Single((error + output).Split('\n'), l => l.Contains("refused the login", StringComparison.Ordinal));
        Assert.Contains("check the user and DATALOGGER_MQTT_PASSWORD", refused);
        Assert.DoesNotContain("wrong", error + output);
        Assert.Contains($"Not published to {url} within 5 s", output);
        Assert.DoesNotContain("   at ", error + output); // no stack trace

        await Task.Delay(1100); // the next reading in the next second
        (exit, output, error) = await RunAsync(AgentArgs(url, "--once"), new Dictionary<string, string> { ["DATALOGGER_MQTT_PASSWORD"] = "s3cret" });
        Assert.True(exit == 0, error + output);
        Assert.Contains($"Published to {url}.", output);
    }

    [Theory]
    [InlineData("http://127.0.0.1:1883", "is not a broker: write mqtt://HOST:1883")]
    [InlineData("mqtt://pi:s3cret@127.0.0.1", "has a password in it: take it out, and set DATALOGGER_MQTT_PASSWORD")]
    public async Task A_bad_broker_url_exits_2_with_what_to_write(string broker, string message)
    {
        var (exit, output, error) = await RunAsync(AgentArgs(broker, "--once"));

        Assert.True(exit == 2, error + output);
        Assert.Contains(message, error);
        Assert.DoesNotContain("s3cret", error); // a password is never echoed
        Assert.DoesNotContain("   at ", error);
        Assert.Empty(InBucket("pool"));
    }
}
