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
        Assert.Equal(22.6, IngestDevice.TemperatureOf(points[2]));
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
}
