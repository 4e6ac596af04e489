using DataLogger.Compaction;
using DataLogger.Readings;
using DataLogger.Testing;
using DataLogger.Time;

namespace DataLogger.Query.DuckDb.Tests;

/// <summary>The engine over a bucket folder the compactor of both hosts compacts (ReadingKey's compacted layout).</summary>
public sealed class CompactionTests : BucketFixture
{
    // Five days up to noon, and a malformed object on a day to compact.
    public CompactionTests()
        : base(new DateTimeOffset(2025, 11, 27, 12, 0, 0, TimeSpan.Zero), TimeSpan.FromDays(5), "pool/2025/11/25/1764050000.json")
    {
    }

    async Task<(Ports.ReadingsResult Day, Ports.ReadingsResult Week, IReadOnlyList<ReadingBand> Bands)> SnapshotAsync() =>
        (await Engine.ReadingsAsync("pool", TimeWindow.Last(TimeSpan.FromHours(24), Now)),
         await Engine.ReadingsAsync("pool", TimeWindow.Last(TimeSpan.FromDays(7), Now)),
         await Engine.BandsAsync("pool", TimeWindow.Last(TimeSpan.FromDays(7), Now), TimeSpan.FromHours(1)));

    static void AssertSame((Ports.ReadingsResult Day, Ports.ReadingsResult Week, IReadOnlyList<ReadingBand> Bands) before, (Ports.ReadingsResult Day, Ports.ReadingsResult Week, IReadOnlyList<ReadingBand> Bands) after)
    {
        Assert.Equal(before.Day.Readings, after.Day.Readings);
        Assert.Equal(before.Day.Malformed, after.Day.Malformed);
        Assert.Equal(before.Week.Readings, after.Week.Readings);
        Assert.Equal(before.Week.Malformed, after.Week.Malformed);
        Assert.Equal(before.Bands, after.Bands);
    }

    string Compacted(int day) => Path.Join(Bucket, ReadingKey.CompactedKey("pool", new DateOnly(2025, 11, day)));

    // The JSON objects left in a November day's folder (gone with its last object).
    string[] JsonIn(int day) => Directory.Exists(Path.Join(Bucket, $"pool/2025/11/{day}"))
        ? [.. Directory.GetFiles(Path.Join(Bucket, $"pool/2025/11/{day}"), "*.json").Select(Path.GetFileName).Order()!]
        : [];

    [Fact]
    public async Task A_query_across_compacted_and_uncompacted_days_returns_exactly_the_same_rows()
    {
        var before = await SnapshotAsync();
        Assert.Equal(1, before.Week.Malformed);

        var result = await CompactAsync();

        Assert.Equal(6, result.Days); // the 22nd (partial) to the 26th, and the 27th's hours before noon
        Assert.Equal(1, result.Left); // the malformed object
        Assert.True(File.Exists(Compacted(26)));
        Assert.True(File.Exists(Compacted(27)));
        Assert.Equal(All.Where(r => r.Time >= BucketCompactor.Cutoff(Now)).Select(r => $"{r.Timestamp}.json"), JsonIn(27)); // the hour that is not over
        AssertSame(before, await SnapshotAsync());
        Assert.Equal(All.Where(r => TimeWindow.Last(TimeSpan.FromDays(7), Now).Contains(r.Timestamp)), (await SnapshotAsync()).Week.Readings);
    }

    [Fact]
    public async Task Compaction_is_idempotent()
    {
        await CompactAsync();
        var parquet = await File.ReadAllBytesAsync(Compacted(26));
        var before = await SnapshotAsync();

        var again = await CompactAsync();

        Assert.Equal((0, 0), (again.Days, again.Merged));
        Assert.Equal(parquet, await File.ReadAllBytesAsync(Compacted(26)));
        AssertSame(before, await SnapshotAsync());
    }

    [Fact]
    public async Task A_crash_midway_loses_and_doubles_nothing_and_the_next_run_finishes()
    {
        var before = await SnapshotAsync();
        var crashing = Compactor();
        crashing.BeforeDeletes = key => key.Contains("/25/", StringComparison.Ordinal) ? throw new IOException("power cut") : Task.CompletedTask;
        await Assert.ThrowsAsync<IOException>(() => CompactAsync(compactor: crashing));

        // The 25th is in its Parquet object and still in its JSON objects: each reading counts once.
        Assert.True(File.Exists(Compacted(25)));
        Assert.True(JsonIn(25).Length > 200);
        AssertSame(before, await SnapshotAsync());
        Assert.Empty(Directory.GetFiles(Bucket, "*.tmp", SearchOption.AllDirectories));

        await CompactAsync();
        AssertSame(before, await SnapshotAsync());
        Assert.Equal(["1764050000.json"], JsonIn(25)); // the malformed one stays, as evidence
    }

    [Fact]
    public async Task A_late_reading_for_a_compacted_day_is_seen_at_once_and_merged_on_the_next_run()
    {
        await CompactAsync();
        var late = Reading.Create(new DateTimeOffset(2025, 11, 26, 13, 2, 30, TimeSpan.Zero), 30.5);
        HistoryWriter.Write(Bucket, "pool", late);

        Assert.Contains(late, (await SnapshotAsync()).Day.Readings);

        var merged = await CompactAsync();
        Assert.Equal((1, 1), (merged.Days, merged.Merged));
        Assert.False(File.Exists(Path.Join(Bucket, ReadingKey.For("pool", late).ToString())));
        var after = await SnapshotAsync();
        Assert.Contains(late, after.Day.Readings);
        Assert.Equal(after.Day.Readings.Count, after.Day.Readings.Select(r => r.Timestamp).Distinct().Count());
        Assert.Equal(0, after.Day.Malformed);
    }

    [Fact]
    public async Task A_reading_both_in_a_days_parquet_object_and_in_a_json_object_beside_it_counts_once()
    {
        var before = await SnapshotAsync();
        await CompactAsync();

        // As a query sees a day between a compaction's write and its deletes: the reading in both places.
        var again = before.Day.Readings.First(r => r.Time < Now.AddHours(-13));
        HistoryWriter.Write(Bucket, "pool", again);

        AssertSame(before, await SnapshotAsync());
        Assert.Single((await SnapshotAsync()).Day.Readings, r => r.Timestamp == again.Timestamp);
    }

    [Fact]
    public async Task Compaction_removes_the_merged_json_and_keeps_the_malformed_object_the_current_hour_and_the_readings()
    {
        var before = await SnapshotAsync();
        var result = await CompactAsync();

        Assert.Equal(All.Count(r => r.Time < BucketCompactor.Cutoff(Now)), result.Merged);
        Assert.Empty(JsonIn(26));
        Assert.Equal(["1764050000.json"], JsonIn(25)); // the malformed one stays, as evidence
        AssertSame(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Beside_compacted_days_an_object_read_at_its_bodys_time_is_a_reading_and_a_broken_one_is_malformed()
    {
        await CompactAsync();
        var key = new ReadingKey("pool", Now.AddHours(-20).ToUnixTimeSeconds() + 7);
        HistoryWriter.WriteRaw(Bucket, key.ToString(), $$"""{"timestamp":{{key.Timestamp + 1}},"celsius":21.5}""");
        HistoryWriter.WriteRaw(Bucket, new ReadingKey("pool", key.Timestamp + 60).ToString(), "{broken");

        var day = await Engine.ReadingsAsync("pool", TimeWindow.Last(TimeSpan.FromHours(24), Now));

        Assert.Contains(day.Readings, r => r.Timestamp == key.Timestamp + 1 && r.Celsius == 21.5);
        Assert.Equal(1, day.Malformed);
    }

    [Fact]
    public async Task A_query_that_a_compaction_overtakes_reads_the_window_again()
    {
        var before = await SnapshotAsync();
        var compacted = false;
        Engine.AfterListing = async () =>
        {
            // Listed the JSON objects; now a compaction merges and removes them before DuckDB reads them.
            if (!compacted)
            {
                compacted = true;
                await CompactAsync();
            }
        };

        AssertSame(before, await SnapshotAsync());
        Assert.True(compacted);
    }

    [Fact]
    public async Task A_different_reading_at_a_compacted_time_never_replaces_the_stored_one_and_is_kept_aside()
    {
        await CompactAsync();
        var before = await SnapshotAsync();
        var stored = before.Day.Readings.First(r => r.Time < Now.AddHours(-13));

        // A Pi whose clock came back an hour behind after a power cut stamps a new reading with a stored one's time.
        var later = Reading.Create(stored.Timestamp, stored.Celsius + 5);
        HistoryWriter.Write(Bucket, "pool", later);
        AssertSame(before, await SnapshotAsync());

        var result = await CompactAsync();

        Assert.Equal(1, result.Aside);
        Assert.Contains("1 reading kept aside", result.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Join(Bucket, ReadingKey.For("pool", later).ToString())));
        var aside = ReadingKey.For("pool", later).AsideKey(ReadingJson.Encode(later));
        Assert.Equal(later, ReadingJson.Decode(await File.ReadAllBytesAsync(Path.Join(Bucket, aside))));
        AssertSame(before, await SnapshotAsync());
    }
}
