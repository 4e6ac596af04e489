using DataLogger.Readings;

namespace DataLogger.Core.Tests;

public sealed class ReadingTests
{
    [Fact]
    public void Fahrenheit_is_derived_from_celsius()
    {
        var reading = Reading.Create(1764201600, 27.31);
        Assert.Equal(81.158, reading.Fahrenheit);
        Assert.Equal(71.375, Reading.Create(1764201600, 21.875).Fahrenheit);
        Assert.Equal(32.0, Reading.Create(1764201600, 0).Fahrenheit);
        Assert.Equal(-40.0, Reading.Create(1764201600, -40).Fahrenheit);
    }

    [Fact]
    public void Celsius_is_rounded_to_the_contract_precision()
    {
        // The kernel reports millidegrees: t=27312 is 27.312 °C, and a DS18B20's 1/16 °C steps stay exact.
        Assert.Equal(27.312, Reading.Create(1764201600, 27.312).Celsius);
        Assert.Equal(21.875, Reading.Create(1764201600, 21.875).Celsius);
        Assert.Equal(-0.062, Reading.Create(1764201600, -0.062).Celsius);
        Assert.Equal(27.313, Reading.Create(1764201600, 27.3125).Celsius); // a finer value (a calibration offset) to millidegrees
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(-55.01)]
    [InlineData(125.5)]
    public void Rejects_temperatures_that_are_not_plausible(double celsius)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Reading.Create(1764201600, celsius));
        Assert.Contains("temperature", e.Message);
    }

    [Fact]
    public void Rejects_a_timestamp_from_a_clock_that_was_never_set()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Reading.Create(120, 20));
        Assert.Contains("clock", e.Message);
    }

    [Fact]
    public void Time_is_the_utc_instant_of_the_timestamp()
    {
        Assert.Equal(new DateTimeOffset(2025, 11, 27, 0, 0, 0, TimeSpan.Zero), Reading.Create(1764201600, 20).Time);
    }

    [Fact]
    public void Creating_from_an_instant_drops_the_sub_second_part()
    {
        var time = new DateTimeOffset(2025, 11, 27, 0, 0, 0, 999, TimeSpan.FromHours(1));
        Assert.Equal(1764198000, Reading.Create(time, 20).Timestamp);
    }
}
