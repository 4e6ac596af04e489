using DataLogger.Device.Sensors;
using DataLogger.Ports;
using DataLogger.Testing;

namespace DataLogger.Device.Tests;

public sealed class OneWireSensorTests : IDisposable
{
    readonly TempDirectory _temp = new();
    readonly FakeW1Tree _tree;

    public OneWireSensorTests()
    {
        _tree = new FakeW1Tree(_temp.Combine("w1"));
        Directory.CreateDirectory(_tree.Root);
    }

    public void Dispose() => _temp.Dispose();

    OneWireSensor Sensor(string id = FakeW1Tree.GoodId) => new(id, _tree.Root, attempts: 3, retryDelay: TimeSpan.FromMilliseconds(1));

    // Reads the bytes; near 85 °C, after a reading of 84 °C (exactly 85.000 °C, the power-on value, is believed only so).
    async Task<double> ReadAsync(string id, byte[] first8, double expected = 0)
    {
        var sensor = Sensor(id);
        if (expected >= 80)
        {
            _tree.Probe(id, id.StartsWith("10-", StringComparison.Ordinal) ? FakeW1Tree.Kernel(FakeW1Tree.Ds18s20(84.0), 84000) : FakeW1Tree.Good(84000));
            Assert.Equal(84.0, await sensor.ReadValueAsync());
        }

        _tree.Probe(id, FakeW1Tree.Kernel(first8, 0));
        return await sensor.ReadValueAsync();
    }

    // The DS18B20 datasheet's table of temperatures and their registers (LSB, MSB), and the kernel's millidegrees
    // (integer arithmetic: t*1000/16, truncated toward zero).
    [Theory]
    [InlineData(0xD0, 0x07, 125.0)]
    [InlineData(0x50, 0x05, 85.0)] // a finished conversion at 85 °C (byte 6 is 10h): a real reading
    [InlineData(0x91, 0x01, 25.062)] // +25.0625
    [InlineData(0xA2, 0x00, 10.125)]
    [InlineData(0x5E, 0x01, 21.875)] // kept exactly: not 21.88
    [InlineData(0x08, 0x00, 0.5)]
    [InlineData(0x00, 0x00, 0.0)]
    [InlineData(0xF8, 0xFF, -0.5)]
    [InlineData(0xFF, 0xFF, -0.062)] // -0.0625 truncated toward zero
    [InlineData(0x5E, 0xFF, -10.125)]
    [InlineData(0x6F, 0xFE, -25.062)] // -25.0625
    [InlineData(0x90, 0xFC, -55.0)]
    public async Task A_ds18b20s_register_is_read_at_the_kernels_millidegrees(byte lsb, byte msb, double celsius)
    {
        foreach (var family in new[] { "28", "22", "42" }) // DS18B20, DS1822, DS28EA00 share the layout
        {
            Assert.Equal(celsius, await ReadAsync($"{family}-0000000000{lsb:x2}", [lsb, msb, 0x4B, 0x46, 0x7F, 0xFF, 0x10, 0x10], celsius));
        }
    }

    // The DS18S20 datasheet's 9-bit registers with COUNT_REMAIN / COUNT_PER_C: TEMP_READ - 0.25 + (16 - remain) / 16.
    [Theory]
    [InlineData(0xAA, 0x00, 0x0C, 85.0)] // a finished conversion (the power-on value has byte 6 at 0Ch too, but COUNT_PER_C... see below)
    [InlineData(0x32, 0x00, 0x0C, 25.0)]
    [InlineData(0x32, 0x00, 0x10, 24.75)]
    [InlineData(0x33, 0x00, 0x01, 25.687)] // 25 - 0.25 + 15/16 = 25.6875, truncated
    [InlineData(0x01, 0x00, 0x0C, 0.0)]
    [InlineData(0x00, 0x00, 0x04, 0.5)]
    [InlineData(0xFF, 0xFF, 0x04, -0.5)]
    [InlineData(0xFF, 0xFF, 0x0C, -1.0)]
    [InlineData(0xCE, 0xFF, 0x0C, -25.0)]
    [InlineData(0x92, 0xFF, 0x0C, -55.0)]
    public async Task A_ds18s20_has_its_own_conversion(byte lsb, byte msb, byte remain, double celsius)
    {
        var bytes = new byte[] { lsb, msb, 0x4B, 0x46, 0xFF, 0xFF, remain, 0x10 };
        if (lsb == 0xAA)
        {
            bytes[6] = 0x0C;
            bytes[7] = 0x11; // not the power-on scratchpad (COUNT_PER_C 10h): 85 - 0.25 + 5/17
            celsius = 85.044;
        }

        Assert.Equal(celsius, await ReadAsync("10-000803673bd2", bytes, celsius));
    }

    [Fact]
    public async Task The_same_bytes_decoded_as_the_wrong_family_would_be_nonsense()
    {
        byte[] bytes = [0x32, 0x00, 0x4B, 0x46, 0xFF, 0xFF, 0x0C, 0x10]; // a DS18S20 at 25 °C
        Assert.Equal(25.0, await ReadAsync("10-000803673bd2", bytes));
        Assert.Equal(3.171, await ReadAsync("28-000803673bd2", bytes)); // what a DS18B20 decoder makes of them (its byte 4 even reads as a GX20MH01's 14-bit mode)
    }

    [Theory]
    [InlineData(21.875)]
    [InlineData(-10.125)]
    [InlineData(0.0625)]
    [InlineData(30.5)]
    [InlineData(-0.25)]
    public async Task Generated_scratchpads_of_every_family_read_back(double celsius)
    {
        Assert.Equal(Math.Truncate(celsius * 1000) / 1000, await ReadAsync("28-aa0000000001", FakeW1Tree.Ds18b20(celsius), celsius));
        Assert.Equal(Math.Truncate(celsius * 1000) / 1000, await ReadAsync("3b-aa0000000001", FakeW1Tree.Ds18b20(celsius, configuration: 0x70), celsius)); // DS1825
        Assert.Equal(Math.Truncate(celsius * 1000) / 1000, await ReadAsync("10-aa0000000001", FakeW1Tree.Ds18s20(celsius), celsius));
        var quarter = Math.Round(celsius * 4, MidpointRounding.AwayFromZero) / 4;
        Assert.Equal(quarter, await ReadAsync("3b-bb0000000001", FakeW1Tree.Max31850(celsius)));
    }

    [Fact]
    public async Task A_gx20mh01_in_14_bit_mode_adds_two_bits_from_its_configuration_register()
    {
        // 21.875 °C in 1/16 (015Eh), two more bits (01) below it: 1401/64 = 21.890625 °C.
        Assert.Equal(21.89, await ReadAsync("28-0000000000e1", [0x5E, 0x01, 0x4B, 0x46, 0xE1, 0xFF, 0x10, 0x10]));
    }

    [Theory]
    [InlineData(1, "open circuit")]
    [InlineData(2, "shorted to ground")]
    [InlineData(4, "shorted to VDD")]
    public async Task A_max31850_fault_is_refused_with_what_it_is(byte fault, string expected)
    {
        _tree.Probe("3b-0000001877a5", FakeW1Tree.Kernel(FakeW1Tree.Max31850(21.0, fault), 0));
        var e = await Assert.ThrowsAsync<SensorException>(() => Sensor("3b-0000001877a5").ReadValueAsync());
        Assert.Contains(expected, e.Message);
        Assert.StartsWith("DS1825/MAX31850 3b-0000001877a5: the MAX31850 reports a thermocouple fault", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_a_crc_failure_line_two_shows_the_last_good_bytes_and_nothing_of_it_is_taken()
    {
        var lastGood = FakeW1Tree.Ds18b20(21.0);
        var bad = FakeW1Tree.Ds18b20(44.0);
        var text = FakeW1Tree.KernelCrcFailure(bad, lastGood, t: 44000);
        Assert.Contains("NO\n", text);
        _tree.Probe(FakeW1Tree.GoodId, text);
        var e = await Assert.ThrowsAsync<SensorException>(() => Sensor().ReadValueAsync());
        Assert.Contains("CRC check failed", e.Message);
    }

    [Fact]
    public async Task A_yes_whose_bytes_do_not_match_their_crc_is_a_damaged_file()
    {
        _tree.Probe(FakeW1Tree.GoodId, "72 01 4b 46 7f ff 0e 10 58 : crc=58 YES\n72 01 4b 46 7f ff 0e 10 58 t=23125\n");
        var e = await Assert.ThrowsAsync<SensorException>(() => Sensor().ReadValueAsync());
        Assert.Contains("do not match their CRC", e.Message);
    }

    [Fact]
    public async Task Exactly_85_is_believed_only_after_a_reading_near_it_whatever_the_reserved_bytes()
    {
        // A clone whose reserved byte is not the reset value 0Ch: today's rule would have taken its 85.000 °C.
        var sensor = Sensor();
        _tree.Probe(FakeW1Tree.GoodId, FakeW1Tree.Good(85000));
        var first = await Assert.ThrowsAsync<SensorException>(() => sensor.ReadValueAsync());
        Assert.Equal("power_on", first.Reason);
        Assert.Contains("previous reading was none yet", first.Message);

        _tree.Probe(FakeW1Tree.GoodId, FakeW1Tree.Good(25500));
        Assert.Equal(25.5, await sensor.ReadValueAsync());
        _tree.Probe(FakeW1Tree.GoodId, FakeW1Tree.Good(85000));
        var spike = await Assert.ThrowsAsync<SensorException>(() => sensor.ReadValueAsync()); // a pool at 25.5 °C does not jump to 85
        Assert.Contains("previous reading was 25.500 °C", spike.Message);

        // A hot tub's heater gone wrong climbs through 83 °C: then 85.000 °C is real, even with the reset byte.
        _tree.Probe(FakeW1Tree.GoodId, FakeW1Tree.Good(83250));
        Assert.Equal(83.25, await sensor.ReadValueAsync());
        _tree.Probe(FakeW1Tree.GoodId, FakeW1Tree.PowerOn);
        Assert.Equal(85.0, await sensor.ReadValueAsync());
        _tree.Probe(FakeW1Tree.GoodId, FakeW1Tree.Good(85000));
        Assert.Equal(85.0, await sensor.ReadValueAsync());
    }

    [Fact]
    public async Task A_ds18s20_power_on_scratchpad_is_refused()
    {
        _tree.Probe("10-000803673bd2", FakeW1Tree.Kernel([0xAA, 0x00, 0x4B, 0x46, 0xFF, 0xFF, 0x0C, 0x10], 85000));
        var e = await Assert.ThrowsAsync<SensorException>(() => Sensor("10-000803673bd2").ReadValueAsync());
        Assert.Contains("power-on value", e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    public async Task An_empty_read_says_what_newer_kernels_mean_by_it(string text)
    {
        _tree.Probe(FakeW1Tree.GoodId, text);
        var e = await Assert.ThrowsAsync<SensorException>(() => Sensor().ReadValueAsync());
        Assert.Contains("came back empty", e.Message);
        Assert.Contains("after 3 tries", e.Message);
    }

    [Fact]
    public void The_crc_is_the_one_of_real_captures()
    {
        Assert.Equal(0x57, FakeW1Tree.Crc8([0x72, 0x01, 0x4B, 0x46, 0x7F, 0xFF, 0x0E, 0x10]));
        Assert.Equal(0x1C, FakeW1Tree.Crc8([0x50, 0x05, 0x4B, 0x46, 0x7F, 0xFF, 0x0C, 0x10]));
        Assert.Equal(0xA2, FakeW1Tree.Crc8([0x02, 0x1C, 0xB8, 0x01, 0x00, 0x00, 0x00])); // Maxim application note 27's ROM example
    }

    [Theory]
    [InlineData(23125, 23.125)]
    [InlineData(-1250, -1.25)]
    [InlineData(0, 0.0)]
    public async Task Good_reads(int milli, double celsius)
    {
        _tree.Probe(FakeW1Tree.GoodId, FakeW1Tree.Good(milli));
        Assert.Equal(celsius, await Sensor().ReadValueAsync());
    }

    [Theory]
    [InlineData(FakeW1Tree.CrcNo, "CRC check failed", "crc")]
    [InlineData(FakeW1Tree.AllZero, "all-zero scratchpad", "all_zero")]
    [InlineData(FakeW1Tree.PowerOn, "power-on value", "power_on")]
    [InlineData("", "came back empty", "empty")]
    [InlineData("72 01 4b 46 7f ff 0e 10 57 : crc=57 YES\n", "incomplete", "damaged")]
    [InlineData("72 01 4b 46 7f ff 0e 10 : crc=57 YES\n72 01 4b 46 7f ff 0e 10 57 t=23125\n", "nine scratchpad bytes", "damaged")]
    [InlineData("72 01 4b 46 7f ff 0e 10 57 YES\n72 01 4b 46 7f ff 0e 10 57 t=23125\n", "no CRC verdict", "damaged")]
    public async Task Untrustworthy_reads_are_refused_after_bounded_retries_each_with_its_reason(string w1Slave, string expected, string reason)
    {
        _tree.Probe(FakeW1Tree.GoodId, w1Slave);
        var e = await Assert.ThrowsAsync<SensorException>(() => Sensor().ReadValueAsync());
        Assert.Contains(expected, e.Message);
        Assert.Contains("after 3 tries", e.Message);
        Assert.Equal(reason, e.Reason); // the metrics' reason label
        Assert.Contains(reason, SensorException.Reasons);
    }

    [Fact]
    public async Task A_missing_probe_and_a_thermocouple_fault_have_their_reasons()
    {
        var missing = await Assert.ThrowsAsync<SensorException>(() => Sensor("28-00000000dead").ReadValueAsync());
        Assert.Equal("missing", missing.Reason);
        _tree.Probe("3b-0000001877a5", FakeW1Tree.Kernel(FakeW1Tree.Max31850(21.0, 1), 0));
        var fault = await Assert.ThrowsAsync<SensorException>(() => Sensor("3b-0000001877a5").ReadValueAsync());
        Assert.Equal("fault", fault.Reason);
    }

    [Fact]
    public async Task A_bad_read_followed_by_a_good_one_is_retried_into_a_reading()
    {
        _tree.Probe(FakeW1Tree.GoodId, FakeW1Tree.CrcNo);
        var sensor = new OneWireSensor(FakeW1Tree.GoodId, _tree.Root, attempts: 5, retryDelay: TimeSpan.FromMilliseconds(200));
        var reading = sensor.ReadValueAsync();
        await Task.Delay(50);
        _tree.Probe(FakeW1Tree.GoodId, FakeW1Tree.Good(21500));
        Assert.Equal(21.5, await reading);
    }

    [Fact]
    public async Task A_missing_w1_slave_says_to_check_the_probe()
    {
        var e = await Assert.ThrowsAsync<SensorException>(() => Sensor().ReadValueAsync());
        Assert.Contains("is not there", e.Message);
        Assert.Contains("plugged in", e.Message);
    }

    [Fact]
    public async Task A_probe_unplugged_mid_run_fails_clearly_and_recovers_when_plugged_back()
    {
        _tree.Probe(FakeW1Tree.GoodId, FakeW1Tree.Good(20000));
        var sensor = Sensor();
        Assert.Equal(20.0, await sensor.ReadValueAsync());
        _tree.Unplug(FakeW1Tree.GoodId);
        await Assert.ThrowsAsync<SensorException>(() => sensor.ReadValueAsync());
        _tree.Probe(FakeW1Tree.GoodId, FakeW1Tree.Good(20500));
        Assert.Equal(20.5, await sensor.ReadValueAsync());
    }

    [Fact]
    public void Discovers_the_thermometers_of_every_family_in_order_and_nothing_else()
    {
        foreach (var id in new[] { "28-000000000002", "28-000000000001", "10-000000000003", "3b-000000000004", "22-000000000005", "42-000000000006", "01-000000000007", "2d-000000000008" })
        {
            _tree.Probe(id, FakeW1Tree.Good(1));
        }

        Directory.CreateDirectory(Path.Join(_tree.Root, "w1_bus_master1"));
        Assert.Equal(["10-000000000003", "22-000000000005", "28-000000000001", "28-000000000002", "3b-000000000004", "42-000000000006"], OneWireSensor.Discover(_tree.Root));
        Assert.Empty(OneWireSensor.Discover(_temp.Combine("nothing")));
        Assert.Equal("DS18S20 10-000000000003", new OneWireSensor("10-000000000003", _tree.Root).Description);
        var e = Assert.Throws<ArgumentException>(() => new OneWireSensor("01-000000000007", _tree.Root));
        Assert.Contains("not a 1-Wire thermometer's id", e.Message);
    }

    [Fact]
    public void Auto_uses_a_ds18b20_when_one_is_attached_else_the_simulation()
    {
        Assert.IsType<SimulatedSensor>(Sensors.Sensors.Create(SensorKind.Auto, _tree.Root));
        _tree.Probe(FakeW1Tree.GoodId, FakeW1Tree.Good(1));
        var sensor = Assert.IsType<OneWireSensor>(Sensors.Sensors.Create(SensorKind.Auto, _tree.Root));
        Assert.Equal(FakeW1Tree.GoodId, sensor.Id);
    }

    [Fact]
    public void Asking_for_a_ds18b20_that_is_not_there_says_how_to_enable_one()
    {
        var e = Assert.Throws<SensorException>(() => Sensors.Sensors.Create(SensorKind.OneWire, _tree.Root));
        Assert.Contains("dtoverlay=w1-gpio", e.Message);
    }

    [Fact]
    public async Task The_thermal_zone_reads_millidegrees()
    {
        var path = _temp.Combine("temp");
        await File.WriteAllTextAsync(path, "48312\n");
        Assert.Equal(48.312, await new ThermalZoneSensor(path).ReadValueAsync());
        await File.WriteAllTextAsync(path, "hot\n");
        await Assert.ThrowsAsync<SensorException>(() => new ThermalZoneSensor(path).ReadValueAsync());
    }
}
