using System.Globalization;
using System.Text;

namespace DataLogger.Testing;

/// <summary>
/// A fake <c>/sys/bus/w1/devices</c> tree whose <c>w1_slave</c> files tests write, in the kernel's format
/// (<c>w1_slave_show</c> in <c>drivers/w1/slaves/w1_therm.c</c>): line 1 the read's nine bytes and the CRC verdict,
/// line 2 the last good read's bytes and <c>t=</c>. The scratchpads are built from the datasheets' encodings here,
/// with a CRC-8 of this file's own, never with the code under test.
/// </summary>
public sealed class FakeW1Tree(string root)
{
    public string Root { get; } = root;

    public const string GoodId = "28-0316a279c4ff";

    /// <summary>A DS18B20 at <paramref name="milli"/> millidegrees (rounded to its 1/16 °C step), 12-bit.</summary>
    public static string Good(int milli) => Kernel(Ds18b20(milli / 1000.0), milli);

    // Real captures of a DS18B20, from the field.
    public const string CrcNo = "72 01 4b 46 7f ff 0e 10 57 : crc=12 NO\n72 01 4b 46 7f ff 0e 10 57 t=23125\n";

    public const string AllZero = "00 00 00 00 00 00 00 00 00 : crc=00 YES\n00 00 00 00 00 00 00 00 00 t=0\n";

    public const string PowerOn = "50 05 4b 46 7f ff 0c 10 1c : crc=1c YES\n50 05 4b 46 7f ff 0c 10 1c t=85000\n";

    /// <summary>
    /// A DS18B20 (and DS1822, DS28EA00, DS1825: the same layout) reading <paramref name="celsius"/>: the temperature
    /// register in 1/16 °C (two's complement, LSB first), TH, TL, the configuration register, then FFh, byte 6 as a
    /// finished conversion leaves it, 10h.
    /// </summary>
    public static byte[] Ds18b20(double celsius, byte configuration = 0x7F)
    {
        var raw = (short)Math.Round(celsius * 16, MidpointRounding.AwayFromZero);
        return [(byte)raw, (byte)(raw >> 8), 0x4B, 0x46, configuration, 0xFF, (byte)(0x10 - (raw & 0x0F)), 0x10];
    }

    /// <summary>
    /// A DS18S20 reading <paramref name="celsius"/> (a multiple of 1/16 °C): the 9-bit register in 0.5 °C, and
    /// COUNT_REMAIN and COUNT_PER_C (10h) such that TEMP_READ - 0.25 + (COUNT_PER_C - COUNT_REMAIN) / COUNT_PER_C is the
    /// temperature (the datasheet's extended resolution, TEMP_READ being the register with its 0.5 bit dropped).
    /// </summary>
    public static byte[] Ds18s20(double celsius)
    {
        var raw = (short)Math.Round(celsius * 2, MidpointRounding.AwayFromZero);
        var remain = 16 - (int)Math.Round((celsius - (raw >> 1) + 0.25) * 16);
        if (remain is < 0 or > 16)
        {
            throw new ArgumentOutOfRangeException(nameof(celsius), "not a DS18S20 value");
        }

        return [(byte)raw, (byte)(raw >> 8), 0x4B, 0x46, 0xFF, 0xFF, (byte)remain, 0x10];
    }

    /// <summary>A MAX31850 reading <paramref name="celsius"/> (0.25 °C steps), or with a fault (bit 0 set, and its kind in byte 2).</summary>
    public static byte[] Max31850(double celsius, byte fault = 0, byte address = 0)
    {
        var raw = (short)((short)Math.Round(celsius * 4, MidpointRounding.AwayFromZero) << 2 | (fault != 0 ? 1 : 0));
        return [(byte)raw, (byte)(raw >> 8), (byte)(0x70 | fault), 0x01, (byte)(0xF0 | address), 0xFF, 0xFF, 0xFF];
    }

    /// <summary>
    /// The file the kernel shows for a read of <paramref name="first8"/> that passed its CRC: the bytes and their CRC
    /// on both lines, and <c>t=</c>.
    /// </summary>
    public static string Kernel(byte[] first8, int t) => Kernel(first8, t, lastGood: null, crcOk: true);

    /// <summary>
    /// A read that failed its CRC: line 1 shows the bad bytes and NO, line 2 still the last good read's bytes, and
    /// <c>t=</c> computed from the bad bytes (as the kernel does).
    /// </summary>
    public static string KernelCrcFailure(byte[] bad8, byte[] lastGood8, int t) => Kernel(bad8, t, lastGood8, crcOk: false);

    static string Kernel(byte[] first8, int t, byte[]? lastGood, bool crcOk)
    {
        var crc = Crc8(first8);
        byte[] read = [.. first8, crcOk ? crc : (byte)(crc ^ 0x5A)];
        byte[] shown = lastGood is null ? read : [.. lastGood, Crc8(lastGood)];
        static string Hex(byte[] bytes) => string.Concat(bytes.Select(b => b.ToString("x2", CultureInfo.InvariantCulture) + " "));
        return new StringBuilder()
            .Append(Hex(read)).Append(CultureInfo.InvariantCulture, $": crc={crc:x2} {(crcOk ? "YES" : "NO")}\n")
            .Append(Hex(shown)).Append(CultureInfo.InvariantCulture, $"t={t}\n")
            .ToString();
    }

    /// <summary>Dallas/Maxim CRC-8, table-free, written from the polynomial (x^8 + x^5 + x^4 + 1) MSB-first on reversed bits.</summary>
    public static byte Crc8(byte[] data)
    {
        static byte Reverse(byte b)
        {
            byte r = 0;
            for (var i = 0; i < 8; i++)
            {
                r = (byte)((r << 1) | ((b >> i) & 1));
            }

            return r;
        }

        var crc = 0;
        foreach (var b in data)
        {
            crc ^= Reverse(b);
            for (var i = 0; i < 8; i++)
            {
                crc = (crc & 0x80) != 0 ? ((crc << 1) ^ 0x31) & 0xFF : (crc << 1) & 0xFF;
            }
        }

        return Reverse((byte)crc);
    }

    public FakeW1Tree Probe(string id, string w1Slave)
    {
        var folder = Path.Join(Root, id);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Join(folder, "w1_slave"), w1Slave);
        return this;
    }

    public void Unplug(string id) => Directory.Delete(Path.Join(Root, id), recursive: true);
}
