using System.Globalization;
using DataLogger.Query.Athena;
using DataLogger.Query.DuckDb;
using DataLogger.Readings;
using DataLogger.Storage.S3;
using DataLogger.Testing;
using DataLogger.Time;

namespace DataLogger.Functions.Tests;

/// <summary>
/// What the build before quantities wrote, in S3: the bucket of <c>tests/DataLogger.Query.DuckDb.Tests/Fixtures/before-quantities</c>
/// (JSON objects, the original system's <c>celcius</c>, and Parquet days without <c>value</c> and <c>unit</c>, written by
/// commit dfb4948) uploaded to the S3 stand-in and read through Athena's (the Glue view over both tables) and by the
/// local engine: the readings that build's <c>query</c> printed, on both engines.
/// </summary>
[Collection(Cloud.Name)]
public sealed class BeforeQuantitiesTests(CloudStandIns cloud)
{
    static readonly string Fixture = Path.Join(RepositoryRoot.Path, "tests/DataLogger.Query.DuckDb.Tests/Fixtures/before-quantities");

    [Fact]
    public async Task Objects_and_days_the_build_before_wrote_to_s3_read_the_same_through_athena_and_duckdb()
    {
        // Under a series of its own at the bucket's root, where Athena's stand-in reads.
        var root = Path.Join(Fixture, "bucket", "pool");
        using (var data = cloud.Bucket(S3Server.Bucket))
        {
            foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            {
                var key = "before/" + Path.GetRelativePath(root, file).Replace('\\', '/');
                await data.PutAsync(key, await File.ReadAllBytesAsync(file), key.EndsWith(".json", StringComparison.Ordinal) ? ReadingJson.ContentType : "application/vnd.apache.parquet");
            }
        }

        var expected = File.ReadAllLines(Path.Join(Fixture, "expected.csv")).Skip(1).Select(line => line.Split(','))
            .Select(f => (long.Parse(f[1], CultureInfo.InvariantCulture), double.Parse(f[2], CultureInfo.InvariantCulture))).ToList();
        var window = TimeWindow.Last(TimeSpan.FromDays(4), new DateTimeOffset(2026, 12, 5, 0, 0, 0, TimeSpan.Zero));

        using var results = cloud.Bucket(S3Server.ResultsBucket);
        var athena = new AthenaQueryEngine(cloud.AthenaClient(), new AthenaSettings("datalogger", "pooldb", "readings"), _ => cloud.Bucket(S3Server.ResultsBucket));
        var viaAthena = await athena.ReadingsAsync("before", window);
        Assert.Equal(expected, viaAthena.Readings.Select(r => (r.Timestamp, r.Celsius)));
        Assert.All(viaAthena.Readings, r => Assert.True(r.IsTemperature));

        using var engine = new DuckDbQueryEngine(Path.Join(Fixture, "bucket"));
        Assert.Equal(viaAthena.Readings, (await engine.ReadingsAsync("pool", window)).Readings);
    }
}
