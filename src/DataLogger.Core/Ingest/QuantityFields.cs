using System.Globalization;
using DataLogger.Readings;

namespace DataLogger.Ingest;

/// <summary>
/// Which names devices give each quantity's values, and in what unit, so a field is filed by what it measures: Tasmota's
/// <c>Humidity</c>, <c>Pressure</c>, <c>Power</c>, <c>Total</c> and <c>POWER</c>; Zigbee2MQTT's <c>humidity</c> and
/// <c>battery</c>; a Shelly's <c>apower</c> and <c>output</c>; Ecowitt's <c>humidity1</c> and <c>baromrelin</c> (inHg);
/// line protocol's fields, or the <c>value</c> of a measurement so named. Names are compared ignoring case. A temperature
/// is <see cref="TemperatureFields"/>' (with its rules about a chip's limits); this list holds the other quantities.
/// </summary>
public static class QuantityFields
{
    // Each name, the quantity it measures, and the factor to that quantity's unit.
    static readonly (string Name, string Quantity, double Factor)[] Names =
    [
        ("humidity", "humidity", 1), ("hum", "humidity", 1), ("rh", "humidity", 1), ("relative_humidity", "humidity", 1),
        ("humidityin", "humidity", 1),
        ("pressure", "pressure", 1), ("press", "pressure", 1),
        ("baromrelin", "pressure", 33.8639), ("baromabsin", "pressure", 33.8639), // Ecowitt: inHg
        ("ph", "ph", 1),
        ("orp", "orp", 1), ("redox", "orp", 1),
        ("chlorine", "free_chlorine", 1), ("free_chlorine", "free_chlorine", 1), ("fc", "free_chlorine", 1),
        ("conductivity", "conductivity", 1), ("ec", "conductivity", 1),
        ("tds", "tds", 1),
        ("level", "water_level", 1), ("water_level", "water_level", 1),
        ("power", "power", 1), ("apower", "power", 1), ("active_power", "power", 1),
        ("energy", "energy", 1), ("total", "energy", 1), ("total_energy", "energy", 1),
        ("battery", "battery", 1),
        ("state", "state", 1), ("output", "state", 1), ("switch", "state", 1), ("relay", "state", 1),
    ];

    /// <summary>The quantity a field's name says it measures, and the factor to its unit; null when the name says none.</summary>
    public static (Quantity Quantity, double Factor)? Of(string name)
    {
        ArgumentNullException.ThrowIfNull(name);

        // Tasmota's relays: POWER, POWER1 … POWER32, lower-cased by its InfluxDB driver (power1); a plug's power in watts
        // is "Power" inside ENERGY, and "power" is a power elsewhere.
        var lower = name.ToLowerInvariant();
        if ((name.StartsWith("POWER", StringComparison.Ordinal) && name[5..].All(char.IsAsciiDigit))
            || (lower.StartsWith("power", StringComparison.Ordinal) && lower.Length > 5 && lower[5..].All(char.IsAsciiDigit)))
        {
            return (Quantity.State, 1);
        }

        foreach (var (known, quantity, factor) in Names)
        {
            if (lower == known || (quantity is "humidity" or "state" && lower.StartsWith(known, StringComparison.Ordinal) && lower[known.Length..].All(char.IsAsciiDigit)))
            {
                return (Quantity.Parse(quantity), factor);
            }
        }

        return null;
    }

    /// <summary>
    /// A state as devices write it: <c>ON</c>/<c>OFF</c> (Tasmota), <c>true</c>/<c>false</c> (a Shelly's output), 1/0;
    /// null for anything else.
    /// </summary>
    public static double? State(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        "ON" or "TRUE" or "1" or "OPEN" => 1,
        "OFF" or "FALSE" or "0" or "CLOSED" => 0,
        _ => null,
    };

    /// <summary>A number, or a state's word, in <paramref name="quantity"/>'s unit given the field's factor; null when it is neither.</summary>
    public static double? Value(Quantity quantity, string? text, double factor = 1)
    {
        ArgumentNullException.ThrowIfNull(quantity);
        if (quantity.IsState)
        {
            return State(text);
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) ? number * factor : null;
    }

    /// <summary>
    /// The value of <paramref name="quantity"/> in a line-protocol point, in its unit: a field whose name says the
    /// quantity, or the field <c>value</c> of a measurement so named (Tasmota's <c>humidity,sensor=am2301 value=57.3</c>,
    /// <c>power1 value=1</c>); null when it holds none.
    /// </summary>
    public static double? Of(LinePoint point, Quantity quantity)
    {
        ArgumentNullException.ThrowIfNull(point);
        ArgumentNullException.ThrowIfNull(quantity);
        foreach (var field in point.Fields)
        {
            if (Of(field.Key) is { } known && known.Quantity.Name == quantity.Name)
            {
                return field.Value * known.Factor;
            }
        }

        return Of(point.Measurement) is { } measured && measured.Quantity.Name == quantity.Name
            && point.Fields.FirstOrDefault(f => string.Equals(f.Key, "value", StringComparison.OrdinalIgnoreCase)) is { Key: not null } value
            ? value.Value * measured.Factor
            : null;
    }
}
