using System.Text;
using DataLogger.Readings;
using DataLogger.Storage.Local;
using DataLogger.Testing;

namespace DataLogger.Compaction.Tests;

/// <summary>
/// The one compactor of both hosts, over the object-store port: on a local bucket folder it merges the same days into
/// the same layout (ReadingKey's <c>{series}/compacted/{yyyy}/{MM}/{dd}/readings.parquet</c>) as in S3 (the compact
/// function's tests run it there).
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

        var summary = await new BucketCompactor(store, TimeProvider.System).CompactAsync("pool", cutoff, stopAt: null, progress: null, default);

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
        Assert.Equal(0, (await new BucketCompactor(store, TimeProvider.System).CompactAsync("pool", cutoff, stopAt: null, progress: null, default)).Days); // twice is once
    }

    [Fact]
    public async Task A_compacted_day_holds_exactly_the_fields_of_its_objects()
    {
        var key = new ReadingKey("pool", 1773300000);
        var rows = new[]
        {
            CompactedRow.FromObject(key, """{"timestamp":1773300000,"celsius":21.875,"fahrenheit":71.375}"""u8),
            CompactedRow.FromObject(key, """{"timestamp":1773300000,"celcius":21.875}"""u8),
            CompactedRow.FromObject(key, """{"timestamp":1773300000,"celsius":-0.0625,"sensor":"28-0316a2799aff","extra":[1,2]}"""u8),
        };
        Assert.Equal(new CompactedRow(1773300000, 21.875, null, 71.375, null), rows[0]);
        Assert.Equal(new CompactedRow(1773300000, null, 21.875, null, null), rows[1]);
        Assert.Equal(new CompactedRow(1773300000, -0.0625, null, null, "28-0316a2799aff"), rows[2]);
        Assert.Equal(rows, await CompactedDay.DecodeAsync(await CompactedDay.EncodeAsync(rows!)));

        // Not plainly a reading of its key: never merged.
        foreach (var body in new[]
        {
            """{"timestamp":1773300001,"celsius":21.5}""", """{"timestamp":1773300000,"celsius":21.5,"celsius":22}""", """{"TimeStamp":1773300000,"celsius":21.5}""",
            """{"timestamp":1773300000,"celsius":21.5,"sensor":7}""", """{"timestamp":1773300000,"celsius":21.5} // note""", "\uFEFF{\"timestamp\":1773300000,\"celsius\":21.5}",
            """{"timestamp":1773300000,"celsius":200}""", """[1773300000, 21.5]""",
        })
        {
            Assert.Null(CompactedRow.FromObject(key, Encoding.UTF8.GetBytes(body)));
        }

        await Assert.ThrowsAsync<InvalidDataException>(() => CompactedDay.DecodeAsync("not parquet"u8.ToArray()));
    }
}
