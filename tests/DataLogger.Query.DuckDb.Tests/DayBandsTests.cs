using DataLogger.Readings;
using DataLogger.Testing;
using DataLogger.Time;

namespace DataLogger.Query.DuckDb.Tests;

/// <summary>
/// The bands of compacted days kept by day (<see cref="DayBands"/>): always what the bands' SQL gives over every source
/// of the window at once, however the days change between queries.
/// </summary>
public sealed class DayBandsTests : BucketFixture
{
    // Ten days up to noon, compacted but for today's.
    public DayBandsTests()
        : base(new DateTimeOffset(2025, 11, 27, 12, 0, 0, TimeSpan.Zero), TimeSpan.FromDays(10), "pool/2025/11/20/1763640000.json")
    {
    }

    public static TheoryData<int, int> Windows => new() { { 10, 24 }, { 7, 1 }, { 30, 24 }, { 3, 6 } };

    // What the bands' SQL gives over every source of the window in one query.
    async Task<List<ReadingBand>> AllAtOnceAsync(TimeWindow window, TimeSpan bucket)
    {
        var (_, rows) = await Engine.QueryAsync(Engine.Days.Sources("pool", window), ReadingsQuery.BandsSql(ReadingsTable.DefaultName, "pool", window, bucket), default);
        return DuckDbQueryEngine.BandsOf(rows);
    }

    async Task AssertAsAllAtOnceAsync(TimeWindow window, TimeSpan bucket)
    {
        var expected = await AllAtOnceAsync(window, bucket);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, await Engine.BandsAsync("pool", window, bucket));
    }

    [Theory]
    [MemberData(nameof(Windows))]
    public async Task Bands_asked_again_are_the_same_as_every_source_read_at_once(int days, int hours)
    {
        await CompactAsync();
        var window = TimeWindow.Last(TimeSpan.FromDays(days), Now);
        var bucket = TimeSpan.FromHours(hours);

        await AssertAsAllAtOnceAsync(window, bucket);
        await AssertAsAllAtOnceAsync(window, bucket);
        // A later window (the next reading's): its first day no longer whole, a day more kept.
        await AssertAsAllAtOnceAsync(TimeWindow.Last(TimeSpan.FromDays(days), Now.AddHours(13)), bucket);
    }

    [Fact]
    public async Task A_late_reading_merged_into_a_kept_day_is_in_its_band()
    {
        await CompactAsync();
        var window = TimeWindow.Last(TimeSpan.FromDays(10), Now);
        var bucket = TimeSpan.FromDays(1);
        var day = new DateTimeOffset(2025, 11, 24, 0, 0, 0, TimeSpan.Zero);
        var count = (await Engine.BandsAsync("pool", window, bucket)).Single(b => b.Time == day).Count;

        // Merged into the day's Parquet object (its file written again) between two queries.
        HistoryWriter.Write(Bucket, "pool", Reading.Create(day.AddHours(13).AddSeconds(150), 39.5));
        await CompactAsync();
        await AssertAsAllAtOnceAsync(window, bucket);
        Assert.Equal((39.5, count + 1), (await Engine.BandsAsync("pool", window, bucket)).Where(b => b.Time == day).Select(b => (b.Max, b.Count)).Single());

        // Beside it first (read with it), then merged.
        HistoryWriter.Write(Bucket, "pool", Reading.Create(day.AddHours(14).AddSeconds(150), 40.5));
        await AssertAsAllAtOnceAsync(window, bucket);
        await CompactAsync();
        await AssertAsAllAtOnceAsync(window, bucket);
        Assert.Equal((40.5, count + 2), (await Engine.BandsAsync("pool", window, bucket)).Where(b => b.Time == day).Select(b => (b.Max, b.Count)).Single());
    }

    [Fact]
    public async Task An_object_whose_body_is_of_a_kept_day_is_counted_in_that_days_band()
    {
        await CompactAsync();
        var window = TimeWindow.Last(TimeSpan.FromDays(10), Now);
        var bucket = TimeSpan.FromDays(1);
        await Engine.BandsAsync("pool", window, bucket);

        // Today's key, a body of three days before: the SQL reads it at its body's time.
        var stray = Reading.Create(new DateTimeOffset(2025, 11, 24, 8, 0, 0, TimeSpan.Zero), 41.0);
        HistoryWriter.WriteRaw(Bucket, $"pool/2025/11/27/{Now.AddMinutes(-1).ToUnixTimeSeconds()}.json", ReadingJson.Encode(stray));

        await AssertAsAllAtOnceAsync(window, bucket);
        Assert.Contains(await Engine.BandsAsync("pool", window, bucket), b => b.Max == 41.0);
    }
}
