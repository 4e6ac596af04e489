using DataLogger.Compaction;
using DataLogger.Readings;
using DataLogger.Testing;
using DataLogger.Time;

namespace DataLogger.Query.DuckDb.Tests;

/// <summary>
/// A bucket folder compacted by an earlier version (<c>day.parquet</c> and <c>month.parquet</c> with their manifests):
/// read as before, and moved into the compacted layout of both hosts without losing or doubling a reading.
/// </summary>
public sealed class LegacyLayoutTests : BucketFixture
{
    // October 24th to November 3rd: October is finished, November is not; a malformed object in October.
    public LegacyLayoutTests()
        : base(new DateTimeOffset(2025, 11, 3, 12, 0, 0, TimeSpan.Zero), TimeSpan.FromDays(10), "pool/2025/10/30/1761800000.json")
    {
    }

    static readonly DateOnly October = new(2025, 10, 1);

    async Task<(Ports.ReadingsResult Readings, Ports.ReadingsResult Day, IReadOnlyList<ReadingBand> Hourly, IReadOnlyList<ReadingBand> Daily)> SnapshotAsync()
    {
        var window = TimeWindow.Last(TimeSpan.FromDays(14), Now);
        return (await Engine.ReadingsAsync("pool", window),
                await Engine.ReadingsAsync("pool", TimeWindow.Last(TimeSpan.FromHours(24), Now)),
                await Engine.BandsAsync("pool", window, TimeSpan.FromHours(1)),
                await Engine.BandsAsync("pool", window, TimeSpan.FromDays(1)));
    }

    static void AssertSame(
        (Ports.ReadingsResult Readings, Ports.ReadingsResult Day, IReadOnlyList<ReadingBand> Hourly, IReadOnlyList<ReadingBand> Daily) before,
        (Ports.ReadingsResult Readings, Ports.ReadingsResult Day, IReadOnlyList<ReadingBand> Hourly, IReadOnlyList<ReadingBand> Daily) after)
    {
        Assert.Equal(before.Readings.Readings, after.Readings.Readings);
        Assert.Equal(before.Readings.Malformed, after.Readings.Malformed);
        Assert.Equal(before.Day.Readings, after.Day.Readings);
        Assert.Equal(before.Hourly, after.Hourly);
        Assert.Equal(before.Daily, after.Daily);
    }

    // What an earlier version left: the finished days compacted (JSON pruned or not), October merged into its month file.
    async Task WriteOlderLayoutAsync(bool prune)
    {
        await LegacyLayoutWriter.WriteDaysAsync(Engine, "pool", Today, prune);
        await LegacyLayoutWriter.WriteMonthAsync(Engine, "pool", October);
    }

    string[] OlderFiles() =>
        [.. Directory.GetFiles(Bucket, "*", SearchOption.AllDirectories).Select(Path.GetFileName).Where(n => n is "day.parquet" or "day.manifest" or "month.parquet" or "month.manifest")!];

    Task<int> MoveAsync(BucketCompactor? compactor = null)
    {
        compactor ??= Compactor();
        return Engine.Legacy.MoveAsync("pool", (day, rows, token) => compactor.MergeAsync("pool", day, rows, token), default);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_older_layout_is_read_as_before_from_the_days_files_and_from_the_months(bool prune)
    {
        var before = await SnapshotAsync();
        Assert.Equal(1, before.Readings.Malformed);

        await WriteOlderLayoutAsync(prune);
        AssertSame(before, await SnapshotAsync());

        // A merged month's days are read from its file.
        foreach (var file in Directory.GetFiles(Path.Join(Bucket, "pool/2025/10"), "day.parquet", SearchOption.AllDirectories))
        {
            File.Delete(file);
        }

        AssertSame(before, await SnapshotAsync());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Moving_the_older_layout_keeps_every_reading_and_leaves_none_of_its_files(bool prune)
    {
        var before = await SnapshotAsync();
        await WriteOlderLayoutAsync(prune);

        var moved = await MoveAsync();

        Assert.Equal(10, moved); // October 24th to November 2nd; the 3rd is today
        Assert.Empty(OlderFiles());
        Assert.True(File.Exists(Path.Join(Bucket, ReadingKey.CompactedKey("pool", new DateOnly(2025, 10, 24)))));
        AssertSame(before, await SnapshotAsync());

        // Then the compactor takes what is left as JSON (all of it when the older one did not prune): once each.
        await CompactAsync();
        AssertSame(before, await SnapshotAsync());
        Assert.Equal(0, await MoveAsync());
    }

    [Fact]
    public async Task A_crash_while_moving_loses_and_doubles_nothing_and_the_next_move_finishes()
    {
        var before = await SnapshotAsync();
        await WriteOlderLayoutAsync(prune: true);
        var compactor = Compactor();
        var merged = 0;

        await Assert.ThrowsAsync<IOException>(() => Engine.Legacy.MoveAsync("pool", async (day, rows, token) =>
        {
            if (++merged == 4)
            {
                throw new IOException("power cut");
            }

            await compactor.MergeAsync("pool", day, rows, token);
        }, default));

        // Three of October's days are in both layouts, and October's month file still names them.
        Assert.NotEmpty(OlderFiles());
        AssertSame(before, await SnapshotAsync());

        Assert.Equal(10, await MoveAsync());
        Assert.Empty(OlderFiles());
        AssertSame(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Late_readings_for_a_day_of_the_older_layout_are_seen_at_once_and_kept_when_it_moves()
    {
        await WriteOlderLayoutAsync(prune: true);

        // One for a compacted day of the merged month, one for a day of it that had no readings at all.
        var late = Reading.Create(new DateTimeOffset(2025, 10, 28, 13, 2, 30, TimeSpan.Zero), 30.5);
        var lost = Reading.Create(new DateTimeOffset(2025, 10, 21, 8, 0, 0, TimeSpan.Zero), 12.25);
        HistoryWriter.Write(Bucket, "pool", late);
        HistoryWriter.Write(Bucket, "pool", lost);
        var seen = await SnapshotAsync();
        Assert.Contains(late, seen.Readings.Readings);
        Assert.Contains(lost, seen.Readings.Readings);

        await MoveAsync();
        await CompactAsync();

        var after = await SnapshotAsync();
        AssertSame(seen, after);
        Assert.Equal(after.Readings.Readings.Count, after.Readings.Readings.Select(r => r.Timestamp).Distinct().Count());
        Assert.False(File.Exists(Path.Join(Bucket, ReadingKey.For("pool", late).ToString())));
    }
}
