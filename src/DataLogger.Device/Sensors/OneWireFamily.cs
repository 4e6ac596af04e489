namespace DataLogger.Device.Sensors;

/// <summary>
/// A family of 1-Wire thermometers that the kernel's <c>w1_therm</c> driver serves, by the family code that starts
/// its device id (<c>28-0316a279c4ff</c> is a DS18B20), and how its 9-byte scratchpad becomes millidegrees: the
/// kernel's own arithmetic (<c>drivers/w1/slaves/w1_therm.c</c>), so a value decoded here equals the <c>t=</c> the
/// kernel prints for the same bytes.
/// </summary>
/// <param name="Code">The family code, as it starts the device id: <c>10</c>, <c>22</c>, <c>28</c>, <c>3b</c>, <c>42</c>.</param>
/// <param name="Name">The chip, for messages.</param>
public sealed record OneWireFamily(string Code, string Name)
{
    /// <summary>DS18S20 (and DS1820): 9-bit reading plus COUNT_REMAIN/COUNT_PER_C, its own conversion.</summary>
    public static OneWireFamily Ds18S20 { get; } = new("10", "DS18S20");

    /// <summary>DS1822: a DS18B20's scratchpad.</summary>
    public static OneWireFamily Ds1822 { get; } = new("22", "DS1822");

    /// <summary>DS18B20 (and the GX20MH01, which shares its code and adds a 13/14-bit mode).</summary>
    public static OneWireFamily Ds18B20 { get; } = new("28", "DS18B20");

    /// <summary>DS1825, and the MAX31850/MAX31851 thermocouple converters, which share its code.</summary>
    public static OneWireFamily Ds1825 { get; } = new("3b", "DS1825/MAX31850");

    /// <summary>DS28EA00: a DS18B20's scratchpad.</summary>
    public static OneWireFamily Ds28Ea00 { get; } = new("42", "DS28EA00");

    /// <summary>Every family the driver serves.</summary>
    public static IReadOnlyList<OneWireFamily> All { get; } = [Ds18S20, Ds1822, Ds18B20, Ds1825, Ds28Ea00];

    /// <summary>The family of a device id (<c>28-0316a279c4ff</c>), or null for any other 1-Wire device (or the bus master).</summary>
    public static OneWireFamily? Of(string? id)
    {
        var dash = id?.IndexOf('-', StringComparison.Ordinal) ?? -1;
        return dash == 2 ? All.FirstOrDefault(f => string.Equals(f.Code, id![..2], StringComparison.OrdinalIgnoreCase)) : null;
    }

    /// <summary>
    /// The temperature in millidegrees Celsius of a scratchpad that passed its CRC check, as the kernel computes it
    /// (integer arithmetic, so <c>t=</c> is truncated toward zero: a DS18B20's -0.0625 °C is -62).
    /// </summary>
    /// <exception cref="FormatException">The bytes are no reading of this family (a DS18S20 with COUNT_PER_C 0, a MAX31850's fault).</exception>
    public int Millidegrees(ReadOnlySpan<byte> scratchpad)
    {
        if (scratchpad.Length < 9)
        {
            throw new FormatException("the scratchpad has fewer than 9 bytes");
        }

        if (this == Ds18S20)
        {
            // t = TEMP_READ - 0.25 + (COUNT_PER_C - COUNT_REMAIN) / COUNT_PER_C, the 0.5 bit dropped (DS18S20 datasheet).
            if (scratchpad[7] == 0)
            {
                throw new FormatException("the DS18S20's COUNT_PER_C byte is 0, so its extended resolution cannot be computed");
            }

            var whole = scratchpad[1] == 0 ? (scratchpad[0] >> 1) * 1000 : 1000 * ((-1 * (0x100 - scratchpad[0])) >> 1);
            return whole - 250 + (1000 * (scratchpad[7] - scratchpad[6]) / scratchpad[7]);
        }

        var raw = (short)(scratchpad[0] | (scratchpad[1] << 8));
        if (this == Ds1825 && IsMax31850(scratchpad))
        {
            // 14 bits in 0.25 °C steps above two flag bits (bit 0: a thermocouple fault, open or shorted).
            if ((scratchpad[0] & 1) != 0)
            {
                throw new FormatException($"the MAX31850 reports a thermocouple fault ({Max31850Fault(scratchpad[2])})");
            }

            return (raw >> 2) * 250;
        }

        if ((scratchpad[4] & 0x80) != 0)
        {
            // The configuration register's R2 bit: a GX20MH01 in 13- or 14-bit mode, two more bits in its low bits.
            var bits = ((raw << 2) | (scratchpad[4] & 3)) << 14 >> 14; // sign-extended from 18 bits
            return bits * 1000 / 64;
        }

        return raw * 1000 / 16;
    }

    /// <summary>
    /// Whether the bytes are a MAX31850's rather than a DS1825's (both family 3b): its configuration register (byte 4)
    /// reads 1111 in its upper bits, where a DS1825's has bit 7 clear.
    /// </summary>
    public static bool IsMax31850(ReadOnlySpan<byte> scratchpad) => scratchpad.Length >= 5 && (scratchpad[4] & 0xF0) == 0xF0;

    /// <summary>
    /// Whether the temperature register holds this family's power-on reset value, +85 °C, which a probe read before any
    /// conversion finished (a power glitch) returns. Its other bytes do not tell it from a real 85 °C: the reserved
    /// byte that is 0Ch after a reset on genuine parts is anything on clones.
    /// </summary>
    public bool IsPowerOnValue(ReadOnlySpan<byte> scratchpad) =>
        scratchpad.Length >= 9 && (this == Ds18S20
            ? scratchpad[0] == 0xAA && scratchpad[1] == 0x00
            : scratchpad[0] == 0x50 && scratchpad[1] == 0x05 && !(this == Ds1825 && IsMax31850(scratchpad)));

    static string Max31850Fault(byte coldJunctionLow) => (coldJunctionLow & 7) switch
    {
        1 => "open circuit: the thermocouple is not connected",
        2 => "the thermocouple is shorted to ground",
        4 => "the thermocouple is shorted to VDD",
        0 => "no fault bit set in byte 2",
        _ => "several faults: open circuit or shorted",
    };
}
