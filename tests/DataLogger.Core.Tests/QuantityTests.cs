using System.Text;
using DataLogger.Readings;

namespace DataLogger.Core.Tests;

/// <summary>The known quantities (one list), and a reading of another quantity as the data contract stores it.</summary>
public sealed class QuantityTests
{
    [Fact]
    public void The_list_has_each_name_once_and_each_a_unit_a_range_and_a_metric_name()
    {
        Assert.Equal(Quantity.All.Count, Quantity.All.Select(q => q.Name).Distinct().Count());
        Assert.Equal(Quantity.All.Count, Quantity.All.Select(q => q.MetricName).Distinct().Count());
        Assert.All(Quantity.All, q =>
        {
            Assert.Matches("^[a-z][a-z_]*$", q.Name);
            Assert.False(string.IsNullOrWhiteSpace(q.Unit));
            Assert.True(q.Min < q.Max);
            Assert.Same(q, Quantity.Parse(q.Name));
        });
        Assert.Same(Quantity.Temperature, Quantity.All[0]);
    }

    [Theory]
    [InlineData("humidity", "humidity", "%")]
    [InlineData("Free-Chlorine", "free_chlorine", "ppm")]
    [InlineData(" ph ", "ph", "pH")]
    [InlineData("number:L/min", "number", "L/min")]
    [InlineData("NUMBER:rpm", "number", "rpm")]
    public void Parses_names_and_a_number_with_the_owners_unit(string text, string name, string unit)
    {
        var quantity = Quantity.Parse(text);
        Assert.Equal((name, unit), (quantity.Name, quantity.Unit));
    }

    [Theory]
    [InlineData("humdity")]
    [InlineData("number:")]
    [InlineData("number:a unit that is far too long")]
    public void Refuses_what_is_no_quantity_with_the_names_it_takes(string text)
    {
        var e = Assert.Throws<FormatException>(() => Quantity.Parse(text));
        Assert.Contains(text.Contains(':', StringComparison.Ordinal) ? "number:L/min" : "humidity, pressure, ph", e.Message);
    }

    [Fact]
    public void A_value_outside_its_quantitys_range_or_a_state_other_than_on_or_off_is_refused()
    {
        Assert.Null(Quantity.Humidity.Check(57.3));
        Assert.Equal("humidity 101 % is outside the supported range 0 to 100 %", Quantity.Humidity.Check(101));
        Assert.Equal("pH 14.5 is outside the supported range 0 to 14", Quantity.Ph.Check(14.5));
        Assert.Equal("a state is 1 (on) or 0 (off), not 0.5", Quantity.State.Check(0.5));
        Assert.NotNull(Quantity.Power.Check(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => Reading.Create(Quantity.Orp, 1796256000, 2500));
    }

    [Fact]
    public void A_reading_is_rounded_to_its_quantitys_decimals_and_formatted_in_its_unit()
    {
        Assert.Equal(57.3, Reading.Create(Quantity.Humidity, 1796256000, 57.26).Value);
        Assert.Equal(7.42, Reading.Create(Quantity.Ph, 1796256000, 7.4249).Value);
        Assert.Equal(712, Reading.Create(Quantity.Orp, 1796256000, 711.6).Value);
        Assert.Equal("57.3%", Quantity.Humidity.Format(57.3));
        Assert.Equal("pH 7.4", Quantity.Ph.Format(7.4));
        Assert.Equal("743.2 W", Quantity.Power.Format(743.2));
        Assert.Equal("on", Quantity.State.Format(1));
    }

    [Fact]
    public void A_temperature_is_stored_in_the_original_contract_and_anything_else_as_value_and_unit()
    {
        Assert.Equal(
            "{\"timestamp\":1796256000,\"celsius\":27.3,\"fahrenheit\":81.14}",
            ReadingJson.ToJson(Reading.Create(Quantity.Temperature, 1796256000, 27.3)));
        var humidity = Reading.Create(Quantity.Humidity, 1796256000, 57.3, "AM2301");
        Assert.Equal("{\"timestamp\":1796256000,\"value\":57.3,\"unit\":\"%\",\"sensor\":\"AM2301\"}", ReadingJson.ToJson(humidity));
        Assert.Equal(humidity, ReadingJson.Decode(ReadingJson.Encode(humidity)));
        Assert.Equal("{\"timestamp\":1796256000,\"value\":1,\"unit\":\"on/off\"}", ReadingJson.ToJson(Reading.Create(Quantity.State, 1796256000, 1)));
        Assert.Equal("{\"timestamp\":1796256000,\"value\":12.5,\"unit\":\"L/min\"}", ReadingJson.ToJson(Reading.Create(Quantity.Parse("number:L/min"), 1796256000, 12.5)));
    }

    [Theory]
    [InlineData("{\"timestamp\":1796256000,\"value\":57.3}", "the field 'unit' is missing")]
    [InlineData("{\"timestamp\":1796256000,\"unit\":\"%\"}", "'value' with its 'unit', is missing")]
    [InlineData("{\"timestamp\":1796256000,\"value\":\"57.3\",\"unit\":\"%\"}", "the field 'value' must be a number, not a string")]
    [InlineData("{\"timestamp\":1796256000,\"value\":57.3,\"unit\":5}", "the field 'unit' must be a string, not Number")]
    [InlineData("{\"timestamp\":100,\"value\":57.3,\"unit\":\"%\"}", "before 2000-01-01")]
    public void An_object_of_another_quantity_that_is_wrong_says_what(string json, string expected)
    {
        var e = Assert.Throws<ReadingFormatException>(() => ReadingJson.Decode(Encoding.UTF8.GetBytes(json)));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void A_compacted_row_keeps_value_and_unit_and_writes_them_back()
    {
        var humidity = Reading.Create(Quantity.Humidity, 1796256000, 57.3);
        var key = ReadingKey.For("humidity", humidity);
        var row = CompactedRow.FromObject(key, ReadingJson.Encode(humidity))!;
        Assert.Equal((57.3, "%"), (row.Value, row.Unit));
        Assert.Null(row.Celsius);
        Assert.Equal(ReadingJson.ToJson(humidity), Encoding.UTF8.GetString(row.ToJson()));
        Assert.False(row.IsSameReading(row with { Value = 57.4 }));
    }
}
