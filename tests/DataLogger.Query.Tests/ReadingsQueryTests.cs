using DataLogger.Query;
using DataLogger.Time;

namespace DataLogger.Query.Tests;

public sealed class ReadingsQueryTests
{
    static readonly TimeWindow Window = TimeWindow.Last(TimeSpan.FromHours(24), new DateTimeOffset(2025, 11, 27, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Names_exactly_the_day_partitions_of_the_window()
    {
        var sql = ReadingsQuery.Sql("readings", "pool", Window).Sql;
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
        var query = ReadingsQuery.Sql("pooldb.readings", "spa", Window);
        Assert.Contains("FROM pooldb.readings", query.Sql);
        Assert.Contains("series = 'spa'", query.Sql); // a literal: Athena's injected projection wants a static equality
        Assert.Contains("\"timestamp\" > ? AND \"timestamp\" <= ?", query.Sql);
        Assert.Equal([1764158400L, 1764244800L], query.Parameters);
        Assert.Equal(["1764158400", "1764244800"], query.Literals);
        Assert.Contains("ORDER BY \"timestamp\"", query.Sql);
        Assert.Equal(query.Parameters, ReadingsQuery.BandsSql("readings", "spa", Window, TimeSpan.FromHours(1)).Parameters);
    }

    [Fact]
    public void A_readings_query_tells_what_it_was_for_from_its_text_and_parameters()
    {
        var query = ReadingsQuery.Sql("readings", "spa", Window);
        Assert.True(ReadingsQuery.TryRead(query.Sql, query.Literals, "readings", ["pool", "spa"], out var request));
        Assert.Equal(["spa"], request.Series);
        Assert.Equal((Window.StartUnixSeconds, Window.EndUnixSeconds), (request.Window.StartUnixSeconds, request.Window.EndUnixSeconds));

        // A window that does not start on a whole second reads back as the same query.
        var ragged = TimeWindow.Last(TimeSpan.FromHours(24), new DateTimeOffset(2025, 11, 27, 23, 59, 59, 600, TimeSpan.Zero));
        var raggedQuery = ReadingsQuery.Sql("readings", "pool", ragged);
        Assert.True(ReadingsQuery.TryRead(raggedQuery.Sql, raggedQuery.Literals, "readings", ["pool"], out var back));
        Assert.Equal(raggedQuery, ReadingsQuery.Sql("readings", back.Series, back.Window));
    }

    [Fact]
    public void Several_series_are_one_query_that_names_each_and_reads_back_as_them_all()
    {
        var query = ReadingsQuery.Sql("readings", ["pool", "spa", "air"], Window);
        Assert.Contains("WHERE series IN ('pool', 'spa', 'air')\n", query.Sql); // static values: injected projection takes an IN list
        Assert.StartsWith("SELECT series, \"timestamp\"", query.Sql);
        Assert.Contains("ORDER BY series, \"timestamp\"", query.Sql);
        Assert.Equal(ReadingsQuery.Sql("readings", "pool", Window).Parameters, query.Parameters);
        Assert.Equal(ReadingsQuery.Sql("readings", "pool", Window), ReadingsQuery.Sql("readings", ["pool"], Window)); // one series: the same text as ever

        Assert.True(ReadingsQuery.TryRead(query.Sql, query.Literals, "readings", ["air", "spa", "pool", "garden"], out var batch));
        Assert.Equal(["pool", "spa", "air"], batch.Series);
        Assert.False(ReadingsQuery.TryRead(query.Sql, query.Literals, "readings", ["pool", "spa"], out _)); // air is not served
        Assert.False(ReadingsQuery.TryRead(query.Sql.Replace("'spa', ", string.Empty, StringComparison.Ordinal) + " ", query.Literals, "readings", ["pool", "spa", "air"], out _));
        Assert.Throws<ArgumentException>(() => ReadingsQuery.Sql("readings", ["pool", "pool"], Window));
        Assert.Throws<ArgumentException>(() => ReadingsQuery.Sql("readings", ["pool", "x'; DROP"], Window));
    }

    [Fact]
    public void Anything_else_is_not_a_readings_query()
    {
        var query = ReadingsQuery.Sql("readings", "pool", Window);
        var bands = ReadingsQuery.BandsSql("readings", "pool", Window, TimeSpan.FromHours(1));
        Assert.False(ReadingsQuery.TryRead(bands.Sql, bands.Literals, "readings", ["pool"], out _)); // render's own queries
        Assert.False(ReadingsQuery.TryRead(query.Sql, query.Literals, "readings", ["spa"], out _)); // a series not served
        Assert.False(ReadingsQuery.TryRead(query.Sql, query.Literals, "other_table", ["pool"], out _));
        Assert.False(ReadingsQuery.TryRead(query.Sql, null, "readings", ["pool"], out _));
        Assert.False(ReadingsQuery.TryRead(query.Sql, ["1764158400"], "readings", ["pool"], out _));
        Assert.False(ReadingsQuery.TryRead(query.Sql, ["1764244800", "1764158400"], "readings", ["pool"], out _)); // reversed
        Assert.False(ReadingsQuery.TryRead(query.Sql, ["'1764158400'", "1764244800"], "readings", ["pool"], out _));
        Assert.False(ReadingsQuery.TryRead("SELECT 1", query.Literals, "readings", ["pool"], out _));
        Assert.False(ReadingsQuery.TryRead(null, query.Literals, "readings", ["pool"], out _));
    }

    [Theory]
    [InlineData("pool", "'pool'")]
    [InlineData("it's", "'it''s'")]
    [InlineData(1764201600L, "1764201600")]
    [InlineData(-5L, "-5")]
    public void Parameters_are_sql_literals_and_read_back(object value, string literal)
    {
        Assert.Equal(literal, QueryText.Literal(value));
        Assert.True(QueryText.TryParseLiteral(literal, out var back));
        Assert.Equal(value, back);
    }

    [Theory]
    [InlineData("pool")]
    [InlineData("'it's'")]
    [InlineData("1.5")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_is_not_a_literal(string? literal) => Assert.False(QueryText.TryParseLiteral(literal, out _));

    [Fact]
    public void Reads_the_legacy_spelling_and_keeps_only_plausible_temperatures()
    {
        var sql = ReadingsQuery.Sql("readings", "pool", Window).Sql;
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
            Assert.Contains("BETWEEN -55.0 AND 125.0", ReadingsQuery.Sql("readings", "pool", Window).Sql);
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
        // The original contract's fields first, in their order, then another quantity's value and unit (added after).
        Assert.Equal(["timestamp", "celsius", "celcius", "fahrenheit", "sensor", "value", "unit"], ReadingsTable.DataColumns.Select(c => c.Name));
        Assert.Equal(["value", "unit"], ReadingsTable.LaterColumns.Select(c => c.Name));
        Assert.Equal(["series", "year", "month", "day"], ReadingsTable.PartitionColumns.Select(c => c.Name));
    }
}
