using System.Text;
using DataLogger.Readings;

namespace DataLogger.Core.Tests;

public sealed class ReadingJsonTests
{
    static Reading Decode(string json) => ReadingJson.Decode(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Writes_one_compact_line_in_the_contract_shape()
    {
        var text = Encoding.UTF8.GetString(ReadingJson.Encode(Reading.Create(1764201600, 21.875)));
        Assert.Equal("{\"timestamp\":1764201600,\"celsius\":21.875,\"fahrenheit\":71.375}\n", text);
    }

    [Fact]
    public void Older_objects_written_to_a_hundredth_read_as_they_are()
    {
        var old = ReadingJson.Decode("{\"timestamp\":1764201600,\"celsius\":21.88,\"fahrenheit\":71.38}"u8);
        Assert.Equal((21.88, 71.384), (old.Celsius, old.Fahrenheit)); // Fahrenheit is derived again, from what is stored
        var legacy = ReadingJson.Decode("{\"timestamp\":1764201600,\"celcius\":27.31}"u8);
        Assert.Equal(27.31, legacy.Celsius);
    }

    [Fact]
    public void Writes_the_sensor_id_when_there_is_one()
    {
        Assert.Equal(
            "{\"timestamp\":1764201600,\"celsius\":-1.25,\"fahrenheit\":29.75,\"sensor\":\"28-0316a279c4ff\"}",
            ReadingJson.ToJson(Reading.Create(1764201600, -1.25, "28-0316a279c4ff")));
    }

    [Theory]
    [InlineData(1764201600, 27.31, null)]
    [InlineData(1764201600, -12.5, "28-00000a1b2c3d")]
    [InlineData(946684800, 0, null)]
    [InlineData(1764201600, 124.99, null)]
    [InlineData(1764201600, -55, null)]
    public void Round_trips(long timestamp, double celsius, string? sensor)
    {
        var reading = Reading.Create(timestamp, celsius, sensor);
        Assert.Equal(reading, ReadingJson.Decode(ReadingJson.Encode(reading)));
    }

    [Fact]
    public void Reads_the_original_systems_spelling()
    {
        var reading = Decode("""{"timestamp": 1764201600, "celcius": 27.31, "fahrenheit": 81.16}""");
        Assert.Equal(27.31, reading.Celsius);
    }

    [Fact]
    public void Prefers_celsius_when_both_spellings_are_present()
    {
        Assert.Equal(20.5, Decode("""{"celcius": 99, "timestamp": 1764201600, "celsius": 20.5}""").Celsius);
    }

    [Fact]
    public void Ignores_unknown_fields_and_derives_fahrenheit_itself()
    {
        var reading = Decode("""
            {
              "device": {"name": "pi", "tags": [1, 2, {"x": null}]},
              "timestamp": 1764201600,
              "fahrenheit": 1000,
              "celsius": 25,
              "battery": 3.3
            }
            """);
        Assert.Equal(Reading.Create(1764201600, 25), reading);
        Assert.Equal(77.0, reading.Fahrenheit);
    }

    [Fact]
    public void Accepts_a_byte_order_mark_and_trailing_whitespace()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("{\"timestamp\":1764201600,\"celsius\":1}\r\n\n")).ToArray();
        Assert.Equal(1.0, ReadingJson.Decode(bytes).Celsius);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   \n", "empty")]
    [InlineData("{\"timestamp\":1764201600,\"celsius\":", "not valid JSON")]
    [InlineData("[1,2]", "not a JSON object")]
    [InlineData("27.31", "not a JSON object")]
    [InlineData("{\"timestamp\":1764201600}", "'celsius'")]
    [InlineData("{\"celsius\":20}", "'timestamp' is missing")]
    [InlineData("{\"timestamp\":\"1764201600\",\"celsius\":20}", "'timestamp' must be a number")]
    [InlineData("{\"timestamp\":1764201600.5,\"celsius\":20}", "whole number")]
    [InlineData("{\"timestamp\":1764201600,\"celsius\":\"20\"}", "'celsius' must be a number, not a string")]
    [InlineData("{\"timestamp\":1764201600,\"celsius\":null}", "'celsius' must be a number, not null")]
    [InlineData("{\"timestamp\":1764201600,\"celsius\":NaN}", "not valid JSON")]
    [InlineData("{\"timestamp\":1764201600,\"celsius\":1e999}", "celsius")]
    [InlineData("{\"timestamp\":1764201600,\"celsius\":85000}", "outside the supported range")]
    [InlineData("{\"timestamp\":1764201600,\"celsius\":-273.15}", "outside the supported range")]
    [InlineData("{\"timestamp\":0,\"celsius\":20}", "clock")]
    [InlineData("{\"timestamp\":1764201600,\"celsius\":20} {}", "not valid JSON")]
    public void Malformed_input_gets_a_clear_error(string json, string expected)
    {
        var e = Assert.Throws<ReadingFormatException>(() => Decode(json));
        Assert.Contains(expected, e.Message);
    }
}
