using DataLogger.Query.DuckDb;
using DataLogger.Readings;
using DataLogger.Testing;
using DataLogger.Time;

namespace DataLogger.Query.DuckDb.Tests;

public sealed class DuckDbQueryEngineTests : IDisposable
{
    static readonly DateTimeOffset Now = new(2025, 11, 27, 12, 2, 30, TimeSpan.Zero);
    readonly TempDirectory _temp = new();
    readonly DuckDbQueryEngine _engine;

    public DuckDbQueryEngineTests() => _engine = new DuckDbQueryEngine(Bucket);

    string Bucket => _temp.Combine("bucket");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task The_database_keeps_no_copy_of_the_files_it_reads()
    {
        // A long-running run reads the same days' files again and again: the operating system caches them already.
        var (_, rows) = await _engine.Database.QueryAsync("SELECT value FROM duckdb_settings() WHERE name = 'enable_external_file_cache'", []);
        Assert.Equal("false", Assert.Single(rows)[0]);
    }

    [Fact]
    public async Task Returns_exactly_the_last_24_hours_in_order_with_a_malformed_object_and_a_missing_day()
    {
        // Five days of history, then the day before yesterday's folder removed: the window does not need it.
        var all = HistoryWriter.WriteHistory(Bucket, "pool", Now, TimeSpan.FromDays(5));
        Directory.Delete(Path.Join(Bucket, "pool/2025/11/25"), recursive: true);
        // A malformed object in the window, one outside it, and another series on the same days.
        HistoryWriter.WriteRaw(Bucket, "pool/2025/11/27/1764201700.json", "{\"timestamp\":1764201700,\"celsius\":");
        HistoryWriter.WriteRaw(Bucket, "pool/2025/11/26/1764115210.json", "not json"); // 2025-11-26 00:00:10, outside
        HistoryWriter.WriteHistory(Bucket, "spa", Now, TimeSpan.FromDays(2), seed: 2);

        var window = TimeWindow.Last(TimeSpan.FromHours(24), Now);
        var result = await _engine.ReadingsAsync("pool", window);

        var expected = all.Where(r => window.Contains(r.Timestamp)).ToList();
        Assert.Equal(288, expected.Count);
        Assert.Equal(expected, result.Readings);
        Assert.Equal(1, result.Malformed);
    }

    [Fact]
    public async Task A_window_over_missing_or_empty_day_folders_returns_nothing()
    {
        Directory.CreateDirectory(Path.Join(Bucket, "pool/2025/11/27"));
        var result = await _engine.ReadingsAsync("pool", TimeWindow.Last(TimeSpan.FromHours(24), Now));
        Assert.Empty(result.Readings);
        Assert.Equal(0, result.Malformed);
    }

    [Fact]
    public async Task A_bucket_folder_that_does_not_exist_returns_nothing()
    {
        var result = await new DuckDbQueryEngine(_temp.Combine("nope")).ReadingsAsync("pool", TimeWindow.Last(TimeSpan.FromHours(24), Now));
        Assert.Empty(result.Readings);
    }

    [Fact]
    public async Task Reads_only_the_day_folders_the_window_touches()
    {
        HistoryWriter.WriteHistory(Bucket, "pool", Now, TimeSpan.FromHours(24));
        // A folder the window does not touch holds an object that would fail any glob over the whole tree.
        Directory.CreateDirectory(Path.Join(Bucket, "pool/2025/11/20/sub"));
        HistoryWriter.WriteRaw(Bucket, "pool/2025/11/20/1763640000.json", "{broken");

        var result = await _engine.ReadingsAsync("pool", TimeWindow.Last(TimeSpan.FromHours(24), Now));
        Assert.Equal(288, result.Readings.Count);
        Assert.Equal(0, result.Malformed);
    }

    [Fact]
    public async Task Skips_and_counts_every_kind_of_malformed_object()
    {
        HistoryWriter.WriteRaw(Bucket, "pool/2025/11/27/1764201600.json", """{"timestamp":1764201600,"celsius":20.5}""");
        HistoryWriter.WriteRaw(Bucket, "pool/2025/11/27/1764201900.json", "{\n  \"timestamp\": 1764201900,\n  \"celcius\": 21.25,\n  \"extra\": {\"a\": [1]}\n}\n");
        HistoryWriter.WriteRaw(Bucket, "pool/2025/11/27/1764202200.json", "");
        HistoryWriter.WriteRaw(Bucket, "pool/2025/11/27/1764202500.json", "{\"timestamp\":1764202500,\"celsius\":\"20\"}");
        HistoryWriter.WriteRaw(Bucket, "pool/2025/11/27/1764202800.json", "{\"timestamp\":1764202800,\"celsius\":85000}");
        HistoryWriter.WriteRaw(Bucket, "pool/2025/11/27/1764203100.json", "[1, 2]");
        HistoryWriter.WriteRaw(Bucket, "pool/2025/11/27/1764203400.json", "{\"celsius\":20}");
        HistoryWriter.WriteRaw(Bucket, "pool/2025/11/27/1764203700.json", "{\"timestamp\":1764203700,\"celsius\":null}");
        HistoryWriter.WriteRaw(Bucket, "pool/2025/11/27/1764204000.json", "\u0000\u0001binary");

        var result = await _engine.ReadingsAsync("pool", TimeWindow.Last(TimeSpan.FromHours(24), Now));

        Assert.Equal([Reading.Create(1764201600, 20.5), Reading.Create(1764201900, 21.25)], result.Readings);
        Assert.Equal(7, result.Malformed);
    }

    [Fact]
    public async Task Keeps_the_sensor_id()
    {
        HistoryWriter.Write(Bucket, "pool", Reading.Create(1764201600, 20.5, "28-0316a279c4ff"));
        var result = await _engine.ReadingsAsync("pool", TimeWindow.Last(TimeSpan.FromHours(24), Now));
        Assert.Equal("28-0316a279c4ff", Assert.Single(result.Readings).SensorId);
    }

    [Fact]
    public async Task A_week_reads_its_eight_day_folders()
    {
        var all = HistoryWriter.WriteHistory(Bucket, "pool", Now, TimeSpan.FromDays(9));
        var window = TimeWindow.Last(TimeSpan.FromDays(7), Now);
        var result = await _engine.ReadingsAsync("pool", window);
        Assert.Equal(7 * 288, result.Readings.Count);
        Assert.Equal(all.Where(r => window.Contains(r.Timestamp)), result.Readings);
    }

    [Fact]
    public async Task A_window_across_a_daylight_saving_change_holds_24_real_hours_of_readings()
    {
        // Europe/Berlin went back from CEST to CET at 2025-10-26 01:00 UTC.
        var end = new DateTimeOffset(2025, 10, 26, 11, 0, 0, TimeSpan.Zero);
        HistoryWriter.WriteHistory(Bucket, "pool", end, TimeSpan.FromDays(2));
        var result = await _engine.ReadingsAsync("pool", TimeWindow.Last(TimeSpan.FromHours(24), end));
        Assert.Equal(288, result.Readings.Count);
    }
}

public sealed class DuckDbBandsTests : IDisposable
{
    static readonly DateTimeOffset Now = new(2025, 11, 27, 12, 0, 0, TimeSpan.Zero);
    readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Hourly_bands_sum_up_exactly_the_readings_of_each_hour()
    {
        var bucket = _temp.Combine("bucket");
        var all = HistoryWriter.WriteHistory(bucket, "pool", Now, TimeSpan.FromDays(4));
        HistoryWriter.WriteRaw(bucket, "pool/2025/11/26/1764158401.json", "{broken"); // skipped, not counted
        using var engine = new DuckDbQueryEngine(bucket);
        var window = TimeWindow.Last(TimeSpan.FromDays(3), Now);

        var bands = await engine.BandsAsync("pool", window, TimeSpan.FromHours(1));

        var expected = all.Where(r => window.Contains(r.Timestamp)).GroupBy(r => r.Timestamp - (r.Timestamp % 3600)).OrderBy(g => g.Key).ToList();
        Assert.Equal(expected.Count, bands.Count);
        foreach (var (band, group) in bands.Zip(expected))
        {
            Assert.Equal(group.Key, band.Start);
            Assert.Equal(group.Count(), band.Count);
            Assert.Equal(group.Min(r => r.Celsius), band.Min);
            Assert.Equal(group.Max(r => r.Celsius), band.Max);
            Assert.InRange(band.Mean, group.Average(r => r.Celsius) - 0.006, group.Average(r => r.Celsius) + 0.006);
        }
    }

    [Fact]
    public async Task Daily_bands_over_missing_days_have_gaps_not_zeros()
    {
        var bucket = _temp.Combine("bucket");
        HistoryWriter.WriteHistory(bucket, "pool", Now, TimeSpan.FromDays(10));
        Directory.Delete(Path.Join(bucket, "pool/2025/11/22"), recursive: true);
        using var engine = new DuckDbQueryEngine(bucket);
        var bands = await engine.BandsAsync("pool", TimeWindow.Last(TimeSpan.FromDays(10), Now), TimeSpan.FromDays(1));
        Assert.DoesNotContain(bands, b => b.Time.Day == 22);
        Assert.All(bands, b => Assert.InRange(b.Count, 1, 288));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(10.5)]
    public async Task Daily_summaries_hold_each_local_days_lowest_and_highest_reading_with_when(double hours)
    {
        var offset = TimeSpan.FromHours(hours);
        var bucket = _temp.Combine("bucket");
        var all = HistoryWriter.WriteHistory(bucket, "pool", Now, TimeSpan.FromDays(5));
        HistoryWriter.WriteRaw(bucket, "pool/2025/11/26/1764158401.json", "{broken"); // skipped, not counted
        using var engine = new DuckDbQueryEngine(bucket);
        var window = TimeWindow.Last(TimeSpan.FromDays(4), Now);

        var days = await engine.DaysAsync("pool", window, offset);

        var expected = all.Where(r => window.Contains(r.Timestamp)).GroupBy(r => DaySummary.DayOf(r.Timestamp, offset)).OrderBy(g => g.Key).ToList();
        Assert.Equal(expected.Count, days.Count);
        foreach (var (day, group) in days.Zip(expected))
        {
            Assert.Equal(group.Key, day.Day);
            Assert.Equal(group.Count(), day.Count);
            Assert.Equal(group.Max(r => r.Celsius), day.Max);
            Assert.Equal(group.Min(r => r.Celsius), day.Min);
            Assert.Contains(group, r => r.Timestamp == day.MaxAt && r.Celsius == day.Max);
            Assert.Contains(group, r => r.Timestamp == day.MinAt && r.Celsius == day.Min);
        }
    }
}
