using DataLogger.Readings;
using DataLogger.Testing;
using DataLogger.Time;

namespace DataLogger.Query.DuckDb.Tests;

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
        Assert.Equal(before.Week.Readings, after.Week.Readings);
        Assert.Equal(before.Week.Malformed, after.Week.Malformed);
        Assert.Equal(before.Bands, after.Bands);
    }

    [Fact]
    public async Task A_query_across_compacted_and_uncompacted_days_returns_exactly_the_same_rows()
    {
        var before = await SnapshotAsync();
        Assert.Equal(1, before.Week.Malformed);

        var result = await new DuckDbCompactor(Engine).CompactAsync("pool", Today, prune: false);

        Assert.Equal((5, 5, 0), (result.Days, result.Compacted, result.Unchanged)); // 22nd (partial) to 26th; the 27th is today
        Assert.True(File.Exists(Path.Join(Bucket, "pool/2025/11/26/day.parquet")));
        Assert.False(File.Exists(Path.Join(Bucket, "pool/2025/11/27/day.parquet")));
        AssertSame(before, await SnapshotAsync());
        Assert.Equal(All.Where(r => TimeWindow.Last(TimeSpan.FromDays(7), Now).Contains(r.Timestamp)), (await SnapshotAsync()).Week.Readings);
    }

    [Fact]
    public async Task Compaction_is_idempotent()
    {
        var compactor = new DuckDbCompactor(Engine);
        await compactor.CompactAsync("pool", Today, prune: false);
        var parquet = await File.ReadAllBytesAsync(Path.Join(Bucket, "pool/2025/11/26/day.parquet"));
        var before = await SnapshotAsync();

        var again = await compactor.CompactAsync("pool", Today, prune: false);

        Assert.Equal((0, 5), (again.Compacted, again.Unchanged));
        Assert.Equal(parquet, await File.ReadAllBytesAsync(Path.Join(Bucket, "pool/2025/11/26/day.parquet")));
        AssertSame(before, await SnapshotAsync());
    }

    [Fact]
    public async Task A_crash_midway_loses_and_doubles_nothing_and_the_next_run_finishes()
    {
        var before = await SnapshotAsync();
        var crashing = new DuckDbCompactor(Engine) { BeforeManifest = folder => { if (folder.EndsWith("25", StringComparison.Ordinal)) { throw new IOException("power cut"); } } };
        await Assert.ThrowsAsync<IOException>(() => crashing.CompactAsync("pool", Today, prune: true));

        // Day 25 has a Parquet file but no manifest: it is read from its JSON objects, as before.
        Assert.True(File.Exists(Path.Join(Bucket, "pool/2025/11/25/day.parquet")));
        Assert.False(File.Exists(Path.Join(Bucket, "pool/2025/11/25/day.manifest")));
        AssertSame(before, await SnapshotAsync());
        Assert.Empty(Directory.GetFiles(Bucket, "*.tmp", SearchOption.AllDirectories));

        await new DuckDbCompactor(Engine).CompactAsync("pool", Today, prune: true);
        AssertSame(before, await SnapshotAsync());
    }

    [Fact]
    public async Task A_late_reading_for_a_compacted_day_is_seen_at_once_and_merged_on_the_next_run()
    {
        var compactor = new DuckDbCompactor(Engine);
        await compactor.CompactAsync("pool", Today, prune: true);
        var late = Reading.Create(new DateTimeOffset(2025, 11, 26, 13, 2, 30, TimeSpan.Zero), 30.5);
        HistoryWriter.Write(Bucket, "pool", late);

        Assert.Contains(late, (await SnapshotAsync()).Day.Readings);

        var merged = await compactor.CompactAsync("pool", Today, prune: true);
        Assert.Equal(1, merged.Compacted);
        Assert.False(File.Exists(Path.Join(Bucket, ReadingKey.For("pool", late).ToString())));
        var after = await SnapshotAsync();
        Assert.Contains(late, after.Day.Readings);
        Assert.Equal(after.Day.Readings.Count, after.Day.Readings.Select(r => r.Timestamp).Distinct().Count());
    }

    [Fact]
    public async Task A_reading_both_in_a_days_parquet_file_and_in_a_json_object_beside_it_counts_once()
    {
        var before = await SnapshotAsync();
        await new DuckDbCompactor(Engine).CompactAsync("pool", Today, prune: false);

        // As a query sees a day when a compaction merges a late reading while the query is being prepared: the JSON
        // object is not in the manifest it read, and the reading is in the Parquet file it reads.
        var folder = Path.Join(Bucket, "pool/2025/11/26");
        var manifest = DayManifest.Read(folder)!;
        var late = manifest.Readings.Max();
        await File.WriteAllBytesAsync(Path.Join(folder, DayManifest.FileName), (manifest with { Readings = [.. manifest.Readings.Where(t => t != late)] }).Encode());

        AssertSame(before, await SnapshotAsync());
        Assert.Single(before.Day.Readings, r => r.Timestamp == late);
    }

    [Fact]
    public async Task Prune_removes_the_compacted_days_json_and_keeps_today_and_the_readings()
    {
        var before = await SnapshotAsync();
        var result = await new DuckDbCompactor(Engine).CompactAsync("pool", Today, prune: true);
        Assert.True(result.Pruned > 1000);
        Assert.Empty(Directory.GetFiles(Path.Join(Bucket, "pool/2025/11/26"), "1*.json"));
        Assert.NotEmpty(Directory.GetFiles(Path.Join(Bucket, "pool/2025/11/27"), "*.json"));
        Assert.Single(Directory.GetFiles(Path.Join(Bucket, "pool/2025/11/25"), "*.json")); // the malformed one stays, as evidence
        AssertSame(before, await SnapshotAsync());
    }
}
