using DataLogger.Query;
using DataLogger.Time;

namespace DataLogger.Query.Tests;

public sealed class ReadingsQueryTests
{
    static readonly TimeWindow Window = TimeWindow.Last(TimeSpan.FromHours(24), new DateTimeOffset(2025, 11, 27, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Names_exactly_the_day_partitions_of_the_window()
    {
        var sql = ReadingsQuery.Sql("readings", "pool", Window);
        Assert.Contains("(year = 2025 AND month = 11 AND day = 26) OR (year = 2025 AND month = 11 AND day = 27)", sql);
        Assert.DoesNotContain("day = 25", sql);
        Assert.DoesNotContain("day = 28", sql);
    }

    [Fact]
    public void Filters_the_series_and_the_window_in_unix_seconds()
    {
        var sql = ReadingsQuery.Sql("pooldb.readings", "spa", Window);
        Assert.Contains("FROM pooldb.readings", sql);
        Assert.Contains("series = 'spa'", sql);
        Assert.Contains("\"timestamp\" > 1764158400 AND \"timestamp\" <= 1764244800", sql);
        Assert.Contains("ORDER BY \"timestamp\"", sql);
    }

    [Fact]
    public void Reads_the_legacy_spelling_and_keeps_only_plausible_temperatures()
    {
        var sql = ReadingsQuery.Sql("readings", "pool", Window);
        Assert.Contains("COALESCE(celsius, celcius) AS celsius", sql);
        Assert.Contains("BETWEEN -55.0 AND 125.0", sql);
    }

    [Fact]
    public void Is_the_same_text_whatever_the_culture()
    {
        var before = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            Assert.Contains("BETWEEN -55.0 AND 125.0", ReadingsQuery.Sql("readings", "pool", Window));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = before;
        }
    }

    [Fact]
    public void Refuses_a_series_name_that_could_inject_sql()
    {
        Assert.Throws<ArgumentException>(() => ReadingsQuery.Sql("readings", "pool' OR '1'='1", Window));
    }

    [Fact]
    public void The_table_shape_has_the_contract_fields_and_the_key_partitions()
    {
        Assert.Equal(["timestamp", "celsius", "celcius", "fahrenheit", "sensor"], ReadingsTable.DataColumns.Select(c => c.Name));
        Assert.Equal(["series", "year", "month", "day"], ReadingsTable.PartitionColumns.Select(c => c.Name));
    }
}
