using DataLogger.Functions.Compaction;
using DataLogger.Readings;
using DataLogger.Storage.Local;
using DataLogger.Testing;

namespace DataLogger.Functions.Tests;

/// <summary>
/// The bucket's compaction takes the object-store port, not the S3 store: over a local bucket folder it merges the
/// same days into the same layout (ReadingKey's <c>{series}/compacted/{yyyy}/{MM}/{dd}/readings.parquet</c>) as in S3.
/// </summary>
public sealed class LocalBucketCompactionTests
{
    [Fact]
    public async Task Finished_days_become_one_parquet_object_each_and_their_json_objects_go()
    {
        using var bucket = new TempDirectory();
        var all = HistoryWriter.WriteHistory(bucket.Path, "pool", new DateTimeOffset(2025, 11, 27, 12, 0, 0, TimeSpan.Zero), TimeSpan.FromDays(2));
        var store = new LocalFolderStore(bucket.Path);
        var cutoff = new DateTimeOffset(2025, 11, 27, 0, 0, 0, TimeSpan.Zero);

        var summary = await new BucketCompactor(store).CompactAsync("pool", cutoff);

        var finished = all.Where(r => r.Time < cutoff).ToList();
        Assert.Equal((2, finished.Count), (summary.Days, summary.Merged));
        foreach (var day in new[] { new DateOnly(2025, 11, 25), new DateOnly(2025, 11, 26) })
        {
            var rows = await CompactedDay.DecodeAsync((await store.GetAsync(ReadingKey.CompactedKey("pool", day)))!);
            Assert.Equal(finished.Where(r => DateOnly.FromDateTime(r.Time.UtcDateTime) == day).Select(r => r.Timestamp), rows.Select(r => r.Timestamp).Order());
        }

        var left = new List<string>();
        await foreach (var key in store.ListAsync(ReadingKey.SeriesPrefix("pool")))
        {
            left.Add(key);
        }

        Assert.Equal(all.Count(r => r.Time >= cutoff) + 2, left.Count); // today's readings and the two days' Parquet objects
        Assert.Equal(0, (await new BucketCompactor(store).CompactAsync("pool", cutoff)).Days); // twice is once
    }
}
