using DataLogger.Ingest;

namespace DataLogger.Core.Tests;

/// <summary>Line protocol as its reference describes it: escapes, quoted strings, integer suffixes, precisions, comments; and the device mapping.</summary>
public sealed class LineProtocolTests
{
    [Fact]
    public void Points_with_tags_fields_escapes_and_timestamps_read_as_the_reference_writes_them()
    {
        var points = LineProtocol.Parse("""
            # Telegraf, a comment line
            temperature,host=shed,id=28-0316a279c4ff value=27.31 1796256000000000000
            weather,location=us\ midwest,station\,name=a\=b temperature=82i,note="a \"quoted\", string",ok=true 1465839830100400200

            DS18B20,device=tasmota_4F2C1A Temperature=22.6,Id="0316A279C4FF"
            """);

        Assert.Equal(3, points.Count);
        Assert.Equal(("temperature", "shed", 27.31), (points[0].Measurement, points[0].Tags["host"], points[0].Fields["value"]));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1796256000), points[0].Time);
        Assert.Equal(("us midwest", "a=b"), (points[1].Tags["location"], points[1].Tags["station,name"]));
        Assert.Equal(82, points[1].Fields["temperature"]);
        Assert.False(points[1].Fields.ContainsKey("note")); // strings and booleans are no readings
        Assert.False(points[1].Fields.ContainsKey("ok"));
        Assert.Null(points[2].Time);
        Assert.Equal(22.6, TemperatureFields.Of(points[2]).Celsius);
    }

    [Theory]
    [InlineData("s", 1796256000L, 1796256000L)]
    [InlineData("ms", 1796256000123L, 1796256000L)]
    [InlineData("us", 1796256000123456L, 1796256000L)]
    [InlineData("ns", 1796256000123456789L, 1796256000L)]
    [InlineData("", 1796256000999999999L, 1796256000L)]
    public void Timestamps_are_read_in_the_precision_asked_for(string precision, long stamp, long seconds) =>
        Assert.Equal(seconds, LineProtocol.Parse($"t value=1 {stamp}", precision)[0].Time!.Value.ToUnixTimeSeconds());

    [Theory]
    [InlineData("temperature", "line 1: a line is")]
    [InlineData("temperature value", "line 1: 'value' is not field=value")]
    [InlineData("temperature value=abc", "line 1: 'abc' is not a field value")]
    [InlineData("temperature value=1 tomorrow", "line 1: 'tomorrow' is not a timestamp")]
    [InlineData("ok value=1\ntemperature,id value=2", "line 2: 'id' is not tag=value")]
    [InlineData("temperature note=\"open", "line 1: a quoted string is not closed")]
    public void Malformed_lines_name_the_line_and_what_is_wrong(string text, string expected) =>
        Assert.StartsWith(expected, Assert.Throws<FormatException>(() => LineProtocol.Parse(text)).Message, StringComparison.Ordinal);

    [Fact]
    public void A_timestamp_out_of_range_for_its_precision_is_refused_not_thrown_through() =>
        Assert.StartsWith("line 1: the timestamp 9223372036854775807 is out of range", Assert.Throws<FormatException>(() => LineProtocol.Parse("t value=1 9223372036854775807", "h")).Message, StringComparison.Ordinal);

    [Fact]
    public void A_device_maps_a_point_by_its_most_specific_selector_else_to_its_series()
    {
        var device = new IngestDevice("telegraf", "0123456789abcdef", "air", new Dictionary<string, string>
        {
            ["temperature"] = "spa",
            ["temperature,id=28-0316a279c4ff"] = "pool",
        });
        var points = LineProtocol.Parse("temperature,id=28-0316a279c4ff,host=a value=1\ntemperature,id=28-ffff value=2\nhumidity value=3");
        Assert.Equal(["pool", "spa", "air"], points.Select(device.SeriesOf));
        Assert.True(device.Accepts("0123456789abcdef"));
        Assert.False(device.Accepts("0123456789abcdeF"));
        Assert.False(device.Accepts(null));
        Assert.Equal(["spa", "pool", "air"], device.AllSeries);
    }

    [Fact]
    public void A_selector_is_read_with_line_protocols_escapes_and_one_that_is_not_a_selector_is_named()
    {
        var device = new IngestDevice("telegraf", "0123456789abcdef", null, new Dictionary<string, string>
        {
            [@"temperature,location=pool\ house,probe=north\,deep"] = "pool",
            [@"pool\ water"] = "spa",
            ["temp,device=0000:00:18.3,sensor=k10temp_tctl"] = "air",
        });
        var points = LineProtocol.Parse("""
            temperature,location=pool\ house,probe=north\,deep value=27.5
            pool\ water temperature=30.1
            temp,device=0000:00:18.3,sensor=k10temp_tctl temp=31.875
            temperature,location=pool\ house,probe=north value=1
            """);
        Assert.Equal(["pool", "spa", "air", null], points.Select(device.SeriesOf));
        Assert.StartsWith("the device 'x' maps 'temperature,id', which is not a name nor a line-protocol selector", IngestDevice.Problem("x", "0123456789abcdef", null, new Dictionary<string, string> { ["temperature,id"] = "pool" }), StringComparison.Ordinal);
        Assert.Null(IngestDevice.Problem("x", "0123456789abcdef", null, device.Map));
    }

    [Theory]
    [InlineData("temperature,device=pool-esp,sensor=ds18b20-1,id=01144A0CB2AA value=27.50", 27.5)] // Tasmota's InfluxDB driver
    [InlineData("DS18B20,device=tasmota_4F2C1A Temperature=22.6,Id=\"0316A279C4FF\"", 22.6)]
    [InlineData("ds18b20,id=28-0316a279c4ff value=21", 21)]
    [InlineData("temp,sensor=coretemp_core_0 temp=45", 45)] // Telegraf's temp plugin
    [InlineData("temp,device=nvme0,sensor=nvme_composite_input temp=32.85", 32.85)] // its older naming: the input
    [InlineData("addon,id=100 tC=27.1,tF=80.8", 27.1)]
    [InlineData("pool tF=80.6", 27.0)]
    [InlineData("fahrenheit,probe=a value=212", 100)]
    [InlineData("weather temperature=82i,humidity=40", 82)]
    public void A_temperature_is_a_field_so_named_or_the_value_of_a_measurement_so_named(string line, double celsius) =>
        Assert.Equal(celsius, TemperatureFields.Of(LineProtocol.Parse(line)[0]).Celsius!.Value, 6);

    [Theory]
    [InlineData("uptimesec,device=pool-esp,sensor=device value=1449", "not a temperature: a temperature is a field named temperature")]
    [InlineData("heap,device=pool-esp,sensor=device value=29", "not a temperature")]
    [InlineData("switch1,device=pool-esp,sensor=device value=1", "not a temperature")]
    [InlineData("humidity,device=pool-esp,sensor=htu21 value=39.7", "not a temperature")]
    [InlineData("dewpoint,device=pool-esp,sensor=htu21 value=13.20", "not a temperature")]
    [InlineData("pool value=27.5", "not a temperature")] // a value of a measurement not named for one
    [InlineData("temp,device=nvme0,sensor=nvme_composite_crit temp=84.85", "'nvme_composite_crit' is a limit or flag of the chip")]
    [InlineData("temp,device=nvme0,sensor=nvme_sensor1_max temp=65261.85", "'nvme_sensor1_max' is a limit")]
    [InlineData("temp,device=nvme0,sensor=nvme_composite_min temp=-273.15", "'nvme_composite_min' is a limit")]
    [InlineData("temp,device=nvme0,sensor=nvme_composite_alarm temp=0", "'nvme_composite_alarm' is a limit")]
    [InlineData("temp,sensor=coretemp_physicalid0_critalarm temp=0", "'coretemp_physicalid0_critalarm' is a limit")] // the README's older example
    [InlineData("temp,sensor=it8728_temp1_crit_hyst temp=90", "'it8728_temp1_crit_hyst' is a limit")]
    public void What_is_not_a_temperature_is_never_one_and_says_why(string line, string why)
    {
        var (celsius, notOne) = TemperatureFields.Of(LineProtocol.Parse(line)[0]);
        Assert.Null(celsius);
        Assert.StartsWith(why, notOne, StringComparison.Ordinal);
    }

    [Fact]
    public void A_batch_stores_what_maps_and_says_what_not_and_why()
    {
        var reader = new IngestReader([], ["pool", "spa", "shed"]);
        var device = new IngestDevice("tasmota", "0123456789abcdef", null, new Dictionary<string, string> { ["temperature,id=01144A0CB2AA"] = "pool", ["humidity"] = "spa" });
        var now = DateTimeOffset.FromUnixTimeSeconds(1796400000);
        IngestBatch Read(IngestDevice d, string body) => reader.Read(new IngestRequest("POST", "/write", new Dictionary<string, string>(), null, null, System.Text.Encoding.UTF8.GetBytes(body)), d, now);

        var batch = Read(device, "switch1,device=e value=1\ntemperature,device=e,sensor=ds18b20-1,id=01144A0CB2AA value=27.5\nhumidity,device=e value=39.7\ntemperature,sensor=global value=27.5");
        Assert.Equal([("pool", 27.5)], batch.Readings.Select(r => (r.Series, r.Reading.Celsius)));
        Assert.Empty(batch.Skipped);
        Assert.Null(batch.PartialWrite);
        Assert.Equal(["switch1,device=e", "humidity,device=e", "temperature,sensor=global"], batch.Ignored.Select(i => i.Point));
        Assert.StartsWith("'tasmota' maps it to no series: add it to its \"map\", such as \"temperature,sensor=global\"", batch.Ignored[2].Why, StringComparison.Ordinal);

        // Nothing stored: the unmapped temperature is said, so a device set up with the wrong id hears why.
        batch = Read(device, "temperature,id=0114502E3BAA value=20");
        Assert.Equal("partial write: temperature,id=0114502E3BAA: 'tasmota' maps it to no series: add it to its \"map\", such as \"temperature,id=0114502E3BAA\": \"pool\" dropped=1", batch.PartialWrite);

        // One series for all: a second, different reading of its second is no reading; the same one again is.
        batch = Read(device with { Map = new Dictionary<string, string>(), Series = "shed" }, "temperature,sensor=a value=20\ntemperature,sensor=b value=21\ntemperature,sensor=c value=20\ntemperature,sensor=d value=130");
        Assert.Equal([20.0, 20.0], batch.Readings.Select(r => r.Reading.Celsius));
        Assert.Equal(["temperature,sensor=b", "temperature,sensor=d"], batch.Skipped.Select(s => s.Point));
        Assert.EndsWith("dropped=2", batch.PartialWrite, StringComparison.Ordinal);
    }
}
