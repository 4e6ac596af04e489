using System.Diagnostics;
using System.Globalization;
using DataLogger.Cli.Common;
using DataLogger.Cli.Configuration;
using DataLogger.Cli.Hosting;
using DataLogger.Device.Sensors;
using DataLogger.Readings;
using DataLogger.Simulation;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataLogger.Bench;

/// <summary>
/// The embedded pipeline of <c>datalogger run</c>, as it runs: from a reading stored in the local bucket to the site
/// updated (query with DuckDB, both charts drawn, page and figures written), over a bucket with 24 hours of history;
/// for one series, then for two (each reading redraws both series' day and the overview), side by side in one run.
/// </summary>
static class LatencyBenchmark
{
    public static async Task RunAsync(string work, int runs)
    {
        var one = await MeasureAsync(work, runs, ["pool"]);
        var two = await MeasureAsync(work, runs, ["pool", "air"]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"two series / one: {two / one:0.00}x"));
    }

    static async Task<double> MeasureAsync(string work, int runs, string[] series)
    {
        Console.WriteLine($"series: {string.Join(", ", series)}");
        var root = Path.Join(work, "latency-" + series.Length);
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        var model = new PoolModel();
        var options = new RunSettings(DataFolder.At(root), [.. series.Select(s => new Probe(s, new SimulatedSensor()))], TimeSpan.FromMinutes(5), SensorKind.Simulated, OneWireSensor.DefaultRoot,
            null, 0, "127.0.0.1", TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));
        using var local = new LocalRun(options, NullLogger.Instance);
        var now = DateTimeOffset.UtcNow;
        foreach (var name in series)
        {
            foreach (var reading in History.Generate(model, now, TimeSpan.FromHours(24), TimeSpan.FromMinutes(5)))
            {
                await local.StoreAsync(name, reading);
            }
        }

        using var stop = new CancellationTokenSource();
        var loop = local.Updates.RunAsync(stop.Token);
        var updated = new SemaphoreSlim(0);
        local.Updates.RunCompleted += (_, error) =>
        {
            if (error is not null)
            {
                Console.Error.WriteLine(error);
            }

            updated.Release();
        };

        // Settle: the bulk load above asked for runs; wait for them, then warm up.
        await Task.Delay(1000);
        while (updated.CurrentCount > 0)
        {
            await updated.WaitAsync();
        }

        var storing = new Samples("store one reading (atomic, fsync)");
        var latency = new Samples("reading stored -> site updated");
        var t = now.ToUnixTimeSeconds();
        for (var i = -3; i < runs; i++)
        {
            var reading = Reading.Create(t + 1 + i, model.CelsiusAt(t + 1 + i));
            // A reading comes minutes after the last, not within the pipeline's quiet period of its run (a burst).
            await Task.Delay(200);
            var s = Stopwatch.StartNew();
            await local.StoreAsync("pool", reading);
            var stored = s.Elapsed.TotalMilliseconds;
            await updated.WaitAsync();
            if (i >= 0)
            {
                storing.Add(stored);
                latency.Add(s.Elapsed.TotalMilliseconds - stored);
            }
        }

        stop.Cancel();
        await loop;
        Console.WriteLine(storing);
        Console.WriteLine(latency);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"site files: {string.Join(", ", Directory.GetFiles(options.Folder.Site).Select(f => $"{Path.GetFileName(f)} {new FileInfo(f).Length / 1024.0:0} KB"))}"));
        return latency.Median;
    }
}
