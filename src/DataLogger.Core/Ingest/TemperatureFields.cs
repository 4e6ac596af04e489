using System.Text.RegularExpressions;

namespace DataLogger.Ingest;

/// <summary>
/// Which values of a line-protocol point are a temperature, by their names, so that what else a device sends beside
/// its probes (Tasmota's uptime, heap, Switch1 and humidity, a chip's limits from Telegraf's temp plugin) is never
/// filed as °C: a field named <c>temperature</c>, <c>temp</c>, <c>celsius</c> or <c>tC</c> (°C), <c>fahrenheit</c> or
/// <c>tF</c> (°F, converted); else the field <c>value</c> of a measurement so named, or named after a 1-Wire probe
/// (<c>DS18B20</c>), as Tasmota's InfluxDB driver writes <c>temperature,device=…,sensor=ds18b20 value=22.6</c>. Names are
/// compared ignoring case. Telegraf's temp plugin names its points <c>temp,sensor=…</c> with a field <c>temp</c>; in its
/// older naming (<c>metric_format = "v1"</c>) the sensor tag's suffix says which value it is, and only <c>_input</c> is
/// the temperature: <c>_crit</c>, <c>_max</c>, <c>_min</c>, <c>_alarm</c> and the like are the chip's limits and flags.
/// </summary>
public static partial class TemperatureFields
{
    static readonly string[] CelsiusNames = ["temperature", "temp", "celsius", "tc"];
    static readonly string[] FahrenheitNames = ["fahrenheit", "tf"];
    static readonly string[] ProbeNames = ["ds18b20", "ds18s20", "ds1822", "max31850"];

    /// <summary>The rule, as the line that says why a point is not a temperature ends.</summary>
    public const string Rule = "a temperature is a field named temperature, temp, celsius or tC (°C), fahrenheit or tF (°F), "
        + "or the field value of a measurement so named or named after its probe (DS18B20)";

    /// <summary>The temperature of <paramref name="point"/> in °C, or null and why it holds none.</summary>
    public static (double? Celsius, string? NotOne) Of(LinePoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        if (Limit(point) is { } sensor)
        {
            return (null, $"'{sensor}' is a limit or flag of the chip, not its temperature (Telegraf's temp plugin names the temperature …_input)");
        }

        foreach (var (name, fahrenheit) in CelsiusNames.Select(n => (n, false)).Concat(FahrenheitNames.Select(n => (n, true))))
        {
            if (point.Fields.FirstOrDefault(f => string.Equals(f.Key, name, StringComparison.OrdinalIgnoreCase)) is { Key: not null } field)
            {
                return (fahrenheit ? FromFahrenheit(field.Value) : field.Value, null);
            }
        }

        var measurement = point.Measurement.ToLowerInvariant();
        if (point.Fields.FirstOrDefault(f => string.Equals(f.Key, "value", StringComparison.OrdinalIgnoreCase)) is { Key: not null } value
            && (CelsiusNames.Contains(measurement) || FahrenheitNames.Contains(measurement) || ProbeNames.Contains(measurement)))
        {
            return (FahrenheitNames.Contains(measurement) ? FromFahrenheit(value.Value) : value.Value, null);
        }

        return (null, $"not a temperature: {Rule}");
    }

    static double FromFahrenheit(double fahrenheit) => (fahrenheit - 32) * 5 / 9;

    // Telegraf's temp plugin, older naming (temp_linux.go, createMetricsV1): the sensor tag ends in the hwmon file's
    // attribute (the kernel's sysfs-interface: temp1_input, temp1_crit, temp1_max_hyst, temp1_crit_alarm, ...).
    static string? Limit(LinePoint point) =>
        string.Equals(point.Measurement, "temp", StringComparison.OrdinalIgnoreCase)
            && point.Tags.TryGetValue("sensor", out var sensor) && HwmonLimit().IsMatch(sensor)
            ? sensor
            : null;

    [GeneratedRegex("_(?:(?:l?crit|max|min|emergency|lowest|highest|offset|rated_min|rated_max)(?:_?alarm|_?hyst)?|alarm|fault|beep|type|enable)$", RegexOptions.CultureInvariant)]
    private static partial Regex HwmonLimit();
}
