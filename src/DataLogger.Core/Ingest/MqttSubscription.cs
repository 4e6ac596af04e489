using System.Globalization;
using System.Text;
using System.Text.Json;

namespace DataLogger.Ingest;

/// <summary>How a device shapes its MQTT messages.</summary>
public enum MqttPreset
{
    /// <summary>Tasmota's <c>tele/TOPIC/SENSOR</c>: <c>{"DS18B20":{"Id":"0316A279C4FF","Temperature":22.6},"TempUnit":"C"}</c>, several as <c>DS18B20-1</c>, <c>DS18B20-2</c>.</summary>
    Tasmota,

    /// <summary>ESPHome's state topic (<c>pool-esp/sensor/pool_temperature/state</c>): the number alone, <c>22.60</c>.</summary>
    EspHome,

    /// <summary>Zigbee2MQTT's device topic (<c>zigbee2mqtt/pool_sensor</c>): <c>{"temperature":22.6,"humidity":…}</c>.</summary>
    Zigbee2Mqtt,

    /// <summary>A Shelly Gen2's <c>NotifyStatus</c> on <c>ID/events/rpc</c>: <c>{"method":"NotifyStatus","params":{"ts":…,"temperature:0":{"tC":22.6}}}</c>.</summary>
    Shelly,

    /// <summary>Any JSON: the number at <see cref="MqttSubscription.Path"/> (<c>temp.c</c>), or the whole payload when it is a number.</summary>
    Json,
}

/// <summary>
/// A topic <c>run</c> subscribes to, how its messages are shaped, and where their readings go: every one to
/// <see cref="Series"/>, or (Tasmota's several probes, a Shelly's several sensors) each by its name or id in <see cref="Map"/>.
/// </summary>
/// <param name="Topic">The topic filter (<c>+</c> and <c>#</c> allowed).</param>
/// <param name="Preset">The shape of its messages.</param>
/// <param name="Series">The series of its readings, or null when <see cref="Map"/> decides.</param>
/// <param name="Map">A sensor's name or id (<c>DS18B20-1</c>, <c>0316A279C4FF</c>, <c>temperature:100</c>) to a series.</param>
/// <param name="Path">For <see cref="MqttPreset.Json"/>: where the number is, dot-separated.</param>
public sealed record MqttSubscription(string Topic, MqttPreset Preset, string? Series, IReadOnlyDictionary<string, string> Map, string? Path = null)
{
    /// <summary>Every series this subscription may write.</summary>
    public IEnumerable<string> AllSeries => Map.Values.Concat(Series is null ? [] : [Series]).Distinct(StringComparer.Ordinal);

    /// <summary>
    /// The readings of one message: each its series, °C, and its time when the message carries one (a Shelly's
    /// <c>ts</c>; the others are stamped when they arrive), and each mapped probe that gave none (Tasmota's
    /// <c>"Temperature":null</c>, a Shelly's <c>"tC":null</c>, a string). A message of another kind (a Shelly's other
    /// notices) gives none.
    /// </summary>
    /// <exception cref="FormatException">The payload is not what the preset describes; the message says what was expected.</exception>
    public MqttReadings Read(ReadOnlySpan<byte> payload)
    {
        var text = Encoding.UTF8.GetString(payload).Trim();
        try
        {
            return Preset switch
            {
                MqttPreset.EspHome => MqttReadings.Of((Require(Series), Number(text), null)),
                MqttPreset.Tasmota => Tasmota(text),
                MqttPreset.Zigbee2Mqtt => Zigbee2Mqtt(text),
                MqttPreset.Shelly => ShellyStatus(text),
                _ => MqttReadings.Of((Require(Series), double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : At(text, Path ?? "temperature"), null)),
            };
        }
        catch (JsonException e)
        {
            throw new FormatException($"not JSON ({e.Message})", e);
        }
        catch (InvalidOperationException e)
        {
            throw new FormatException($"not shaped as {Preset}'s messages are ({e.Message})", e);
        }
    }

    string Require(string? series) => series ?? throw new FormatException($"the subscription to {Topic} names no series");

    string? SeriesOf(string name, string? id) =>
        Map.TryGetValue(name, out var s) || (id is not null && Map.TryGetValue(id, out s)) ? s : Series;

    // Every sensor object with a Temperature: {"DS18B20-1":{"Id":"…","Temperature":22.6}, "TempUnit":"C"}. Tasmota
    // writes a float it could not read as null (ext_printf's %_f of NaN), a failed probe beside good ones.
    MqttReadings Tasmota(string text)
    {
        using var document = JsonDocument.Parse(text);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("not a JSON object (Tasmota's SENSOR message)");
        }

        var fahrenheit = document.RootElement.TryGetProperty("TempUnit", out var unit) && unit.ValueKind == JsonValueKind.String && unit.GetString() == "F";
        var readings = new List<(string, double, DateTimeOffset?)>();
        var failed = new List<(string, string, string)>();
        foreach (var sensor in document.RootElement.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Object))
        {
            var id = sensor.Value.TryGetProperty("Id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null;
            if (!sensor.Value.TryGetProperty("Temperature", out var t) || SeriesOf(sensor.Name, id) is not { } series)
            {
                continue;
            }

            var name = id is null ? sensor.Name : $"{sensor.Name} (Id {id})";
            if (Value(t) is { } value)
            {
                readings.Add((series, fahrenheit ? (value - 32) * 5 / 9 : value, null));
            }
            else
            {
                failed.Add((name, series, $"its Temperature is {t.GetRawText()}, no number: a failed probe (Tasmota writes null when it could not read one)"));
            }
        }

        Fields(document.RootElement, readings, failed);
        return readings.Count > 0 || failed.Count > 0
            ? new MqttReadings(readings, failed)
            : throw new FormatException("no sensor with a Temperature, nor a field, that this subscription maps (Tasmota's SENSOR, STATE or RESULT message)");
    }

    // The map's entries that name a field rather than a sensor: "AM2301.Humidity", "ENERGY.Power", "ENERGY.Total" (a
    // sensor's value) and "POWER", "POWER1" (a relay's state, in STATE and RESULT messages, ON or OFF): each as its field's
    // quantity reads it (QuantityFields), the unit the device writes it in.
    void Fields(JsonElement root, List<(string, double, DateTimeOffset?)> readings, List<(string, string, string)> failed)
    {
        foreach (var (key, series) in Map)
        {
            var dot = key.IndexOf('.', StringComparison.Ordinal);
            var field = dot < 0 ? key : key[(dot + 1)..];
            JsonElement value;
            if (QuantityFields.Of(field) is not { } known
                || !(dot < 0
                    ? root.TryGetProperty(key, out value)
                    : root.TryGetProperty(key[..dot], out var sensor) && sensor.ValueKind == JsonValueKind.Object && sensor.TryGetProperty(field, out value)))
            {
                continue;
            }

            if (QuantityFields.Value(known.Quantity, value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText(), known.Factor) is { } number)
            {
                readings.Add((series, number, null));
            }
            else
            {
                failed.Add((key, series, $"its value is {value.GetRawText()}, not {(known.Quantity.IsState ? "ON or OFF" : "a number")}"));
            }
        }
    }

    // Zigbee2MQTT's device state: the temperature for the subscription's series, and each field the map names
    // ("humidity", "pressure", "battery") for its series.
    MqttReadings Zigbee2Mqtt(string text)
    {
        using var document = JsonDocument.Parse(text);
        var readings = new List<(string, double, DateTimeOffset?)>();
        var failed = new List<(string, string, string)>();
        if (Series is { } series)
        {
            readings.Add((series, At(text, "temperature"), null));
        }

        foreach (var (field, to) in Map)
        {
            if (document.RootElement.TryGetProperty(field, out var value))
            {
                if (Value(value) is { } number)
                {
                    readings.Add((to, number, null));
                }
                else
                {
                    failed.Add((field, to, $"its value is {value.GetRawText()}, no number"));
                }
            }
        }

        return new MqttReadings(readings, failed);
    }

    // NotifyStatus (and NotifyFullStatus): each "temperature:N" component's tC, at the message's ts; tC is null when
    // the component has no valid value (Shelly's Temperature component: "null if valid value could not be obtained").
    MqttReadings ShellyStatus(string text)
    {
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("params", out var parameters) || parameters.ValueKind != JsonValueKind.Object
            || !(root.TryGetProperty("method", out var method) && method.ValueKind == JsonValueKind.String && method.GetString() is "NotifyStatus" or "NotifyFullStatus"))
        {
            return MqttReadings.Of();
        }

        DateTimeOffset? at = parameters.TryGetProperty("ts", out var ts) && ts.ValueKind == JsonValueKind.Number ? DateTimeOffset.FromUnixTimeMilliseconds((long)(ts.GetDouble() * 1000)) : null;
        var readings = new List<(string, double, DateTimeOffset?)>();
        var failed = new List<(string, string, string)>();
        foreach (var component in parameters.EnumerateObject().Where(p => p.Name.StartsWith("temperature:", StringComparison.Ordinal) && p.Value.ValueKind == JsonValueKind.Object))
        {
            if (!component.Value.TryGetProperty("tC", out var c) || SeriesOf(component.Name, null) is not { } series)
            {
                continue;
            }

            if (Value(c) is { } celsius)
            {
                readings.Add((series, celsius, at));
            }
            else
            {
                failed.Add((component.Name, series, $"its tC is {c.GetRawText()}, no number: the probe gave no valid value (a Shelly writes null then)"));
            }
        }

        Switches(parameters, at, readings, failed);
        return new MqttReadings(readings, failed);
    }

    // A Shelly's switch (a Plus Plug S, a Pro 1PM): "switch:0" its relay's state (output), "switch:0.apower" its power in
    // W, "switch:0.aenergy.total" its meter in kWh (Shelly counts Wh). A NotifyStatus carries what changed only: a
    // mapped value that is not in the message is not a reading, and not a failure.
    void Switches(JsonElement parameters, DateTimeOffset? at, List<(string, double, DateTimeOffset?)> readings, List<(string, string, string)> failed)
    {
        foreach (var (key, series) in Map.Where(m => m.Key.StartsWith("switch:", StringComparison.Ordinal)))
        {
            var path = key.Split('.');
            var (field, factor) = path.Length switch
            {
                1 => ("output", 1.0),
                _ when path[1..] is ["apower"] => ("apower", 1.0),
                _ when path[1..] is ["aenergy", "total"] => ("aenergy.total", 0.001),
                _ => (string.Join('.', path[1..]), 1.0),
            };
            if (!parameters.TryGetProperty(path[0], out var component) || component.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var value = component;
            if (field.Split('.').Any(name => value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(name, out value)))
            {
                continue;
            }

            double? number = value.ValueKind switch
            {
                JsonValueKind.True => 1,
                JsonValueKind.False => 0,
                _ => Value(value) is { } n ? n * factor : null,
            };
            if (number is { } taken)
            {
                readings.Add((series, taken, at));
            }
            else
            {
                failed.Add((key, series, $"its {field} is {value.GetRawText()}, not a number"));
            }
        }
    }

    // A JSON number, or a string that holds one; null for anything else (null, a word, an object).
    static double? Value(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number when element.TryGetDouble(out var n) && double.IsFinite(n) => n,
        JsonValueKind.String when double.TryParse(element.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n) => n,
        _ => null,
    };

    static double Number(string text) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
        ? n
        : throw new FormatException($"'{(text.Length > 40 ? text[..40] + "…" : text)}' is not a number");

    // The number at a dot-separated path of a JSON object.
    static double At(string text, string path)
    {
        using var document = JsonDocument.Parse(text);
        var element = document.RootElement;
        foreach (var name in path.Split('.'))
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                throw new FormatException($"no '{path}' in the message");
            }
        }

        return element.ValueKind == JsonValueKind.Number ? element.GetDouble() : Number(element.ToString());
    }
}
