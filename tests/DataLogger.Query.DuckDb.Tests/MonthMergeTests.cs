using DataLogger.Readings;
using DataLogger.Testing;
using DataLogger.Time;

namespace DataLogger.Query.DuckDb.Tests;

/// <summary>The second tier of compaction: a finished month's compacted days merged into one Parquet file.</summary>
public sealed class MonthMergeTests : BucketFixture
{
    // October 24th to November 3rd: October is finished, November is not; a malformed object in October.
    public MonthMergeTests()
        : base(new DateTimeOffset(2025, 11, 3, 12, 0, 0, TimeSpan.Zero), TimeSpan.FromDays(10), "pool/2025/10/30/1761800000.json")
    {
    }

    string October => Path.Join(Bucket, "pool/2025/10");

    async Task<(Ports.ReadingsResult Readings, IReadOnlyList<ReadingBand> Hourly, IReadOnlyList<ReadingBand> Daily)> SnapshotAsync()
    {
        var window = TimeWindow.Last(TimeSpan.FromDays(14), Now);
        return (await Engine.ReadingsAsync("pool", window),
                await Engine.BandsAsync("pool", window, TimeSpan.FromHours(1)),
                await Engine.BandsAsync("pool", window, TimeSpan.FromDays(1)));
    }

    static void AssertSame((Ports.ReadingsResult Readings, IReadOnlyList<ReadingBand> Hourly, IReadOnlyList<ReadingBand> Daily) before, (Ports.ReadingsResult Readings, IReadOnlyList<ReadingBand> Hourly, IReadOnlyList<ReadingBand> Daily) after)
    {
        Assert.Equal(before.Readings.Readings, after.Readings.Readings);
        Assert.Equal(before.Readings.Malformed, after.Readings.Malformed);
        Assert.Equal(before.Hourly, after.Hourly);
        Assert.Equal(before.Daily, after.Daily);
    }

    // Removes the finished month's day files: what a query returns then comes from the month's file.
    void RemoveOctoberDayFiles()
    {
        foreach (var file in Directory.GetFiles(October, DayManifest.ParquetName, SearchOption.AllDirectories))
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_finished_month_is_merged_into_one_file_and_queries_return_the_same_rows_from_it()
    {
        var before = await SnapshotAsync();
        Assert.Equal(1, before.Readings.Malformed);

        var result = await new DuckDbCompactor(Engine).CompactAsync("pool", Today, prune: true);

        Assert.Equal(1, result.Months); // October; November is not finished
        Assert.True(File.Exists(Path.Join(October, MonthManifest.FileName)));
        Assert.False(File.Exists(Path.Join(Bucket, "pool/2025/11", MonthManifest.ParquetName)));
        AssertSame(before, await SnapshotAsync());

        RemoveOctoberDayFiles();
        AssertSame(before, await SnapshotAsync());
        Assert.Equal(All.Where(r => TimeWindow.Last(TimeSpan.FromDays(14), Now).Contains(r.Timestamp)), (await SnapshotAsync()).Readings.Readings);
    }

    [Fact]
    public async Task Merging_is_idempotent()
    {
        var compactor = new DuckDbCompactor(Engine);
        await compactor.CompactAsync("pool", Today, prune: false);
        var file = await File.ReadAllBytesAsync(Path.Join(October, MonthManifest.ParquetName));
        var manifest = await File.ReadAllBytesAsync(Path.Join(October, MonthManifest.FileName));

        var again = await compactor.CompactAsync("pool", Today, prune: false);

        Assert.Equal((0, 0), (again.Compacted, again.Months));
        Assert.Equal(file, await File.ReadAllBytesAsync(Path.Join(October, MonthManifest.ParquetName)));
        Assert.Equal(manifest, await File.ReadAllBytesAsync(Path.Join(October, MonthManifest.FileName)));
    }

    [Fact]
    public async Task A_crash_before_the_months_manifest_loses_and_doubles_nothing_and_the_next_run_finishes()
    {
        var before = await SnapshotAsync();
        var crashing = new DuckDbCompactor(Engine) { BeforeMonthManifest = _ => throw new IOException("power cut") };
        await Assert.ThrowsAsync<IOException>(() => crashing.CompactAsync("pool", Today, prune: true));

        Assert.True(File.Exists(Path.Join(October, MonthManifest.ParquetName)));
        Assert.False(File.Exists(Path.Join(October, MonthManifest.FileName)));
        AssertSame(before, await SnapshotAsync());
        Assert.Empty(Directory.GetFiles(Bucket, "*.tmp", SearchOption.AllDirectories));

        var next = await new DuckDbCompactor(Engine).CompactAsync("pool", Today, prune: true);
        Assert.Equal(1, next.Months);
        AssertSame(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Late_readings_for_a_merged_month_are_seen_at_once_and_merged_on_the_next_run()
    {
        var compactor = new DuckDbCompactor(Engine);
        await compactor.CompactAsync("pool", Today, prune: true);

        // One for a compacted day of the merged month, one for a day of it that had no readings at all.
        var late = Reading.Create(new DateTimeOffset(2025, 10, 28, 13, 2, 30, TimeSpan.Zero), 30.5);
        var lost = Reading.Create(new DateTimeOffset(2025, 10, 21, 8, 0, 0, TimeSpan.Zero), 12.25);
        HistoryWriter.Write(Bucket, "pool", late);
        HistoryWriter.Write(Bucket, "pool", lost);
        var seen = (await SnapshotAsync()).Readings.Readings;
        Assert.Contains(late, seen);
        Assert.Contains(lost, seen);
        var daily = (await SnapshotAsync()).Daily;

        var merged = await compactor.CompactAsync("pool", Today, prune: true);

        Assert.Equal((2, 1), (merged.Compacted, merged.Months));
        Assert.Empty(Directory.GetFiles(Path.Join(October, "28"), "1*.json"));
        RemoveOctoberDayFiles();
        var after = await SnapshotAsync();
        Assert.Contains(late, after.Readings.Readings);
        Assert.Contains(lost, after.Readings.Readings);
        Assert.Equal(after.Readings.Readings.Count, after.Readings.Readings.Select(r => r.Timestamp).Distinct().Count());
        Assert.Equal(daily, after.Daily);
    }

    [Fact]
    public async Task A_day_changed_after_the_merge_is_read_from_its_own_files_until_the_month_is_merged_again()
    {
        var compactor = new DuckDbCompactor(Engine);
        await compactor.CompactAsync("pool", Today, prune: true);
        var late = Reading.Create(new DateTimeOffset(2025, 10, 28, 13, 2, 30, TimeSpan.Zero), 30.5);
        var later = Reading.Create(new DateTimeOffset(2025, 10, 31, 13, 2, 30, TimeSpan.Zero), 30.75);
        HistoryWriter.Write(Bucket, "pool", late);
        HistoryWriter.Write(Bucket, "pool", later);

        // A crash after the 28th took its late reading in (and its JSON object was pruned), before the month's merge.
        var crashing = new DuckDbCompactor(Engine)
        {
            BeforeManifest = folder => { if (folder.EndsWith(Path.Join("10", "31"), StringComparison.Ordinal)) { throw new IOException("power cut"); } },
        };
        await Assert.ThrowsAsync<IOException>(() => crashing.CompactAsync("pool", Today, prune: true));

        Assert.Empty(Directory.GetFiles(Path.Join(October, "28"), "1*.json"));
        var seen = (await SnapshotAsync()).Readings.Readings;
        Assert.Contains(late, seen);
        Assert.Contains(later, seen);
        Assert.Equal(seen.Count, seen.Select(r => r.Timestamp).Distinct().Count());

        var next = await compactor.CompactAsync("pool", Today, prune: true);
        Assert.Equal(1, next.Months);
        Assert.Equal(seen, (await SnapshotAsync()).Readings.Readings);
    }
}
