using System.Globalization;
using DataLogger.Ports;

namespace DataLogger.Device.Sensors;

/// <summary>
/// Parses the Linux 1-Wire driver's <c>w1_slave</c> file of a DS18B20:
/// <code>
/// 72 01 4b 46 7f ff 0e 10 57 : crc=57 YES
/// 72 01 4b 46 7f ff 0e 10 57 t=23125
/// </code>
/// Only a read whose CRC check says <c>YES</c> counts; an all-zero scratchpad (a short or a missing pull-up) and
/// the 85 °C power-on value with the reset scratchpad (a read before any conversion) are refused.
/// </summary>
static class W1Slave
{
    /// <summary>The temperature in °C, or a <see cref="SensorException"/> that says why the read cannot be trusted.</summary>
    public static double Parse(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length < 2)
        {
            throw new SensorException("the probe's w1_slave file is incomplete (fewer than two lines)");
        }

        if (!lines[0].EndsWith("YES", StringComparison.Ordinal))
        {
            throw new SensorException("the probe's CRC check failed (w1_slave says NO): a bad contact or a long cable");
        }

        var marker = lines[1].LastIndexOf("t=", StringComparison.Ordinal);
        if (marker < 0 || !int.TryParse(lines[1].AsSpan(marker + 2), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var milli))
        {
            throw new SensorException("the probe's w1_slave file has no temperature (t=...)");
        }

        var scratchpad = lines[1][..marker].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (scratchpad.Length >= 8 && scratchpad.Take(8).All(b => b == "00"))
        {
            throw new SensorException("the probe returned an all-zero scratchpad: check the data line and its 4.7 kΩ pull-up");
        }

        if (milli == 85_000 && scratchpad.Length >= 2 && scratchpad[0] == "50" && scratchpad[1] == "05")
        {
            throw new SensorException("the probe returned its power-on value (85 °C): it was read before a conversion finished, often a power glitch");
        }

        return milli / 1000.0;
    }
}
