using System.Diagnostics;
using System.Globalization;
using DataLogger.Aws;
using DataLogger.Compaction;
using DataLogger.Query;
using DataLogger.Readings;
using DataLogger.Simulation;
using DataLogger.Storage.S3;
using DataLogger.Testing;
using DataLogger.Time;

namespace DataLogger.Bench;

/// <summary>
/// What Athena reads per 24-hour query, with and without the hourly compaction, on a real S3-compatible server
/// (s3rver on loopback): two days of readings uploaded 5 minutes apart as the agent would, the compactor run at
/// 5 past each hour (<see cref="CompactionSchedule"/>), and after each reading the objects in the query's day
/// partitions of both tables counted from the bucket's own listing (what partition projection makes Athena read).
/// The second day is measured: by then the first is compacted, as every day in steady state.
/// </summary>
static class BillBenchmark
{
    public static async Task RunAsync(string work, int runs)
    {
        var folder = Path.Join(work, "bill");
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        await using var server = await S3Server.StartAsync(Path.Join(folder, "server"));
        using var data = S3ObjectStore.Create(new S3StoreOptions { Bucket = S3Server.Bucket, Endpoint = server.Endpoint });
        var compactor = new BucketCompactor(data, TimeProvider.System);
        var compaction = new Samples("one hourly compaction run (12 readings into the day's object)");
        var daily = new Samples("the first run after midnight (the day's last readings)");
        double jsonOnly = 0, compacted = 0, parquetGets = 0, queries = 0;
        long daySize = 0;
        var start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        for (var run = 0; run < Math.Max(1, runs); run++)
        {
            var series = $"bill{run}";
            var readings = History.Generate(new PoolModel(), start.AddDays(2), TimeSpan.FromDays(2), TimeSpan.FromMinutes(5)).ToList();
            foreach (var reading in readings)
            {
                var now = DateTimeOffset.FromUnixTimeSeconds(reading.Timestamp);
                if (now.Minute == CompactionSchedule.Minute)
                {
                    var s = Stopwatch.StartNew();
                    await compactor.CompactAsync(series, BucketCompactor.Cutoff(now), stopAt: null, progress: null, default);
                    (now.Hour == 0 ? daily : compaction).Add(s.Elapsed.TotalMilliseconds);
                }

                await data.PutAsync(ReadingKey.For(series, reading).ToString(), ReadingJson.Encode(reading), ReadingJson.ContentType);
                if (now < start.AddDays(1))
                {
                    continue;
                }

                // The 24-hour query's partitions: two days, in each table.
                var window = TimeWindow.Last(TimeSpan.FromHours(24), now);
                int json = 0, parquet = 0;
                foreach (var day in window.Days)
                {
                    await foreach (var key in data.ListAsync(ReadingKey.DayPrefix(series, day)))
                    {
                        json++;
                    }

                    if (await data.GetAsync(ReadingKey.CompactedKey(series, day)) is not null)
                    {
                        parquet++;
                    }
                }

                var all = readings.Count(r => r.Timestamp <= reading.Timestamp && window.Days.Contains(DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(r.Timestamp).UtcDateTime)));
                jsonOnly += all;
                compacted += json;
                parquetGets += parquet;
                queries++;
            }

            daySize = (await data.GetAsync(ReadingKey.CompactedKey(series, DateOnly.FromDateTime(start.UtcDateTime))))!.Length;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"24-hour queries measured: {queries:0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"JSON objects in its partitions, without compaction: {jsonOnly / queries:0.0} on average"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"with hourly compaction: {compacted / queries:0.0} JSON objects and {parquetGets / queries:0.00} Parquet objects on average"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"a compacted day of 288 readings: {daySize} bytes"));
        Console.WriteLine(compaction);
        Console.WriteLine(daily);
    }
}
