using System.Globalization;

namespace DataLogger.Readings;

/// <summary>
/// What a series measures: its name in the settings (<c>humidity</c>), its unit as stored and shown (<c>%</c>), the
/// range a sensor of it can report (a value outside is refused, as the DS18B20's limits are for a temperature), the
/// decimals kept, the title a person reads, whether it is a state (on or off) rather than a number, and what Home
/// Assistant calls it. The known quantities are <see cref="All"/>, the one list: adding one is one entry here (and its
/// tests); every layer (ingest, the chart's axis, Home Assistant, Prometheus, CloudWatch) reads it from here.
/// </summary>
/// <param name="Name">The name the settings use: lower-case, such as <c>temperature</c> or <c>ph</c>.</param>
/// <param name="Unit">The unit stored in each object and shown beside each value: <c>°C</c>, <c>%</c>, <c>hPa</c>.</param>
/// <param name="Min">The lowest value a sensor of it reports.</param>
/// <param name="Max">The highest value a sensor of it reports.</param>
/// <param name="Decimals">The decimals kept (the rest is rounded away when a reading is made).</param>
/// <param name="Title">The name a person reads: <c>Humidity</c>.</param>
public sealed record Quantity(string Name, string Unit, double Min, double Max, int Decimals, string Title)
{
    /// <summary>Whether the values are a state (1 on, 0 off) rather than a number: drawn as shaded spans, a binary sensor in Home Assistant.</summary>
    public bool IsState { get; init; }

    /// <summary>Home Assistant's device class for it, or null where Home Assistant has none (ORP, free chlorine, a number).</summary>
    public string? DeviceClass { get; init; }

    /// <summary>Whether its values only grow (an energy meter's total): Home Assistant's <c>total_increasing</c>, a Prometheus counter's kind.</summary>
    public bool Increasing { get; init; }

    /// <summary>How far back past an alert's threshold a value must come to resolve it: 0.5 °C, 2 %, 0.05 pH.</summary>
    public double Hysteresis { get; init; }

    /// <summary>The name metrics use for it (Prometheus, CloudWatch): its <see cref="Name"/> with the unit's base name, such as <c>humidity_percent</c>.</summary>
    public string MetricName { get; init; } = Name;

    /// <summary>Water temperature, air temperature: °C, the DS18B20's range, millidegrees (the kernel's resolution).</summary>
    public static Quantity Temperature { get; } = new("temperature", "°C", Reading.MinCelsius, Reading.MaxCelsius, Reading.Decimals, "Temperature")
    {
        DeviceClass = "temperature",
        MetricName = "temperature_celsius",
        Hysteresis = 0.5,
    };

    /// <summary>Relative humidity, %.</summary>
    public static Quantity Humidity { get; } = new("humidity", "%", 0, 100, 1, "Humidity") { DeviceClass = "humidity", MetricName = "humidity_percent", Hysteresis = 2 };

    /// <summary>Air pressure, hPa (a barometer's range, from a summit to below sea level).</summary>
    public static Quantity Pressure { get; } = new("pressure", "hPa", 300, 1100, 1, "Pressure") { DeviceClass = "atmospheric_pressure", MetricName = "pressure_hectopascals", Hysteresis = 1 };

    /// <summary>pH: 0 to 14, two decimals (a pool's 7.2 to 7.8).</summary>
    public static Quantity Ph { get; } = new("ph", "pH", 0, 14, 2, "pH") { DeviceClass = "ph", MetricName = "ph", Hysteresis = 0.05 };

    /// <summary>Oxidation-reduction potential, mV (a pool's 650 to 750).</summary>
    public static Quantity Orp { get; } = new("orp", "mV", -2000, 2000, 0, "ORP") { MetricName = "orp_millivolts", Hysteresis = 10 };

    /// <summary>Free chlorine, ppm (mg/l).</summary>
    public static Quantity FreeChlorine { get; } = new("free_chlorine", "ppm", 0, 50, 2, "Free chlorine") { MetricName = "free_chlorine_ppm", Hysteresis = 0.1 };

    /// <summary>Total alkalinity, ppm as CaCO₃, a water test (a pool's 60 to 120).</summary>
    public static Quantity TotalAlkalinity { get; } = new("total_alkalinity", "ppm", 0, 1000, 0, "Total alkalinity") { MetricName = "total_alkalinity_ppm", Hysteresis = 5 };

    /// <summary>Calcium hardness, ppm as CaCO₃, a water test (a plaster pool's 250 to 450).</summary>
    public static Quantity CalciumHardness { get; } = new("calcium_hardness", "ppm", 0, 2000, 0, "Calcium hardness") { MetricName = "calcium_hardness_ppm", Hysteresis = 10 };

    /// <summary>Cyanuric acid (stabiliser), ppm, a water test (30 to 80; a salt pool's 60 to 80).</summary>
    public static Quantity CyanuricAcid { get; } = new("cyanuric_acid", "ppm", 0, 500, 0, "Cyanuric acid") { MetricName = "cyanuric_acid_ppm", Hysteresis = 5 };

    /// <summary>Salt, ppm (a salt water chlorinator's 3000 to 4000).</summary>
    public static Quantity Salt { get; } = new("salt", "ppm", 0, 100_000, 0, "Salt") { MetricName = "salt_ppm", Hysteresis = 100 };

    /// <summary>Electrical conductivity, µS/cm (salt water pools near 5000 to 10000).</summary>
    public static Quantity Conductivity { get; } = new("conductivity", "µS/cm", 0, 200_000, 0, "Conductivity") { DeviceClass = "conductivity", MetricName = "conductivity_microsiemens_per_centimeter", Hysteresis = 50 };

    /// <summary>Total dissolved solids, ppm.</summary>
    public static Quantity Tds { get; } = new("tds", "ppm", 0, 100_000, 0, "TDS") { MetricName = "tds_ppm", Hysteresis = 50 };

    /// <summary>Water level, cm (from a reference: a skimmer's mouth, a sensor's face).</summary>
    public static Quantity WaterLevel { get; } = new("water_level", "cm", -1000, 1000, 1, "Water level") { DeviceClass = "distance", MetricName = "water_level_centimeters", Hysteresis = 1 };

    /// <summary>Electrical power, W (a pump, a heat pump).</summary>
    public static Quantity Power { get; } = new("power", "W", 0, 100_000, 1, "Power") { DeviceClass = "power", MetricName = "power_watts", Hysteresis = 10 };

    /// <summary>Electrical energy, kWh, a meter's total.</summary>
    public static Quantity Energy { get; } = new("energy", "kWh", 0, 1_000_000_000, 3, "Energy") { DeviceClass = "energy", Increasing = true, MetricName = "energy_kilowatt_hours", Hysteresis = 0.1 };

    /// <summary>A battery's charge, % (a Zigbee sensor's).</summary>
    public static Quantity Battery { get; } = new("battery", "%", 0, 100, 0, "Battery") { DeviceClass = "battery", MetricName = "battery_percent", Hysteresis = 2 };

    /// <summary>A state, on (1) or off (0): a heater's relay, a pump's plug, a cover.</summary>
    public static Quantity State { get; } = new("state", "on/off", 0, 1, 0, "State") { IsState = true, DeviceClass = "power", MetricName = "state" };

    /// <summary>The name of the generic number, whose unit the owner names (<c>"number:L/min"</c>).</summary>
    public const string NumberName = "number";

    /// <summary>Every known quantity but the generic <see cref="Number(string)"/>.</summary>
    public static IReadOnlyList<Quantity> All { get; } = [Temperature, Humidity, Pressure, Ph, Orp, FreeChlorine, TotalAlkalinity, CalciumHardness, CyanuricAcid, Salt, Conductivity, Tds, WaterLevel, Power, Energy, Battery, State];

    /// <summary>A generic number in the unit the owner names (<c>L/min</c>, <c>rpm</c>): any finite value, three decimals.</summary>
    public static Quantity Number(string unit)
    {
        if (string.IsNullOrWhiteSpace(unit) || unit.Length > 16 || unit.Any(char.IsControl) || unit.Contains('"', StringComparison.Ordinal))
        {
            throw new FormatException($"'{unit}' is not a unit: name it in 1 to 16 characters, such as number:L/min");
        }

        return new Quantity(NumberName, unit.Trim(), -1e12, 1e12, 3, "Number") { MetricName = NumberName };
    }

    /// <summary>
    /// The quantity a name gives (<c>humidity</c>, <c>ph</c>, <c>number:L/min</c>), compared ignoring case, with <c>-</c>
    /// for <c>_</c> (<c>free-chlorine</c>).
    /// </summary>
    /// <exception cref="FormatException">No quantity has the name; the message lists them.</exception>
    public static Quantity Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.StartsWith(NumberName + ":", StringComparison.OrdinalIgnoreCase))
        {
            return Number(trimmed[(NumberName.Length + 1)..]);
        }

        var name = trimmed.ToLowerInvariant().Replace('-', '_');
        return All.FirstOrDefault(q => q.Name == name)
            ?? throw new FormatException($"'{text}' is not a quantity: use one of {Names}, or number:UNIT (such as number:L/min)");
    }

    /// <summary>The known quantities' names, for messages and the help.</summary>
    public static string Names => string.Join(", ", All.Select(q => q.Name));

    /// <summary>The quantity as the settings write it: its name, or <c>number:UNIT</c>.</summary>
    public override string ToString() => Name == NumberName ? $"{NumberName}:{Unit}" : Name;

    /// <summary>Whether this is the temperature (°C, with °F beside it).</summary>
    public bool IsTemperature => ReferenceEquals(this, Temperature) || (Name == Temperature.Name && Unit == Temperature.Unit);

    /// <summary>What is wrong with <paramref name="value"/> as one of this quantity, or null when it is one a sensor reports.</summary>
    public string? Check(double value)
    {
        if (!double.IsFinite(value))
        {
            return $"{Noun} {value.ToString(CultureInfo.InvariantCulture)} is not a finite number";
        }

        if (IsState && value is not (0 or 1))
        {
            return FormattableString.Invariant($"a state is 1 (on) or 0 (off), not {value}");
        }

        return value < Min || value > Max
            ? Unit == Noun
                ? FormattableString.Invariant($"{Noun} {value} is outside the supported range {Min} to {Max}")
                : FormattableString.Invariant($"{Noun} {value} {Unit} is outside the supported range {Min} to {Max} {Unit}")
            : null;
    }

    /// <summary>What follows a series' title in a sentence about it: " temperature" (the pool temperature); nothing for another quantity, whose series is named for it.</summary>
    public string About => IsTemperature ? " temperature" : string.Empty;

    /// <summary>The title inside a sentence: <c>humidity</c>, <c>free chlorine</c>, but <c>pH</c> and <c>ORP</c> as they are written.</summary>
    public string Noun => Title.Length > 1 && char.IsLower(Title[1]) ? char.ToLowerInvariant(Title[0]) + Title[1..] : Title;

    /// <summary><paramref name="value"/> rounded to this quantity's decimals, as stored.</summary>
    public double Round(double value) => Math.Round(value, Decimals, MidpointRounding.AwayFromZero);

    /// <summary>A value as a person reads it: <c>57.3 %</c>, <c>7.42 pH</c>, <c>on</c>.</summary>
    public string Format(double value) => IsState
        ? value >= 0.5 ? "on" : "off"
        : Unit == "pH" ? "pH " + value.ToString("0.0#", CultureInfo.InvariantCulture)
        : value.ToString("0.###", CultureInfo.InvariantCulture) + (Unit == "%" ? "%" : " " + Unit);

    /// <summary>The quantity a stored object's unit names: a known one with that unit where only one has it, else a number in it.</summary>
    public static Quantity OfUnit(string unit)
    {
        var known = All.Where(q => q.Unit == unit).ToList();
        return known.Count == 1 ? known[0] : Number(unit);
    }
}
