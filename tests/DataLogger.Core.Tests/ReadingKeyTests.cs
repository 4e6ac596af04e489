using DataLogger.Readings;

namespace DataLogger.Core.Tests;

public sealed class ReadingKeyTests
{
    [Theory]
    [InlineData(1764201600, "pool/2025/11/27/1764201600.json")] // midnight UTC belongs to the new day
    [InlineData(1764201599, "pool/2025/11/26/1764201599.json")] // one second before
    [InlineData(1735689599, "pool/2024/12/31/1735689599.json")] // last second of a year
    [InlineData(1735689600, "pool/2025/01/01/1735689600.json")] // first second of the next
    [InlineData(1709164800, "pool/2024/02/29/1709164800.json")] // leap day
    [InlineData(946684800, "pool/2000/01/01/946684800.json")] // the earliest accepted
    public void Key_uses_zero_padded_utc_date_parts(long timestamp, string expected)
    {
        var key = ReadingKey.For("pool", Reading.Create(timestamp, 20));
        Assert.Equal(expected, key.ToString());
        Assert.True(ReadingKey.TryParse(expected, out var parsed));
        Assert.Equal(key, parsed);
    }

    [Fact]
    public void The_same_reading_always_maps_to_the_same_key()
    {
        var a = ReadingKey.For("spa", Reading.Create(1764201600, 20.5));
        var b = ReadingKey.For("spa", Reading.Create(1764201600, 21.5, "28-0316a279c4ff"));
        Assert.Equal(a.ToString(), b.ToString());
    }

    [Fact]
    public void Day_boundaries_do_not_depend_on_the_local_time_zone()
    {
        // 2025-03-30 00:30 UTC is 01:30 in Berlin, and 2025-03-29 20:30 in New York: the key uses UTC.
        Assert.Equal("pool/2025/03/30/1743294600.json", new ReadingKey("pool", 1743294600).ToString());
        Assert.Equal(new DateOnly(2025, 3, 30), new ReadingKey("pool", 1743294600).Day);
    }

    [Theory]
    [InlineData("pool/2025/11/27/1764201600.txt")]
    [InlineData("pool/2025/11/26/1764201600.json")] // wrong day for the timestamp
    [InlineData("pool/2025/11/27/01764201600.json")] // leading zero
    [InlineData("pool/2025/11/27/-1.json")]
    [InlineData("pool/2025/11/1764201600.json")]
    [InlineData("Pool/2025/11/27/1764201600.json")] // series must be lower case
    [InlineData("pool/2025/11/27/x.json")]
    [InlineData("pool/2025/11/27/.json")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_rejects_what_is_not_exactly_a_reading_key(string? key)
    {
        Assert.False(ReadingKey.TryParse(key, out var parsed));
        Assert.Null(parsed);
    }

    [Fact]
    public void Day_prefix_is_the_folder_of_a_day()
    {
        Assert.Equal("pool/2025/01/05/", ReadingKey.DayPrefix("pool", new DateOnly(2025, 1, 5)));
    }

    [Fact]
    public void The_series_month_and_day_prefixes_nest_and_every_key_starts_with_them()
    {
        var key = new ReadingKey("spa", 1764201600);
        Assert.Equal("spa/", ReadingKey.SeriesPrefix("spa"));
        Assert.Equal("spa/2025/11/", ReadingKey.MonthPrefix("spa", key.Day));
        Assert.Equal("spa/2025/11/" + ReadingKey.DayFolder(27), ReadingKey.DayPrefix("spa", key.Day));
        Assert.StartsWith(ReadingKey.DayPrefix("spa", key.Day), key.ToString(), StringComparison.Ordinal);
        Assert.Equal("03/", ReadingKey.DayFolder(3));
    }

    [Fact]
    public void The_template_names_each_folder_in_order()
    {
        Assert.Equal("${series}/${year}/${month}/${day}/", ReadingKey.DayPrefixTemplate(n => "${" + n + "}"));
    }

    [Fact]
    public void A_compacted_day_lives_under_its_series_where_no_reading_key_can_be()
    {
        var day = new DateOnly(2025, 11, 7);
        Assert.Equal("pool/compacted/2025/11/07/readings.parquet", ReadingKey.CompactedKey("pool", day));
        Assert.Equal("${series}/compacted/${year}/${month}/${day}/", ReadingKey.CompactedDayPrefixTemplate(n => "${" + n + "}"));
        Assert.StartsWith(ReadingKey.SeriesPrefix("pool"), ReadingKey.CompactedKey("pool", day), StringComparison.Ordinal);
        Assert.False(ReadingKey.TryParse(ReadingKey.CompactedKey("pool", day), out _));
        Assert.False(ReadingKey.TryParse("pool/compacted/2025/11/07/1762473600.json", out _));
        Assert.False(ReadingKey.TryParseDayPrefix("pool/compacted/2025/11", out _, out _));
    }

    [Theory]
    [InlineData("pool/2025/11/27", "pool", 2025, 11, 27)]
    [InlineData("pool/2025/11/27/", "pool", 2025, 11, 27)]
    [InlineData("hot_tub/2024/02/29/", "hot_tub", 2024, 2, 29)]
    public void A_day_prefix_parses_back_to_its_series_and_day(string prefix, string series, int year, int month, int day)
    {
        Assert.True(ReadingKey.TryParseDayPrefix(prefix, out var parsedSeries, out var parsedDay));
        Assert.Equal(series, parsedSeries);
        Assert.Equal(new DateOnly(year, month, day), parsedDay);
        Assert.Equal(prefix.TrimEnd('/') + "/", ReadingKey.DayPrefix(parsedSeries, parsedDay));
    }

    [Theory]
    [InlineData("pool/2025/11")] // a month
    [InlineData("pool/2025/02/30")] // no such day
    [InlineData("pool/2025/1/05")] // not zero-padded
    [InlineData("pool/25/11/05")]
    [InlineData("Pool/2025/11/05")]
    [InlineData("pool/2025/11/05/x")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_is_not_a_day_prefix(string? prefix) => Assert.False(ReadingKey.TryParseDayPrefix(prefix, out _, out _));

    [Theory]
    [InlineData("1764201600.json", true, 1764201600)]
    [InlineData("0.json", true, 0)]
    [InlineData("-1.json", false, 0)]
    [InlineData("+1.json", false, 0)]
    [InlineData(".json", false, 0)]
    [InlineData("1764201600.json.tmp", false, 0)]
    [InlineData("day.manifest", false, 0)]
    [InlineData("99999999999999999999.json", false, 0)]
    public void A_file_name_names_its_timestamp(string name, bool valid, long timestamp)
    {
        Assert.Equal(valid, ReadingKey.TryParseFileName(name, out var parsed));
        Assert.Equal(timestamp, valid ? parsed : 0);
    }

    [Theory]
    [InlineData("pool")]
    [InlineData("spa-2")]
    [InlineData("hot_tub")]
    [InlineData("0")]
    public void Valid_series_names(string name) => Assert.Equal(name, Series.Validate(name));

    [Theory]
    [InlineData("")]
    [InlineData("Pool")]
    [InlineData("../etc")]
    [InlineData("a/b")]
    [InlineData("-pool")]
    [InlineData("pool ")]
    [InlineData(null)]
    public void Invalid_series_names_get_a_message_that_says_what_is_allowed(string? name)
    {
        var e = Assert.Throws<ArgumentException>(() => Series.Validate(name));
        Assert.Contains("lower-case letters", e.Message);
    }
}
