using System.Text;
using DataLogger.Ingest;
using DataLogger.Readings;

namespace DataLogger.Core.Tests;

/// <summary>
/// Devices' values filed by what their series measures: the payloads in <c>tests/DataLogger.Cli.Tests/Payloads</c>, built
/// from each device project's source (their README names it), read by the MQTT presets and the HTTP ingest reader.
/// </summary>
public sealed class StationIngestTests
{
    static readonly DateTimeOffset Now = new(2026, 7, 14, 13, 45, 0, TimeSpan.Zero);

    static readonly Station Pool = new(
        ["pool", "air", "humidity", "heater", "pump-power", "pump-energy", "pressure", "ph"],
        Station.Parse("humidity=humidity,heater=state,pump-power=power,pump-energy=energy,pressure=pressure,ph=ph"));

    static string Payload(string name)
    {
        var folder = AppContext.BaseDirectory;
        while (!File.Exists(Path.Join(folder, "DataLogger.slnx")))
        {
            folder = Path.GetDirectoryName(folder) ?? throw new InvalidOperationException("the repository's root is not above the tests");
        }

        return File.ReadAllText(Path.Join(folder, "tests/DataLogger.Cli.Tests/Payloads", name));
    }

    static List<(string Series, double Value)> Read(MqttSubscription subscription, string payload) =>
        [.. subscription.Read(Encoding.UTF8.GetBytes(payload)).Readings.Select(r => (r.Series, r.Value))];

    [Fact]
    public void Tasmota_gives_a_probe_an_am2301s_temperature_and_humidity_and_its_relays_state_each_to_its_series()
    {
        var tasmota = new MqttSubscription("tele/poolpump/+", MqttPreset.Tasmota, null, new Dictionary<string, string>
        {
            ["DS18B20"] = "pool",
            ["AM2301"] = "air",
            ["AM2301.Humidity"] = "humidity",
            ["POWER"] = "heater",
            ["ENERGY.Power"] = "pump-power",
            ["ENERGY.Total"] = "pump-energy",
        });

        Assert.Equal([("pool", 27.8), ("air", 24.7), ("humidity", 57.3)], Read(tasmota, Payload("tasmota-sensor-ds18b20-am2301.json")));
        Assert.Equal([("heater", 1.0)], Read(tasmota, Payload("tasmota-state-power.json")));
        Assert.Equal([("heater", 0.0)], Read(tasmota, Payload("tasmota-result-power-off.json")));
        Assert.Equal([("pump-power", 743.0), ("pump-energy", 187.342)], Read(tasmota, Payload("tasmota-sensor-energy.json")));
    }

    [Fact]
    public void Zigbee2mqtt_gives_the_temperature_to_its_series_and_each_mapped_field_to_its_own()
    {
        var sensor = new MqttSubscription("zigbee2mqtt/garden", MqttPreset.Zigbee2Mqtt, "air", new Dictionary<string, string> { ["humidity"] = "humidity", ["pressure"] = "pressure" });
        Assert.Equal([("air", 24.73), ("humidity", 57.31), ("pressure", 1011.6)], Read(sensor, Payload("zigbee2mqtt-th-sensor.json")));
    }

    [Fact]
    public void A_shellys_token_in_its_path_is_taken_since_it_adds_its_own_query_to_the_url_and_no_other_route_takes_one()
    {
        var ht = new IngestDevice("ht", "0123456789abcdef0123", null, new Dictionary<string, string> { ["shellyht-A1B2C3"] = "pool" });
        var reader = new IngestReader([ht], Pool);
        Assert.Equal(IngestFormat.Shelly, IngestReader.FormatOf("GET", "/api/shelly/0123456789abcdef0123"));
        Assert.Equal(IngestFormat.Ecowitt, IngestReader.FormatOf("POST", "/api/ecowitt/0123456789abcdef0123/"));
        Assert.Null(IngestReader.FormatOf("POST", "/api/readings/0123456789abcdef0123"));
        Assert.Null(IngestReader.FormatOf("POST", "/api/shelly/0123456789abcdef0123"));
        var query = new Dictionary<string, string> { ["hum"] = "52", ["temp"] = "26.5", ["id"] = "shellyht-A1B2C3" };
        var request = new IngestRequest("GET", "/api/shelly/0123456789abcdef0123", query, null, null, ReadOnlyMemory<byte>.Empty);
        Assert.Same(ht, reader.Authenticate(request));
        Assert.Null(reader.Authenticate(request with { Path = "/api/shelly/not-its-token" }));
        Assert.Null(reader.Authenticate(request with { Path = "/api/readings/0123456789abcdef0123" }));
        Assert.Equal(26.5, Assert.Single(reader.Read(request, ht, Now).Readings).Reading.Celsius);
    }

    [Fact]
    public void An_ecowitt_gateways_humidity_and_pressure_are_filed_in_their_units_beside_its_temperatures_in_celsius()
    {
        var gateway = new IngestDevice("gw1000", "0123456789abcdef0123", null, new Dictionary<string, string>
        {
            ["tf_ch1"] = "pool", ["tempf"] = "air", ["humidity"] = "humidity", ["baromrelin"] = "pressure",
        });
        var request = new IngestRequest("POST", "/api/ecowitt", new Dictionary<string, string>(), null, "application/x-www-form-urlencoded",
            Encoding.UTF8.GetBytes(Payload("ecowitt-gw1000-humidity.form")));
        var batch = new IngestReader([gateway], Pool).Read(request, gateway, Now);

        var at = new DateTimeOffset(2026, 7, 14, 13, 42, 5, TimeSpan.Zero);
        Assert.Equal(
            [
                ("pool", Reading.Create(at, 27.3)),
                ("air", Reading.Create(at, 29.1)),
                ("humidity", Reading.Create(Quantity.Humidity, at, 57)),
                ("pressure", Reading.Create(Quantity.Pressure, at, 1014.1)),
            ],
            batch.Readings.OrderBy(r => r.Series == "pool" ? 0 : r.Series == "air" ? 1 : r.Series == "humidity" ? 2 : 3));
        Assert.Equal("%", batch.Readings.Single(r => r.Series == "humidity").Reading.Unit);
    }

    [Fact]
    public void Tasmotas_line_protocol_gives_humidity_and_the_relay_by_the_series_they_are_mapped_to()
    {
        var tasmota = new IngestDevice("poolpump", "0123456789abcdef0123", null, new Dictionary<string, string>
        {
            ["temperature,sensor=ds18b20-1"] = "pool",
            ["humidity,sensor=htu21"] = "humidity",
            ["power1"] = "heater",
        });
        var body = """
            temperature,device=poolpump,sensor=ds18b20-1,id=01144A0CB2AA value=27.8
            humidity,device=poolpump,sensor=htu21 value=57.3
            power1,device=poolpump value=1
            uptimesec,device=poolpump value=285704
            """;
        var request = new IngestRequest("POST", "/write", new Dictionary<string, string>(), "Token 0123456789abcdef0123", "text/plain", Encoding.UTF8.GetBytes(body));
        var batch = new IngestReader([tasmota], Pool).Read(request, tasmota, Now);

        Assert.Equal(
            [("pool", Reading.Create(Now, 27.8)), ("humidity", Reading.Create(Quantity.Humidity, Now, 57.3)), ("heater", Reading.Create(Quantity.State, Now, 1))],
            batch.Readings);
        Assert.Single(batch.Ignored);

        // A humidity mapped nowhere is said as what it is, with what to write.
        var pool = new IngestDevice("pool-only", "0123456789abcdef0123", null, new Dictionary<string, string> { ["temperature,sensor=ds18b20-1"] = "pool" });
        var only = new IngestReader([pool], Pool).Read(request, pool, Now);
        Assert.Contains(only.Ignored, i => i.Item1.StartsWith("humidity,", StringComparison.Ordinal)
            && i.Item2 == "not a temperature but a humidity: map it to a series of its own that measures it, \"quantities\": {\"SERIES\": \"humidity\"}");
    }

    [Fact]
    public void Our_json_takes_a_value_in_the_series_unit_and_refuses_another_unit_or_a_value_out_of_its_range()
    {
        var meter = new IngestDevice("ph-meter", "0123456789abcdef0123", "ph", new Dictionary<string, string>());
        IngestBatch Post(string json) => new IngestReader([meter], Pool).Read(
            new IngestRequest("POST", "/api/readings", new Dictionary<string, string>(), null, "application/json", Encoding.UTF8.GetBytes(json)), meter, Now);

        Assert.Equal(Reading.Create(Quantity.Ph, 1784036400, 7.42), Post("""{"timestamp":1784036400,"value":7.42}""").Readings[0].Reading);
        Assert.Equal(Reading.Create(Quantity.Ph, 1784036400, 7.42), Post("""{"timestamp":1784036400,"value":7.42,"unit":"pH"}""").Readings[0].Reading);
        Assert.Contains("its series measures ph in pH, not a temperature", Assert.Throws<IngestRefusedException>(() => Post("""{"timestamp":1784036400,"celsius":27.3}""")).Message);
        Assert.Contains("pH 15 is outside the supported range 0 to 14", Assert.Throws<IngestRefusedException>(() => Post("""{"timestamp":1784036400,"value":15}""")).Message);
    }

    [Fact]
    public void A_shelly_plugs_relay_power_and_meter_each_go_to_their_series_in_their_units()
    {
        var plug = new MqttSubscription("+/events/rpc", MqttPreset.Shelly, null, new Dictionary<string, string>
        {
            ["switch:0"] = "heater", ["switch:0.apower"] = "pump-power", ["switch:0.aenergy.total"] = "pump-energy",
        });
        var read = plug.Read(Encoding.UTF8.GetBytes(Payload("shelly-plus-plug-switch-status.json")));
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1784036528370);
        Assert.Equal([("heater", 1.0, (DateTimeOffset?)at), ("pump-power", 743.2, at), ("pump-energy", 18.734512, at)], read.Readings);
        Assert.Empty(read.Failed);

        // A NotifyStatus of what changed only (the relay off): the others are not in it, and not failures.
        read = plug.Read("""{"src":"shellyplusplugs-e465b8a1c2d4","method":"NotifyStatus","params":{"ts":1784036600.00,"switch:0":{"id":0,"output":false}}}"""u8);
        Assert.Equal([("heater", 0.0, (DateTimeOffset?)DateTimeOffset.FromUnixTimeSeconds(1784036600))], read.Readings);
        Assert.Empty(read.Failed);
    }
}
