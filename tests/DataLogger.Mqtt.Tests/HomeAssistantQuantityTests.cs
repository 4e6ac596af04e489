using System.Text.Json;
using DataLogger.Readings;
using DataLogger.Testing;

namespace DataLogger.Mqtt.Tests;

/// <summary>
/// Every known quantity's discovery config checked as Home Assistant checks it: its device class one Home Assistant
/// has, its unit one that class takes (<c>DEVICE_CLASS_UNITS</c>), its state class one that class takes
/// (<c>DEVICE_CLASS_STATE_CLASSES</c>), a state a binary sensor of a binary sensor's class. The table is
/// <c>HomeAssistant/device-classes.json</c>, taken from Home Assistant's own source (its <c>source</c> names the commit).
/// A quantity added to <see cref="Quantity.All"/> is checked here without a line more.
/// </summary>
public sealed class HomeAssistantQuantityTests
{
    static readonly JsonDocument Classes = JsonDocument.Parse(File.ReadAllText(Path.Join(RepositoryRoot.Path, "tests/DataLogger.Mqtt.Tests/HomeAssistant/device-classes.json")));

    static readonly HomeAssistant Topics = new(MqttSettings.Parse("mqtt://127.0.0.1"), "datalogger_pi");

    public static TheoryData<string> Quantities => [.. Quantity.All.Select(q => q.Name).Append("number:L/min")];

    static MqttSeries SeriesOf(Quantity quantity) => new("garden", "Garden", "a device (HTTP or MQTT)", TimeSpan.FromMinutes(15), []) { Quantity = quantity };

    [Theory]
    [MemberData(nameof(Quantities))]
    public void Each_quantitys_entity_is_one_home_assistant_takes(string name)
    {
        var quantity = Quantity.Parse(name);
        var series = SeriesOf(quantity);
        using var config = JsonDocument.Parse(Topics.SensorConfig(series));
        var root = config.RootElement;
        var component = quantity.IsState ? "binary_sensor" : "sensor";
        Assert.Equal($"homeassistant/{component}/datalogger_garden/{quantity.Name}/config", Topics.SensorConfigTopic(series));
        Assert.Equal($"{component}.garden_{quantity.Name}", root.GetProperty("default_entity_id").GetString());
        var deviceClass = root.TryGetProperty("device_class", out var c) ? c.GetString() : null;
        Assert.Equal(quantity.DeviceClass, deviceClass);
        if (quantity.IsState)
        {
            Assert.Contains(deviceClass, Classes.RootElement.GetProperty("binarySensor").EnumerateArray().Select(e => e.GetString()));
            Assert.False(root.TryGetProperty("unit_of_measurement", out _));
            Assert.Equal(("ON", "OFF"), (root.GetProperty("payload_on").GetString(), root.GetProperty("payload_off").GetString()));
            return;
        }

        var unit = root.TryGetProperty("unit_of_measurement", out var u) ? u.GetString() : null;
        var stateClass = root.GetProperty("state_class").GetString();
        if (deviceClass is null)
        {
            Assert.Equal(quantity.Unit, unit); // without a class, Home Assistant takes any unit
            Assert.Equal("measurement", stateClass);
            return;
        }

        var rules = Classes.RootElement.GetProperty("sensor").GetProperty(deviceClass);
        var units = rules.GetProperty("units");
        Assert.True(units.ValueKind == JsonValueKind.Null || units.EnumerateArray().Any(e => e.GetString() == unit), $"{deviceClass} does not take the unit '{unit}'");
        Assert.Contains(stateClass, rules.GetProperty("stateClasses").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void A_state_publishes_its_value_and_unit_and_a_temperature_its_celsius_and_fahrenheit_as_before()
    {
        using var ph = JsonDocument.Parse(HomeAssistant.State(Reading.Create(Quantity.Ph, 1796256000, 7.42)));
        Assert.Equal((7.42, "pH"), (ph.RootElement.GetProperty("value").GetDouble(), ph.RootElement.GetProperty("unit").GetString()));
        using var pool = JsonDocument.Parse(HomeAssistant.State(Reading.Create(1796256000, 27.3)));
        Assert.Equal((27.3, 81.14), (pool.RootElement.GetProperty("celsius").GetDouble(), pool.RootElement.GetProperty("fahrenheit").GetDouble()));
        Assert.False(pool.RootElement.TryGetProperty("value", out _));
    }
}
