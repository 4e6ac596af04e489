using DataLogger.Device.Sensors;
using DataLogger.Ports;
using DataLogger.Testing;

namespace DataLogger.Device.Tests;

public sealed class Ds18b20SensorTests : IDisposable
{
    readonly TempDirectory _temp = new();
    readonly FakeW1Tree _tree;

    public Ds18b20SensorTests()
    {
        _tree = new FakeW1Tree(_temp.Combine("w1"));
        Directory.CreateDirectory(_tree.Root);
    }

    public void Dispose() => _temp.Dispose();

    Ds18b20Sensor Sensor(string id = FakeW1Tree.GoodId) => new(id, _tree.Root, attempts: 3, retryDelay: TimeSpan.FromMilliseconds(1));

    [Theory]
    [InlineData(23125, 23.125)]
    [InlineData(-1250, -1.25)]
    [InlineData(0, 0.0)]
    [InlineData(85000, 85.0)] // a real 85 °C (a hot tub gone wrong): the scratchpad is not the reset value
    public async Task Good_reads(int milli, double celsius)
    {
        _tree.Probe(FakeW1Tree.GoodId, FakeW1Tree.Good(milli));
        Assert.Equal(celsius, await Sensor().ReadCelsiusAsync());
    }

    [Theory]
    [InlineData(FakeW1Tree.CrcNo, "CRC check failed")]
    [InlineData(FakeW1Tree.AllZero, "all-zero scratchpad")]
    [InlineData(FakeW1Tree.PowerOn, "power-on value")]
    [InlineData("72 01 4b 46 7f ff 0e 10 57 : crc=57 YES\n", "incomplete")]
    [InlineData("72 01 4b 46 7f ff 0e 10 57 : crc=57 YES\n72 01 4b 46 7f ff 0e 10 57\n", "no temperature")]
    public async Task Untrustworthy_reads_are_refused_after_bounded_retries(string w1Slave, string expected)
    {
        _tree.Probe(FakeW1Tree.GoodId, w1Slave);
        var e = await Assert.ThrowsAsync<SensorException>(() => Sensor().ReadCelsiusAsync());
        Assert.Contains(expected, e.Message);
        Assert.Contains("after 3 tries", e.Message);
    }

    [Fact]
    public async Task A_bad_read_followed_by_a_good_one_is_retried_into_a_reading()
    {
        _tree.Probe(FakeW1Tree.GoodId, FakeW1Tree.CrcNo);
        var sensor = new Ds18b20Sensor(FakeW1Tree.GoodId, _tree.Root, attempts: 5, retryDelay: TimeSpan.FromMilliseconds(200));
        var reading = sensor.ReadCelsiusAsync();
        await Task.Delay(50);
        _tree.Probe(FakeW1Tree.GoodId, FakeW1Tree.Good(21500));
        Assert.Equal(21.5, await reading);
    }

    [Fact]
    public async Task A_missing_w1_slave_says_to_check_the_probe()
    {
        var e = await Assert.ThrowsAsync<SensorException>(() => Sensor().ReadCelsiusAsync());
        Assert.Contains("is not there", e.Message);
        Assert.Contains("plugged in", e.Message);
    }

    [Fact]
    public async Task A_probe_unplugged_mid_run_fails_clearly_and_recovers_when_plugged_back()
    {
        _tree.Probe(FakeW1Tree.GoodId, FakeW1Tree.Good(20000));
        var sensor = Sensor();
        Assert.Equal(20.0, await sensor.ReadCelsiusAsync());
        _tree.Unplug(FakeW1Tree.GoodId);
        await Assert.ThrowsAsync<SensorException>(() => sensor.ReadCelsiusAsync());
        _tree.Probe(FakeW1Tree.GoodId, FakeW1Tree.Good(20500));
        Assert.Equal(20.5, await sensor.ReadCelsiusAsync());
    }

    [Fact]
    public void Discovers_only_ds18b20_probes_in_order()
    {
        _tree.Probe("28-000000000002", FakeW1Tree.Good(1)).Probe("28-000000000001", FakeW1Tree.Good(1)).Probe("10-000000000003", FakeW1Tree.Good(1));
        Directory.CreateDirectory(Path.Join(_tree.Root, "w1_bus_master1"));
        Assert.Equal(["28-000000000001", "28-000000000002"], Ds18b20Sensor.Discover(_tree.Root));
        Assert.Empty(Ds18b20Sensor.Discover(_temp.Combine("nothing")));
    }

    [Fact]
    public void Auto_uses_a_ds18b20_when_one_is_attached_else_the_simulation()
    {
        Assert.IsType<SimulatedSensor>(Sensors.Sensors.Create(SensorKind.Auto, _tree.Root));
        _tree.Probe(FakeW1Tree.GoodId, FakeW1Tree.Good(1));
        var sensor = Assert.IsType<Ds18b20Sensor>(Sensors.Sensors.Create(SensorKind.Auto, _tree.Root));
        Assert.Equal(FakeW1Tree.GoodId, sensor.Id);
    }

    [Fact]
    public void Asking_for_a_ds18b20_that_is_not_there_says_how_to_enable_one()
    {
        var e = Assert.Throws<SensorException>(() => Sensors.Sensors.Create(SensorKind.Ds18b20, _tree.Root));
        Assert.Contains("dtoverlay=w1-gpio", e.Message);
    }

    [Fact]
    public async Task The_thermal_zone_reads_millidegrees()
    {
        var path = _temp.Combine("temp");
        await File.WriteAllTextAsync(path, "48312\n");
        Assert.Equal(48.312, await new ThermalZoneSensor(path).ReadCelsiusAsync());
        await File.WriteAllTextAsync(path, "hot\n");
        await Assert.ThrowsAsync<SensorException>(() => new ThermalZoneSensor(path).ReadCelsiusAsync());
    }
}
