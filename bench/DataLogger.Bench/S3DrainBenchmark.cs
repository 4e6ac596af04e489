using System.Diagnostics;
using System.Globalization;
using DataLogger.Device.Spooling;
using DataLogger.Readings;
using DataLogger.Simulation;
using DataLogger.Storage.S3;
using DataLogger.Testing;

namespace DataLogger.Bench;

/// <summary>
/// Spool drain into a real S3-compatible server (s3rver on loopback): our drainer with 4 uploads at once (the
/// default), 8, and 1 at a time, against the original system's way, one <c>aws s3 cp</c> process per reading.
/// </summary>
static class S3DrainBenchmark
{
    public static async Task RunAsync(string work, int runs)
    {
        var folder = Path.Join(work, "s3-drain");
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        await using var server = await S3Server.StartAsync(Path.Join(folder, "server"));
        const int Readings = 500;
        var results = new Dictionary<string, Samples>();
        for (var round = 0; round < 3; round++)
        {
            foreach (var concurrency in new[] { 1, 4, 8 })
            {
                var spoolFolder = Path.Join(folder, $"spool-{round}-{concurrency}");
                using var spool = new Spool(spoolFolder);
                foreach (var reading in History.Generate(new PoolModel(), new DateTimeOffset(2025, 11, 27, 12, 0, 0, TimeSpan.Zero), TimeSpan.FromMinutes(5 * Readings), TimeSpan.FromMinutes(5)))
                {
                    await spool.AddAsync("pool", reading);
                }

                using var store = S3ObjectStore.Create(new S3StoreOptions { Bucket = S3Server.Bucket, Prefix = $"r{round}c{concurrency}", Endpoint = server.Endpoint });
                var s = Stopwatch.StartNew();
                var result = await new SpoolDrainer(spool, store, concurrency).DrainAsync();
                var rate = result.Uploaded / s.Elapsed.TotalSeconds;
                if (!result.Succeeded || result.Uploaded != Readings)
                {
                    throw new InvalidOperationException($"drain failed: {result.Failure}");
                }

                (results.TryGetValue($"c{concurrency}", out var samples) ? samples : results[$"c{concurrency}"] = new Samples($"ours, {concurrency} at once (readings/s)")).Add(rate);
            }
        }

        // The original: aws s3 cp, one process per reading (fewer readings: each costs a Python start).
        var cli = new Samples("aws s3 cp, one process per reading (readings/s)");
        if (ProcessRunner.OnPath("aws") is { } aws)
        {
            var files = Directory.CreateDirectory(Path.Join(folder, "cli"));
            var readings = History.Generate(new PoolModel(), new DateTimeOffset(2025, 11, 27, 12, 0, 0, TimeSpan.Zero), TimeSpan.FromMinutes(5 * 20), TimeSpan.FromMinutes(5)).ToList();
            for (var round = 0; round < 3; round++)
            {
                var s = Stopwatch.StartNew();
                foreach (var reading in readings)
                {
                    var file = Path.Join(files.FullName, $"{reading.Timestamp}.json");
                    await File.WriteAllBytesAsync(file, ReadingJson.Encode(reading));
                    var result = await ProcessRunner.RunAsync(aws,
                        ["s3", "cp", file, $"s3://{S3Server.Bucket}/cli{round}/{ReadingKey.For("pool", reading)}", "--endpoint-url", server.Endpoint.ToString(), "--only-show-errors"]);
                    if (result.ExitCode != 0)
                    {
                        throw new InvalidOperationException($"aws s3 cp failed: {result.Output}");
                    }
                }

                cli.Add(readings.Count / s.Elapsed.TotalSeconds);
            }
        }

        foreach (var samples in results.Values.Append(cli).Where(s => s.Count > 0))
        {
            Console.WriteLine(samples.ToString().Replace(" ms", "/s", StringComparison.Ordinal));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"4 at once / 1 at a time = {results["c4"].Median / results["c1"].Median:0.0}x"));
        if (cli.Count > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"4 at once / aws s3 cp = {results["c4"].Median / cli.Median:0}x"));
        }
    }
}
