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
        Assert.Contains("(year = 2025 AND month = 11 AND day BETWEEN 26 AND 27)", sql);
        Assert.DoesNotContain("day = 25", sql);
        Assert.DoesNotContain("day = 28", sql);
    }

    [Theory]
    [InlineData("2025-11-27", "2025-11-27", "(year = 2025 AND month = 11 AND day = 27)")]
    [InlineData("2025-11-30", "2025-12-01", "(year = 2025 AND month = 11 AND day >= 30) OR (year = 2025 AND month = 12 AND day <= 1)")]
    [InlineData("2024-11-27", "2025-11-27", "(year = 2024 AND month = 11 AND day >= 27) OR (year = 2024 AND month = 12) OR (year = 2025 AND month BETWEEN 1 AND 10) OR (year = 2025 AND month = 11 AND day <= 27)")]
    [InlineData("2025-10-27", "2025-11-26", "(year = 2025 AND month = 10 AND day >= 27) OR (year = 2025 AND month = 11 AND day <= 26)")]
    [InlineData("2023-12-31", "2025-01-01", "(year = 2023 AND month = 12 AND day >= 31) OR (year = 2024 AND month BETWEEN 1 AND 12) OR (year = 2025 AND month = 1 AND day <= 1)")]
    public void Partition_predicates_are_a_few_ranges(string first, string last, string expected) =>
        Assert.Equal(expected, ReadingsQuery.PartitionPredicate(DateOnly.Parse(first), DateOnly.Parse(last)));

    [Fact]
    public void Partition_predicates_select_exactly_the_days_between()
    {
        var first = new DateOnly(2024, 2, 10);
        for (var last = first; last < first.AddDays(800); last = last.AddDays(37))
        {
            var predicate = ReadingsQuery.PartitionPredicate(first, last);
            for (var day = first.AddDays(-3); day <= last.AddDays(3); day = day.AddDays(1))
            {
                Assert.Equal(day >= first && day <= last, Matches(predicate, day));
            }
        }
    }

    // Evaluates the predicate's simple grammar for one day.
    static bool Matches(string predicate, DateOnly day) => predicate.Split(" OR ").Any(clause =>
    {
        int Value(string column) => column switch { "year" => day.Year, "month" => day.Month, _ => day.Day };
        var text = clause.Trim('(', ')');
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(text, @"(\w+) BETWEEN (\d+) AND (\d+)"))
        {
            if (Value(m.Groups[1].Value) < int.Parse(m.Groups[2].Value) || Value(m.Groups[1].Value) > int.Parse(m.Groups[3].Value))
            {
                return false;
            }
        }

        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(text, @"(\w+) (=|>=|<=) (\d+)"))
        {
            var (value, bound) = (Value(m.Groups[1].Value), int.Parse(m.Groups[3].Value));
            if (m.Groups[2].Value switch { "=" => value != bound, ">=" => value < bound, _ => value > bound })
            {
                return false;
            }
        }

        return true;
    });

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
