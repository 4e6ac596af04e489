using System.Text;
using DataLogger.Ingest;

namespace DataLogger.Core.Tests;

/// <summary>Each preset reads its device's messages, as their documentation shows them, and refuses what is not one.</summary>
public sealed class MqttSubscriptionTests
{
    static readonly Dictionary<string, string> None = [];

    static IReadOnlyList<(string Series, double Celsius, DateTimeOffset? Time)> Read(MqttSubscription s, string payload) => s.Read(Encoding.UTF8.GetBytes(payload)).Readings;

    [Fact]
    public void Tasmota_reads_each_mapped_probe_by_name_or_id_in_its_unit()
    {
        var s = new MqttSubscription("tele/+/SENSOR", MqttPreset.Tasmota, null, new Dictionary<string, string> { ["DS18B20-1"] = "pool", ["0114502E3BAA"] = "spa" });
        Assert.Equal([("pool", 22.6, (DateTimeOffset?)null), ("spa", 22.1, null)], Read(s, """{"Time":"2021-01-23T17:19:36","DS18B20-1":{"Id":"01144A0CB2AA","Temperature":22.6},"DS18B20-2":{"Id":"0114502E3BAA","Temperature":22.1},"TempUnit":"C"}"""));
        var fahrenheit = Read(s with { Map = new Dictionary<string, string> { ["DS18B20"] = "pool" } }, """{"Time":"2021-01-23T17:19:36","DS18B20":{"Id":"01144A0CB2AA","Temperature":72.5},"TempUnit":"F"}""");
        Assert.Equal(22.5, fahrenheit[0].Celsius, 6);
        Assert.Throws<FormatException>(() => Read(s, """{"Time":"2021-01-23T17:19:36","ANALOG":{"A0":512}}"""));
    }

    [Fact]
    public void EspHome_zigbee2mqtt_and_json_read_their_number()
    {
        Assert.Equal(12.6, Read(new("x/sensor/t/state", MqttPreset.EspHome, "pond", None), "12.60")[0].Celsius);
        Assert.Throws<FormatException>(() => Read(new("x/sensor/t/state", MqttPreset.EspHome, "pond", None), "unavailable"));
        Assert.Equal(21.5, Read(new("zigbee2mqtt/a", MqttPreset.Zigbee2Mqtt, "shed", None), """{"battery":100,"humidity":58.3,"temperature":21.5,"voltage":3025}""")[0].Celsius);
        Assert.Throws<FormatException>(() => Read(new("zigbee2mqtt/a", MqttPreset.Zigbee2Mqtt, "shed", None), """{"battery":100}"""));
        Assert.Equal(19.75, Read(new("home/pool", MqttPreset.Json, "pool", None, "water.temp.c"), """{"water":{"temp":{"c":19.75,"f":67.55}}}""")[0].Celsius);
        Assert.Equal(18.0, Read(new("home/pool", MqttPreset.Json, "pool", None), "18")[0].Celsius);
        Assert.Throws<FormatException>(() => Read(new("home/pool", MqttPreset.Json, "pool", None, "water.t"), """{"water":{}}"""));
        Assert.Throws<FormatException>(() => Read(new("home/pool", MqttPreset.Json, "pool", None), "{oops"));
    }

    [Fact]
    public void A_shelly_notify_status_gives_each_temperature_at_its_ts_and_other_notices_nothing()
    {
        var s = new MqttSubscription("+/events/rpc", MqttPreset.Shelly, "cellar", new Dictionary<string, string> { ["temperature:100"] = "pool" });
        var readings = Read(s, """{"src":"shellyplus1-a8032ab12345","method":"NotifyStatus","params":{"ts":1796256000.52,"temperature:0":{"id":0,"tC":14.4,"tF":57.9},"temperature:100":{"id":100,"tC":27.1,"tF":80.8}}}""");
        Assert.Equal([("cellar", 14.4), ("pool", 27.1)], readings.Select(r => (r.Series, r.Celsius)));
        Assert.All(readings, r => Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1796256000520), r.Time));
        Assert.Empty(Read(s, """{"src":"shellyplusht-08b61fd141e8","method":"NotifyEvent","params":{"ts":1796256000.1,"events":[{"component":"sys","event":"sleep"}]}}"""));
    }

    [Fact]
    public void A_failed_probe_costs_its_siblings_nothing_and_is_named_with_why()
    {
        // Tasmota writes a probe it could not read as null (ext_printf's %_f of NaN); a string where a number belongs.
        var tasmota = new MqttSubscription("tele/pool-esp/SENSOR", MqttPreset.Tasmota, null, new Dictionary<string, string> { ["DS18B20-1"] = "pool", ["0114502E3BAA"] = "spa", ["DS18B20-3"] = "pond" });
        var read = tasmota.Read("""{"Time":"2026-12-04T17:19:36","DS18B20-1":{"Id":"01144A0CB2AA","Temperature":27.4},"DS18B20-2":{"Id":"0114502E3BAA","Temperature":null},"DS18B20-3":{"Id":"011450A1C2FF","Temperature":"NaN"},"TempUnit":"C"}"""u8);
        Assert.Equal([("pool", 27.4, (DateTimeOffset?)null)], read.Readings);
        Assert.Equal([("DS18B20-2 (Id 0114502E3BAA)", "spa"), ("DS18B20-3 (Id 011450A1C2FF)", "pond")], read.Failed.Select(f => (f.Sensor, f.Series)));
        Assert.StartsWith("its Temperature is null, no number: a failed probe", read.Failed[0].Why, StringComparison.Ordinal);
        Assert.StartsWith("its Temperature is \"NaN\", no number", read.Failed[1].Why, StringComparison.Ordinal);
        Assert.Equal([("pool", 22.5, (DateTimeOffset?)null)], tasmota.Read("""{"DS18B20-1":{"Id":"01144A0CB2AA","Temperature":"22.5"}}"""u8).Readings); // a number as text is one

        // A Shelly add-on's probe with no valid value: "tC": null, beside a good one.
        var shelly = new MqttSubscription("+/events/rpc", MqttPreset.Shelly, null, new Dictionary<string, string> { ["temperature:100"] = "pool", ["temperature:101"] = "spa" });
        read = shelly.Read("""{"src":"shellyplus1-a8032ab12345","method":"NotifyStatus","params":{"ts":1796400000.52,"temperature:100":{"id":100,"tC":27.1,"tF":80.8},"temperature:101":{"id":101,"tC":null,"tF":null}}}"""u8);
        Assert.Equal([("pool", 27.1)], read.Readings.Select(r => (r.Series, r.Value)));
        Assert.Equal([("temperature:101", "spa")], read.Failed.Select(f => (f.Sensor, f.Series)));

        // Only a message with nothing mapped at all is not a reading; an array or a bare word is no message of these.
        Assert.Throws<FormatException>(() => tasmota.Read("""{"DS18B20-9":{"Id":"FFFFFFFFFFFF","Temperature":null}}"""u8));
        Assert.Throws<FormatException>(() => tasmota.Read("[1,2]"u8));
        Assert.Empty(shelly.Read("[1,2]"u8).Readings);
    }
}
