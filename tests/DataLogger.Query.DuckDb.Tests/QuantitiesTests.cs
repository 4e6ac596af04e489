using System.Globalization;
using DataLogger.Compaction;
using DataLogger.Readings;
using DataLogger.Storage.Local;
using DataLogger.Testing;
using DataLogger.Time;

namespace DataLogger.Query.DuckDb.Tests;

/// <summary>
/// Readings of other quantities than temperature (<c>{"timestamp", "value", "unit"}</c>) beside the original contract's,
/// and what the build before them wrote: <c>Fixtures/before-quantities</c> is a bucket folder written by the build at
/// commit dfb4948 (<c>datalogger generate --days 2 --interval 30m --end 2026-12-04T12:00:00Z --seed 7</c>, then
/// <c>compact</c>, then <c>generate --days 0.5 --end 2026-12-05T00:00:00Z --seed 8</c>, and two objects by hand: one in
/// the original system's <c>celcius</c> spelling, one with a sensor), and <c>expected.csv</c> is what that build's
/// <c>query --end 2026-12-05T00:00:00Z --last 4d --format csv</c> printed over it.
/// </summary>
public sealed class QuantitiesTests : IDisposable
{
    static readonly DateTimeOffset End = new(2026, 12, 5, 0, 0, 0, TimeSpan.Zero);
    static readonly TimeWindow FourDays = TimeWindow.Last(TimeSpan.FromDays(4), End);

    readonly TempDirectory _temp = new();

    string Bucket => _temp.Combine("bucket");

    public QuantitiesTests() => CopyFolder(Path.Join(RepositoryRoot.Path, "tests/DataLogger.Query.DuckDb.Tests/Fixtures/before-quantities/bucket"), Bucket);

    static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Join(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    // What the build before printed: (timestamp, celsius) of each reading.
    static List<(long, double)> Expected() =>
    [
        .. File.ReadAllLines(Path.Join(RepositoryRoot.Path, "tests/DataLogger.Query.DuckDb.Tests/Fixtures/before-quantities/expected.csv"))
            .Skip(1)
            .Select(line => line.Split(','))
            .Select(f => (long.Parse(f[1], CultureInfo.InvariantCulture), double.Parse(f[2], CultureInfo.InvariantCulture))),
    ];

    [Fact]
    public async Task Objects_and_days_the_build_before_wrote_read_as_they_did_before_and_after_compacting_them_again()
    {
        using var engine = new DuckDbQueryEngine(Bucket);
        var before = await engine.ReadingsAsync("pool", FourDays);
        Assert.Equal(Expected(), before.Readings.Select(r => (r.Timestamp, r.Celsius)));
        Assert.All(before.Readings, r => Assert.True(r.IsTemperature));
        Assert.Equal(0, before.Malformed);
        Assert.Contains(before.Readings, r => r.SensorId == "28-0316a279c4ff");

        // The 4th has an old Parquet day (no value and unit columns) and JSON objects: merged into a day of today's shape.
        var summary = await new BucketCompactor(new LocalFolderStore(Bucket), TimeProvider.System)
            .CompactAsync("pool", End, stopAt: null, progress: null, default);
        Assert.True(summary.Days >= 1);

        var after = await engine.ReadingsAsync("pool", FourDays);
        Assert.Equal(before.Readings, after.Readings);
        Assert.Equal(
            await engine.BandsAsync("pool", FourDays, TimeSpan.FromHours(1)),
            await new DuckDbQueryEngine(Bucket).BandsAsync("pool", FourDays, TimeSpan.FromHours(1)));
    }

    [Fact]
    public async Task A_day_compacted_again_in_todays_shape_before_days_of_the_old_shape_reads_with_them()
    {
        // DuckDB reads a list of Parquet files by the first one's columns: a late reading on the 2nd makes it today's
        // shape (value, unit) ahead of the 3rd and 4th in the old one, which lack them.
        using var engine = new DuckDbQueryEngine(Bucket);
        var before = await engine.ReadingsAsync("pool", FourDays);
        var late = Reading.Create(new DateTimeOffset(2026, 12, 2, 23, 59, 0, TimeSpan.Zero), 20);
        HistoryWriter.Write(Bucket, "pool", late);
        await new BucketCompactor(new LocalFolderStore(Bucket), TimeProvider.System)
            .CompactAsync("pool", new DateTimeOffset(2026, 12, 3, 0, 0, 0, TimeSpan.Zero), stopAt: null, progress: null, default);
        Assert.True(File.Exists(Path.Join(Bucket, "pool/2026/12/04/1796414460.json"))); // the 4th's JSON objects are still there

        var after = await engine.ReadingsAsync("pool", FourDays);
        Assert.Equal([.. before.Readings.Append(late).OrderBy(r => r.Timestamp)], after.Readings);
    }

    [Fact]
    public async Task Readings_of_other_quantities_are_stored_as_value_and_unit_compacted_and_read_back_with_their_unit()
    {
        var humidity = Enumerable.Range(0, 96)
            .Select(i => Reading.Create(Quantity.Humidity, End.AddMinutes(-30 * (96 - i)), 55 + (i % 7 * 1.3)))
            .ToList();
        var heater = Enumerable.Range(0, 96)
            .Select(i => Reading.Create(Quantity.State, End.AddMinutes(-30 * (96 - i)), i / 12 % 2))
            .ToList();
        foreach (var reading in humidity)
        {
            HistoryWriter.Write(Bucket, "humidity", reading);
        }

        foreach (var reading in heater)
        {
            HistoryWriter.Write(Bucket, "heater", reading);
        }

        var first = Path.Join(Bucket, ReadingKey.For("humidity", humidity[0]).ToString());
        Assert.Equal($"{{\"timestamp\":{humidity[0].Timestamp},\"value\":55,\"unit\":\"%\"}}\n", await File.ReadAllTextAsync(first));

        using var engine = new DuckDbQueryEngine(Bucket);
        var before = await engine.ReadingsAsync("humidity", FourDays);
        Assert.Equal(humidity, before.Readings);

        var compactor = new BucketCompactor(new LocalFolderStore(Bucket), TimeProvider.System);
        await compactor.CompactAsync("humidity", End.AddHours(-12), stopAt: null, progress: null, default);
        await compactor.CompactAsync("heater", End, stopAt: null, progress: null, default);
        Assert.True(File.Exists(Path.Join(Bucket, ReadingKey.CompactedKey("humidity", new DateOnly(2026, 12, 3)))));

        Assert.Equal(humidity, (await engine.ReadingsAsync("humidity", FourDays)).Readings);
        Assert.Equal(heater, (await engine.ReadingsAsync("heater", FourDays)).Readings);
        Assert.All((await engine.ReadingsAsync("heater", FourDays)).Readings, r => Assert.Equal("on/off", r.Unit));

        // The pool's old days still read beside them, and the bands of a humidity are of its values.
        Assert.Equal(Expected().Count, (await engine.ReadingsAsync("pool", FourDays)).Readings.Count);
        var bands = await engine.BandsAsync("humidity", FourDays, TimeSpan.FromDays(1));
        Assert.Equal(humidity.Min(r => r.Value), bands.Min(b => b.Min));
        Assert.Equal(humidity.Max(r => r.Value), bands.Max(b => b.Max));
    }

    public void Dispose() => _temp.Dispose();
}
