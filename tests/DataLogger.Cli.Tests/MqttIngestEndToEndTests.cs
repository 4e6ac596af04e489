using System.Globalization;
using DataLogger.Readings;
using DataLogger.Testing;

namespace DataLogger.Cli.Tests;

/// <summary>
/// Readings from MQTT into the real <c>run</c>, published with Debian's <c>mosquitto_pub</c> (mosquitto-clients,
/// installed by the fixture when missing) to a real Mosquitto, in each device's shape as its documentation shows it:
/// Tasmota's <c>tele/…/SENSOR</c> with two DS18B20 (tasmota.github.io, DS18x20), ESPHome's state topic with the number
/// alone (esphome.io, MQTT client), Zigbee2MQTT's device topic (zigbee2mqtt.io, an Aqara WSDCGQ11LM's exposes), a
/// Shelly Plus H&amp;T's <c>NotifyStatus</c> on <c>…/events/rpc</c> (Shelly's Gen2 API, notifications). Each lands once;
/// a retained message from before and a message delivered twice are not readings again.
/// </summary>
public sealed class MqttIngestEndToEndTests : IDisposable
{
    readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    string Bucket => _temp.Combine("data", "bucket");

    List<Reading> Stored(string series) => Directory.Exists(Path.Join(Bucket, series))
        ? [.. Directory.GetFiles(Path.Join(Bucket, series), "*.json", SearchOption.AllDirectories).Where(f => !f.Contains("/aside/", StringComparison.Ordinal)).Select(f => ReadingJson.Decode(File.ReadAllBytes(f))).OrderBy(r => r.Timestamp)]
        : [];

    static async Task PublishAsync(int port, string topic, string payload, bool retain = false)
    {
        var start = new System.Diagnostics.ProcessStartInfo("mosquitto_pub") { RedirectStandardError = true };
        foreach (var a in new[] { "-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-q", "1", "-t", topic, "-m", payload }.Concat(retain ? ["-r"] : []))
        {
            start.ArgumentList.Add(a);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(process.ExitCode == 0, await process.StandardError.ReadToEndAsync());
    }

    static async Task<T> EventuallyAsync<T>(Func<T> read, Func<T, bool> done)
    {
        var value = read();
        for (var i = 0; i < 100 && !done(value); i++)
        {
            await Task.Delay(100);
            value = read();
        }

        return value;
    }

    [Fact]
    public async Task Tasmota_esphome_zigbee2mqtt_and_shelly_messages_each_land_once()
    {
        await DebianPackages.EnsureAsync("mosquitto_pub (mosquitto-clients)", () => Task.FromResult(File.Exists("/usr/bin/mosquitto_pub")), "mosquitto-clients");
        await using var broker = await Mosquitto.StartAsync(_temp.Combine("broker"));
        File.WriteAllText(_temp.Combine("datalogger.json"), $$"""
            {
              "sensor": "simulated", "series": "air", "timeZone": "UTC", "mqtt": "{{broker.Url}}",
              "ingest": { "mqtt": [
                { "preset": "tasmota", "topic": "tele/pool-esp/SENSOR", "map": { "DS18B20-1": "pool", "0114502E3BAA": "spa" } },
                { "preset": "esphome", "topic": "garden-esp/sensor/pond_temperature/state", "series": "pond" },
                { "preset": "zigbee2mqtt", "topic": "zigbee2mqtt/shed_sensor", "series": "shed" },
                { "preset": "shelly", "topic": "shellyplusht-08b61fd141e8/events/rpc", "series": "cellar" }
              ] }
            }
            """);

        // Kept by the broker from before run started: not a reading (its time is not known).
        await PublishAsync(broker.Port, "garden-esp/sensor/pond_temperature/state", "11.50", retain: true);
        using var run = Running.Start(["run", "--data", _temp.Combine("data"), "--port", "0"], workingDirectory: _temp.Path);
        await run.WaitForLineAsync("^Serving ");
        await run.WaitForLineAsync("Taking readings from tele/pool-esp/SENSOR");

        await PublishAsync(broker.Port, "tele/pool-esp/SENSOR", """{"Time":"2026-12-04T17:19:36","DS18B20-1":{"Id":"01144A0CB2AA","Temperature":27.4},"DS18B20-2":{"Id":"0114502E3BAA","Temperature":37.9},"TempUnit":"C"}""");
        await PublishAsync(broker.Port, "garden-esp/sensor/pond_temperature/state", "12.60");
        await PublishAsync(broker.Port, "zigbee2mqtt/shed_sensor", """{"battery":100,"humidity":58.3,"linkquality":120,"power_outage_count":3,"pressure":1012.4,"temperature":8.25,"voltage":3025}""");
        var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 90;
        var shelly = """{"src":"shellyplusht-08b61fd141e8","dst":"shellyplusht-08b61fd141e8/events","method":"NotifyStatus","params":{"ts":TS.52,"temperature:0":{"id":0,"tC":14.4,"tF":57.9}}}"""
            .Replace("TS", ts.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        await PublishAsync(broker.Port, "shellyplusht-08b61fd141e8/events/rpc", shelly);
        await PublishAsync(broker.Port, "shellyplusht-08b61fd141e8/events/rpc", shelly); // again: the same reading, stored once

        Assert.Equal([27.4], (await EventuallyAsync(() => Stored("pool"), s => s.Count > 0)).Select(r => r.Celsius));
        Assert.Equal([37.9], (await EventuallyAsync(() => Stored("spa"), s => s.Count > 0)).Select(r => r.Celsius));
        Assert.Equal([12.6], (await EventuallyAsync(() => Stored("pond"), s => s.Count > 0)).Select(r => r.Celsius));
        Assert.Equal([8.25], (await EventuallyAsync(() => Stored("shed"), s => s.Count > 0)).Select(r => r.Celsius));
        var cellar = await EventuallyAsync(() => Stored("cellar"), s => s.Count > 0);
        Assert.Equal([(ts, 14.4)], cellar.Select(r => (r.Timestamp, r.Celsius)));

        // The Tasmota message delivered again within the minute (a QoS 1 redelivery) is not a second reading.
        await Task.Delay(1100);
        await PublishAsync(broker.Port, "tele/pool-esp/SENSOR", """{"Time":"2026-12-04T17:19:36","DS18B20-1":{"Id":"01144A0CB2AA","Temperature":27.4},"DS18B20-2":{"Id":"0114502E3BAA","Temperature":37.9},"TempUnit":"C"}""");
        await Task.Delay(1000);
        Assert.Single(Stored("pool"));
        Assert.Single(Stored("cellar"));

        // Home Assistant finds the series devices send too, with their newest reading.
        await using (var ha = await MqttWatcher.StartAsync(broker.Port, "homeassistant/#", "datalogger/#"))
        {
            using var config = System.Text.Json.JsonDocument.Parse(await ha.WaitForAsync("homeassistant/sensor/datalogger_shed/temperature/config"));
            Assert.Equal("sensor.shed_temperature", config.RootElement.GetProperty("default_entity_id").GetString());
            Assert.Equal("a device (HTTP or MQTT)", config.RootElement.GetProperty("device").GetProperty("model").GetString());
            using var state = System.Text.Json.JsonDocument.Parse(await ha.WaitForAsync("datalogger/shed/state"));
            Assert.Equal(8.25, state.RootElement.GetProperty("celsius").GetDouble());
        }

        // Each series is drawn: its own page in the overview.
        var page = await EventuallyAsync(() => File.Exists(_temp.Combine("data", "site", "shed", "index.html")) ? File.ReadAllText(_temp.Combine("data", "site", "shed", "index.html")) : string.Empty, p => p.Contains("8.2", StringComparison.Ordinal) || p.Contains("8.3", StringComparison.Ordinal));
        Assert.Contains("<h1>Shed</h1>", page);
    }

    [Fact]
    public async Task A_tasmotas_probe_am2301_and_relay_and_a_zigbee_sensors_humidity_land_in_their_series_and_home_assistant_finds_each_by_its_class()
    {
        await DebianPackages.EnsureAsync("mosquitto_pub (mosquitto-clients)", () => Task.FromResult(File.Exists("/usr/bin/mosquitto_pub")), "mosquitto-clients");
        await using var broker = await Mosquitto.StartAsync(_temp.Combine("broker"));
        File.WriteAllText(_temp.Combine("datalogger.json"), $$"""
            {
              "sensor": "simulated", "series": "spare", "timeZone": "UTC", "mqtt": "{{broker.Url}}",
              "quantities": { "humidity": "humidity", "heater": "state", "garden-humidity": "humidity", "garden-battery": "battery" },
              "ingest": { "mqtt": [
                { "preset": "tasmota", "topic": "+/poolpump/+", "map": { "DS18B20": "pool", "AM2301": "air", "AM2301.Humidity": "humidity", "POWER": "heater" } },
                { "preset": "zigbee2mqtt", "topic": "zigbee2mqtt/garden", "series": "garden", "map": { "humidity": "garden-humidity", "battery": "garden-battery" } }
              ] }
            }
            """);
        using var run = Running.Start(["run", "--data", _temp.Combine("data"), "--port", "0"], workingDirectory: _temp.Path);
        await run.WaitForLineAsync("^Serving ");
        await run.WaitForLineAsync("Taking readings from \\+/poolpump/\\+");

        // Tasmota's SENSOR (a DS18B20 and an AM2301), then its STATE with the relay on, then a RESULT with it off.
        await PublishAsync(broker.Port, "tele/poolpump/SENSOR", Payload("tasmota-sensor-ds18b20-am2301.json"));
        await PublishAsync(broker.Port, "tele/poolpump/STATE", Payload("tasmota-state-power.json"));
        await PublishAsync(broker.Port, "zigbee2mqtt/garden", Payload("zigbee2mqtt-th-sensor.json"));
        Assert.Equal([27.8], (await EventuallyAsync(() => Stored("pool"), s => s.Count > 0)).Select(r => r.Celsius));
        Assert.Equal([24.7], (await EventuallyAsync(() => Stored("air"), s => s.Count > 0)).Select(r => r.Celsius));
        Assert.Equal([(57.3, "%")], (await EventuallyAsync(() => Stored("humidity"), s => s.Count > 0)).Select(r => (r.Value, r.Unit)));
        Assert.Equal([(1.0, "on/off")], (await EventuallyAsync(() => Stored("heater"), s => s.Count > 0)).Select(r => (r.Value, r.Unit)));
        Assert.Equal([(57.3, "%")], (await EventuallyAsync(() => Stored("garden-humidity"), s => s.Count > 0)).Select(r => (r.Value, r.Unit)));
        Assert.Equal([(83.0, "%")], (await EventuallyAsync(() => Stored("garden-battery"), s => s.Count > 0)).Select(r => (r.Value, r.Unit)));
        Assert.Equal([24.73], (await EventuallyAsync(() => Stored("garden"), s => s.Count > 0)).Select(r => r.Celsius));

        await Task.Delay(1100); // the next second: a reading of its own
        await PublishAsync(broker.Port, "stat/poolpump/RESULT", Payload("tasmota-result-power-off.json"));
        Assert.Equal([1.0, 0.0], (await EventuallyAsync(() => Stored("heater"), s => s.Count > 1)).Select(r => r.Value));

        // Home Assistant finds each by its quantity: the humidity a humidity sensor in %, the heater a binary sensor whose
        // state follows the value, the battery a battery.
        await using var ha = await MqttWatcher.StartAsync(broker.Port, "homeassistant/#", "datalogger/#");
        using (var humidity = System.Text.Json.JsonDocument.Parse(await ha.WaitForAsync("homeassistant/sensor/datalogger_humidity/humidity/config")))
        {
            Assert.Equal(("humidity", "%"), (humidity.RootElement.GetProperty("device_class").GetString(), humidity.RootElement.GetProperty("unit_of_measurement").GetString()));
        }

        using (var heater = System.Text.Json.JsonDocument.Parse(await ha.WaitForAsync("homeassistant/binary_sensor/datalogger_heater/state/config")))
        {
            Assert.Equal("binary_sensor.heater_state", heater.RootElement.GetProperty("default_entity_id").GetString());
            Assert.False(heater.RootElement.TryGetProperty("expire_after", out _));
        }

        using (var battery = System.Text.Json.JsonDocument.Parse(await ha.WaitForAsync("homeassistant/sensor/datalogger_garden-battery/battery/config")))
        {
            Assert.Equal("battery", battery.RootElement.GetProperty("device_class").GetString());
        }

        using var state = System.Text.Json.JsonDocument.Parse(await ha.WaitForAsync("datalogger/heater/state"));
        Assert.Equal((0.0, "on/off"), (state.RootElement.GetProperty("value").GetDouble(), state.RootElement.GetProperty("unit").GetString()));
    }

    static string Payload(string name) => File.ReadAllText(Path.Join(AppContext.BaseDirectory, "Payloads", name)).Trim();

    [Fact]
    public async Task A_failed_probe_keeps_its_siblings_is_said_once_per_topic_and_a_shelly_add_on_maps_by_its_component()
    {
        await DebianPackages.EnsureAsync("mosquitto_pub (mosquitto-clients)", () => Task.FromResult(File.Exists("/usr/bin/mosquitto_pub")), "mosquitto-clients");
        await using var broker = await Mosquitto.StartAsync(_temp.Combine("broker"));
        File.WriteAllText(_temp.Combine("datalogger.json"), $$"""
            {
              "sensor": "simulated", "series": "air", "timeZone": "UTC", "mqtt": "{{broker.Url}}",
              "ingest": { "mqtt": [
                { "preset": "tasmota", "topic": "tele/pool-esp/SENSOR", "map": { "DS18B20-1": "pool", "0114502E3BAA": "spa", "DS18B20-3": "pond" } },
                { "preset": "tasmota", "topic": "tele/tub-esp/SENSOR", "map": { "DS18B20-1": "tub", "DS18B20-2": "shed" } },
                { "preset": "shelly", "topic": "shellyplus1-a8032ab12345/events/rpc", "map": { "temperature:100": "cellar", "temperature:101": "garage" } }
              ] }
            }
            """);
        using var run = Running.Start(["run", "--data", _temp.Combine("data"), "--port", "0"], workingDirectory: _temp.Path);
        await run.WaitForLineAsync("Taking readings from tele/pool-esp/SENSOR");

        // Three messages, DS18B20-2 null in each (each its own Time, so none is a redelivery): its siblings are stored.
        var failed = Payload("tasmota-sensor-ds18b20-null.json");
        foreach (var second in new[] { "36", "46", "56" })
        {
            await PublishAsync(broker.Port, "tele/pool-esp/SENSOR", failed.Replace("17:19:36", "17:19:" + second, StringComparison.Ordinal));
        }

        Assert.Equal(27.4, (await EventuallyAsync(() => Stored("pool"), s => s.Count > 0))[0].Celsius);
        Assert.Equal(12.3, (await EventuallyAsync(() => Stored("pond"), s => s.Count > 0))[0].Celsius);

        // A string where the number belongs, on another topic; a Shelly add-on's probe with "tC": null beside a good one.
        await PublishAsync(broker.Port, "tele/tub-esp/SENSOR", Payload("tasmota-sensor-ds18b20-string.json"));
        await PublishAsync(broker.Port, "shellyplus1-a8032ab12345/events/rpc", Payload("shelly-addon-notifystatus-null.json"));
        Assert.Equal([38.1], (await EventuallyAsync(() => Stored("tub"), s => s.Count > 0)).Select(r => r.Celsius));
        Assert.Equal([(1796400000L, 27.1)], (await EventuallyAsync(() => Stored("cellar"), s => s.Count > 0)).Select(r => (r.Timestamp, r.Celsius)));
        await run.WaitForLineAsync(@"DS18B20-2 \(Id 0114502E3BAA\) on tele/tub-esp/SENSOR gave no reading for 'shed': its Temperature is ""NaN"", no number");
        await run.WaitForLineAsync(@"temperature:101 on shellyplus1-a8032ab12345/events/rpc gave no reading for 'garage': its tC is null, no number");

        // Said once for the three messages; once it reads again that is said, and a new failure is said anew.
        Assert.Single(run.Output, l => l.Contains("DS18B20-2 (Id 0114502E3BAA) on tele/pool-esp/SENSOR gave no reading for 'spa': its Temperature is null", StringComparison.Ordinal));
        await PublishAsync(broker.Port, "tele/pool-esp/SENSOR", failed.Replace("\"Temperature\":null", "\"Temperature\":37.9", StringComparison.Ordinal));
        Assert.Equal(37.9, (await EventuallyAsync(() => Stored("spa"), s => s.Count > 0))[0].Celsius);
        await run.WaitForLineAsync("'spa' on tele/pool-esp/SENSOR gives readings again");
        await PublishAsync(broker.Port, "tele/pool-esp/SENSOR", failed.Replace("17:19:36", "17:20:06", StringComparison.Ordinal));
        for (var i = 0; i < 100 && run.Output.Count(l => l.Contains("on tele/pool-esp/SENSOR gave no reading for 'spa'", StringComparison.Ordinal)) < 2; i++)
        {
            await Task.Delay(100);
        }

        Assert.Equal(2, run.Output.Count(l => l.Contains("on tele/pool-esp/SENSOR gave no reading for 'spa'", StringComparison.Ordinal)));
    }
}
