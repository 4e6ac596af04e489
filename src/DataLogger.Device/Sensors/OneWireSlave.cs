using System.Globalization;
using DataLogger.Ports;

namespace DataLogger.Device.Sensors;

/// <summary>
/// Reads the kernel's <c>w1_slave</c> file of a <c>w1_therm</c> thermometer (<c>w1_slave_show</c> in
/// <c>drivers/w1/slaves/w1_therm.c</c>):
/// <code>
/// 72 01 4b 46 7f ff 0e 10 57 : crc=57 YES
/// 72 01 4b 46 7f ff 0e 10 57 t=23125
/// </code>
/// Line 1 is this read's nine scratchpad bytes and the kernel's CRC verdict. Line 2 is the last read that passed the
/// CRC (after a failure it still shows the previous good bytes) followed by <c>t=</c>, computed from line 1's bytes
/// whatever the verdict. So the kernel trusts the verdict, not line 2: only a <c>YES</c> counts, and the value is
/// decoded here from line 1's bytes with the family's own conversion (a DS18S20's bytes read as a DS18B20's give
/// nonsense), after checking their CRC-8 again. Refused too: an all-zero scratchpad (a short, or a missing pull-up),
/// a MAX31850's thermocouple fault, and the empty file that kernels from about 5.9 leave after a failed read. The
/// power-on value (85 °C before any conversion) is told apart from a real 85 °C by the sensor, which knows the probe's
/// previous reading (<see cref="OneWireSensor"/>).
/// </summary>
static class OneWireSlave
{
    /// <summary>
    /// The temperature in millidegrees Celsius, or a <see cref="SensorException"/> that says why the read cannot be
    /// trusted; <paramref name="powerOnValue"/> says whether the register holds the family's power-on value, 85 °C.
    /// </summary>
    public static int Parse(string text, OneWireFamily family, out bool powerOnValue)
    {
        powerOnValue = false;
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(family);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new SensorException("the read came back empty (newer kernels leave w1_slave empty when a read fails: a bad contact, a long cable or a missing 4.7 kΩ pull-up)", "empty");
        }

        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length < 2)
        {
            throw new SensorException("the probe's w1_slave file is incomplete (fewer than two lines)", "damaged");
        }

        var verdict = lines[0].LastIndexOf(": crc=", StringComparison.Ordinal);
        if (verdict < 0)
        {
            throw new SensorException("the probe's w1_slave file has no CRC verdict (\": crc=.. YES\") on its first line", "damaged");
        }

        if (!lines[0].EndsWith(" YES", StringComparison.Ordinal))
        {
            throw new SensorException("the probe's CRC check failed (w1_slave says NO): a bad contact or a long cable", "crc");
        }

        var scratchpad = Bytes(lines[0][..verdict]);
        if (scratchpad is not { Length: 9 })
        {
            throw new SensorException("the probe's w1_slave file does not start with the nine scratchpad bytes", "damaged");
        }

        if (Crc8(scratchpad.AsSpan(0, 8)) != scratchpad[8])
        {
            throw new SensorException("the scratchpad's bytes do not match their CRC although the kernel said YES: the file is damaged", "damaged");
        }

        if (scratchpad.All(b => b == 0))
        {
            throw new SensorException("the probe returned an all-zero scratchpad: check the data line and its 4.7 kΩ pull-up", "all_zero");
        }

        powerOnValue = family.IsPowerOnValue(scratchpad);
        try
        {
            return family.Millidegrees(scratchpad);
        }
        catch (FormatException e)
        {
            throw new SensorException(e.Message, "fault", e);
        }
    }

    // The bytes of "72 01 4b ..." (two hex digits each), or null when the text is not that.
    static byte[]? Bytes(string text)
    {
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var bytes = new byte[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length != 2 || !byte.TryParse(parts[i], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bytes[i]))
            {
                return null;
            }
        }

        return bytes;
    }

    /// <summary>The Dallas/Maxim CRC-8 (x^8 + x^5 + x^4 + 1, reflected) of 1-Wire scratchpads and ROM ids.</summary>
    public static byte Crc8(ReadOnlySpan<byte> data)
    {
        byte crc = 0;
        foreach (var b in data)
        {
            var value = b;
            for (var bit = 0; bit < 8; bit++)
            {
                var mix = (crc ^ value) & 1;
                crc >>= 1;
                if (mix != 0)
                {
                    crc ^= 0x8C;
                }

                value >>= 1;
            }
        }

        return crc;
    }
}
