using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using DataLogger.Readings;

namespace DataLogger.Mqtt;

/// <summary>
/// The topics and payloads, one owner: each series' state (<c>datalogger/pool/state</c>), the publisher's availability
/// (<c>datalogger/NODE/availability</c>, <c>online</c>, or <c>offline</c> as its last will), the alerts
/// (<c>datalogger/pool/alert/below</c>, <c>ON</c>/<c>OFF</c>), and Home Assistant's discovery configs
/// (<c>homeassistant/sensor/datalogger_pool/temperature/config</c>), all retained.
/// </summary>
public sealed class HomeAssistant(MqttSettings settings, string node)
{
    static readonly JsonWriterOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The node: this publisher, named after the machine.</summary>
    public string Node { get; } = node;

    /// <summary>Where this publisher says whether it is online.</summary>
    public string AvailabilityTopic => $"{settings.TopicRoot}/{Node}/availability";

    /// <summary>Where a series' readings go.</summary>
    public string StateTopic(string series) => $"{settings.TopicRoot}/{series}/state";

    /// <summary>Where a series' alert says whether it is firing.</summary>
    public string AlertTopic(string series, string kind) => $"{settings.TopicRoot}/{series}/alert/{kind}";

    /// <summary>The series' forecast: <c>datalogger/pool/forecast</c>.</summary>
    public string ForecastTopic(string series) => $"{settings.TopicRoot}/{series}/forecast";

    /// <summary>The discovery topic of the rate (<c>rate</c>) or ready-by (<c>ready_by</c>) sensor.</summary>
    public string ForecastConfigTopic(string series, string sensor) => $"{settings.DiscoveryPrefix}/sensor/datalogger_{series}/{sensor}/config";

    /// <summary>
    /// A forecast as its state: <c>{"rate":0.62,"target":28,"kind":"expected","ready_by":"2026-12-04T16:40:00+00:00"}</c>,
    /// the rate in °C per hour, <c>ready_by</c> null when no time is given (not at this rate, steady, reached).
    /// </summary>
    public static byte[] ForecastState(Forecasting.Forecast forecast)
    {
        ArgumentNullException.ThrowIfNull(forecast);
        return Json(json =>
        {
            if (forecast.RatePerHour is { } rate)
            {
                json.WriteNumber("rate", Math.Round(rate, 3));
            }
            else
            {
                json.WriteNull("rate");
            }

            if (forecast.Target is { } target)
            {
                json.WriteNumber("target", target);
            }

            json.WriteString("kind", forecast.KindName);
            if (forecast.ReadyBy is { } at)
            {
                json.WriteString("ready_by", at);
            }
            else
            {
                json.WriteNull("ready_by");
            }
        });
    }

    /// <summary>
    /// The discovery config of the rate sensor (°C/h, a measurement) or the ready-by sensor (<c>device_class</c>
    /// timestamp; unknown while no time is given), both from the forecast's state.
    /// </summary>
    public byte[] ForecastConfig(MqttSeries series, string sensor)
    {
        ArgumentNullException.ThrowIfNull(series);
        var rate = sensor == "rate";
        return Json(json =>
        {
            json.WriteString("name", rate ? "Rate" : "Ready by");
            json.WriteString("unique_id", $"datalogger_{series.Series}_{sensor}");
            EntityId(json, "sensor", series.Series, sensor);
            json.WriteString("state_topic", ForecastTopic(series.Series));
            json.WriteString("value_template", rate ? "{{ value_json.rate }}" : "{{ value_json.ready_by or None }}");
            if (rate)
            {
                json.WriteString("state_class", "measurement");
                json.WriteString("unit_of_measurement", "°C/h");
                json.WriteNumber("suggested_display_precision", 2);
            }
            else
            {
                json.WriteString("device_class", "timestamp");
                json.WriteString("json_attributes_topic", ForecastTopic(series.Series));
            }

            json.WriteString("availability_topic", AvailabilityTopic);
            Device(json, series);
        });
    }

    /// <summary>The temperature sensor's discovery topic.</summary>
    public string SensorConfigTopic(string series) => $"{settings.DiscoveryPrefix}/sensor/datalogger_{series}/temperature/config";

    /// <summary>The discovery topic of a series' entity: a sensor named for its quantity, or a binary sensor for a state.</summary>
    public string SensorConfigTopic(MqttSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        return $"{settings.DiscoveryPrefix}/{(series.Quantity.IsState ? "binary_sensor" : "sensor")}/datalogger_{series.Series}/{series.Quantity.Name}/config";
    }

    /// <summary>An alert's binary sensor's discovery topic.</summary>
    public string AlertConfigTopic(string series, string kind) => $"{settings.DiscoveryPrefix}/binary_sensor/datalogger_{series}/{kind}/config";

    /// <summary>A reading as its state: <c>{"timestamp":1764201600,"time":"...","celsius":21.875,"fahrenheit":71.375,"sensor":"28-..."}</c>.</summary>
    public static byte[] State(Reading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        return Json(json =>
        {
            json.WriteNumber("timestamp", reading.Timestamp);
            json.WriteString("time", reading.Time);
            ReadingJson.WriteValue(json, reading);

            if (reading.SensorId is { } sensor)
            {
                json.WriteString("sensor", sensor);
            }
        });
    }

    /// <summary>
    /// The temperature sensor's discovery config: <c>device_class</c> temperature, <c>state_class</c> measurement, °C,
    /// a stable <c>unique_id</c> and entity id (<c>sensor.pool_temperature</c>), the value from the state's <c>celsius</c>, the device (the series, its probe), and
    /// <c>expire_after</c> so a sensor gone quiet shows as unavailable.
    /// </summary>
    public byte[] SensorConfig(MqttSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var quantity = series.Quantity;
        return Json(json =>
        {
            json.WriteString("name", quantity.Title);
            json.WriteString("unique_id", $"datalogger_{series.Series}_{quantity.Name}");
            EntityId(json, quantity.IsState ? "binary_sensor" : "sensor", series.Series, quantity.Name);
            json.WriteString("state_topic", StateTopic(series.Series));
            json.WriteString("value_template", quantity.IsTemperature ? "{{ value_json.celsius }}"
                : quantity.IsState ? "{{ 'ON' if value_json.value == 1 else 'OFF' }}"
                : "{{ value_json.value }}");
            json.WriteString("json_attributes_topic", StateTopic(series.Series));
            if (quantity.DeviceClass is { } deviceClass)
            {
                json.WriteString("device_class", deviceClass);
            }

            if (quantity.IsState)
            {
                json.WriteString("payload_on", "ON");
                json.WriteString("payload_off", "OFF");
            }
            else
            {
                json.WriteString("state_class", quantity.Increasing ? "total_increasing" : "measurement");
                if (UnitOf(quantity) is { } unit)
                {
                    json.WriteString("unit_of_measurement", unit);
                }

                json.WriteNumber("suggested_display_precision", Math.Min(quantity.Decimals, quantity.IsTemperature ? 1 : 2));
            }

            if (series.ExpireAfter > TimeSpan.Zero)
            {
                json.WriteNumber("expire_after", (long)series.ExpireAfter.TotalSeconds); // a state or a test taken by hand never expires
            }

            json.WriteString("availability_topic", AvailabilityTopic);
            Device(json, series);
        });
    }

    /// <summary>
    /// The unit Home Assistant takes for <paramref name="quantity"/> (its sensor's <c>DEVICE_CLASS_UNITS</c>): the
    /// quantity's own, but none for pH (a pH sensor has no unit there). µS/cm keeps the micro sign (U+00B5), which Home
    /// Assistant took until 2025.5 and its MQTT integration maps to the Greek mu it takes since.
    /// </summary>
    public static string? UnitOf(Quantity quantity)
    {
        ArgumentNullException.ThrowIfNull(quantity);
        return quantity.DeviceClass == "ph" ? null : quantity.Unit;
    }

    /// <summary>An alert's binary sensor: <c>cold</c> for below, <c>heat</c> for above, <c>problem</c> for offline.</summary>
    public byte[] AlertConfig(MqttSeries series, string kind)
    {
        ArgumentNullException.ThrowIfNull(series);
        return Json(json =>
        {
            json.WriteString("name", kind switch { "below" => "Too cold", "above" => "Too warm", "reached" => "Target reached", _ => "Offline" });
            json.WriteString("unique_id", $"datalogger_{series.Series}_alert_{kind}");
            EntityId(json, "binary_sensor", series.Series, $"alert_{kind}");
            json.WriteString("state_topic", AlertTopic(series.Series, kind));
            json.WriteString("payload_on", "ON");
            json.WriteString("payload_off", "OFF");
            if (kind != "reached")
            {
                json.WriteString("device_class", kind switch { "below" => "cold", "above" => "heat", _ => "problem" });
            }

            json.WriteString("availability_topic", AvailabilityTopic);
            Device(json, series);
        });
    }

    /// <summary>
    /// A series as Home Assistant spells it in an entity id: its <c>slugify</c> (python-slugify with <c>_</c>) keeps
    /// lower-case letters and digits, makes each run of anything else one <c>_</c> and trims them at the ends, so
    /// <c>pool-c4ff</c> (an unnamed probe's series) is <c>pool_c4ff</c>.
    /// </summary>
    public static string Slug(string series)
    {
        ArgumentException.ThrowIfNullOrEmpty(series);
        var slug = new System.Text.StringBuilder(series.Length);
        foreach (var c in series.ToLowerInvariant())
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '_')
            {
                slug.Append('_');
            }
        }

        var text = slug.ToString().TrimEnd('_');
        return text.Length == 0 ? "unknown" : text;
    }

    // The entity id asked for, as Home Assistant will use it: default_entity_id (2025.10 and later) and object_id (the
    // same id for older versions, which ignore default_entity_id; 2026.4 and later ignore object_id).
    static void EntityId(Utf8JsonWriter json, string domain, string series, string what)
    {
        var objectId = $"{Slug(series)}_{what}";
        json.WriteString("default_entity_id", $"{domain}.{objectId}");
        json.WriteString("object_id", objectId);
    }

    static void Device(Utf8JsonWriter json, MqttSeries series)
    {
        json.WriteStartObject("device");
        json.WriteStartArray("identifiers");
        json.WriteStringValue($"datalogger_{series.Series}");
        json.WriteEndArray();
        json.WriteString("name", series.Title);
        json.WriteString("model", series.Model);
        if (series.ProbeId is { } id)
        {
            json.WriteString("serial_number", id);
        }

        json.WriteString("manufacturer", "DataLogger");
        json.WriteEndObject();
    }

    static byte[] Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Relaxed))
        {
            json.WriteStartObject();
            write(json);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>A node name for a machine: <c>datalogger_pi4</c> (letters, digits and underscores).</summary>
    public static string NodeOf(string machine) =>
        "datalogger_" + string.Concat((machine ?? "host").ToLower(CultureInfo.InvariantCulture).Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_'));
}
