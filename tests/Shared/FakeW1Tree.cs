namespace DataLogger.Testing;

/// <summary>A fake <c>/sys/bus/w1/devices</c> tree with DS18B20 probes whose <c>w1_slave</c> files tests write.</summary>
sealed class FakeW1Tree(string root)
{
    public string Root { get; } = root;

    public const string GoodId = "28-0316a279c4ff";

    public static string Good(int milli) => $"72 01 4b 46 7f ff 0e 10 57 : crc=57 YES\n72 01 4b 46 7f ff 0e 10 57 t={milli}\n";

    public const string CrcNo = "72 01 4b 46 7f ff 0e 10 57 : crc=12 NO\n72 01 4b 46 7f ff 0e 10 57 t=23125\n";

    public const string AllZero = "00 00 00 00 00 00 00 00 00 : crc=00 YES\n00 00 00 00 00 00 00 00 00 t=0\n";

    public const string PowerOn = "50 05 4b 46 7f ff 0c 10 1c : crc=1c YES\n50 05 4b 46 7f ff 0c 10 1c t=85000\n";

    public FakeW1Tree Probe(string id, string w1Slave)
    {
        var folder = Path.Join(Root, id);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Join(folder, "w1_slave"), w1Slave);
        return this;
    }

    public void Unplug(string id) => Directory.Delete(Path.Join(Root, id), recursive: true);
}
