using System.Diagnostics;
using System.Globalization;
using System.Text;
using DataLogger.Cli.Common;
using DataLogger.Cli.Configuration;
using DataLogger.Cli.Hosting;
using DataLogger.Device.Sensors;
using DataLogger.Ingest;
using DataLogger.Readings;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataLogger.Bench;

/// <summary>
/// Readings a second that <c>run</c> takes over HTTP (issue 25): its Kestrel with the ingest endpoints, in process,
/// and clients posting InfluxDB line protocol over loopback, each reading stored durably (atomic file, fsync, a
/// link that never replaces) before the 204; in batches of 1, 10 and 100 lines, with 1 and 4 clients at once. Then
/// what it costs the reading-to-page time: a probe's reading stored and the site updated, idle and while 4 clients post.
/// </summary>
static class IngestBenchmark
{
    const string Token = "bench-0123456789abcdef";

    public static async Task RunAsync(string work, int runs)
    {
        var root = Path.Join(work, "ingest");
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        var ingest = new IngestSettings([new IngestDevice("bench", Token, "spa", new Dictionary<string, string>())], 1_000_000, 64 * 1024 * 1024);
        var options = new RunSettings(DataFolder.At(root), [new Probe("pool", new SimulatedSensor())], TimeSpan.FromMinutes(5), SensorKind.Simulated, OneWireSensor.DefaultRoot,
            null, 0, "127.0.0.1", TimeZoneInfo.Utc) { Ingest = ingest };
        using var local = new LocalRun(options, NullLogger.Instance);
        var app = SiteServer.Create(options.Folder.Site, "127.0.0.1", 0, _ => { });
        await using (app.ConfigureAwait(false))
        {
            new IngestEndpoints(ingest, local.StoreSentAsync, options.Station, TimeProvider.System, NullLogger.Instance, CancellationToken.None).Map(app);
            await app.StartAsync();
            using var http = new HttpClient { BaseAddress = new Uri(SiteServer.Address(app)) };
            http.DefaultRequestHeaders.Authorization = new("Token", Token);
            var next = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - (30L * 86400);
            foreach (var (batch, clients, shape) in new[] { (1, 1, Shape.Plain), (10, 1, Shape.Plain), (100, 1, Shape.Plain), (100, 4, Shape.Plain), (100, 4, Shape.Gzip), (100, 4, Shape.Mixed) })
            {
                var rates = new Samples($"{batch} readings a request, {clients} client{(clients == 1 ? string.Empty : "s")}{(shape == Shape.Plain ? string.Empty : $", {shape}")}: readings/s");
                for (var i = -1; i < runs; i++)
                {
                    var total = Math.Max(400, batch * 20);
                    var s = Stopwatch.StartNew();
                    await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => PostAsync(http, batch, total / clients, () => Interlocked.Increment(ref next), shape)));
                    if (i >= 0)
                    {
                        rates.Add(total / s.Elapsed.TotalSeconds);
                    }
                }

                Console.WriteLine(rates);
            }

            using var stop = new CancellationTokenSource();
            var updating = local.Updates.RunAsync(stop.Token);
            await OneLargeRequestAsync(local, http, runs, () => Interlocked.Increment(ref next));
            await LatencyAsync(local, http, runs, () => Interlocked.Increment(ref next));
            await stop.CancelAsync();
            await updating;
            await app.StopAsync();
        }
    }

    // How a request's body is made: plain line protocol; the same gzipped (Telegraf's InfluxDB outputs' default); or
    // mixed as Telegraf's temp plugin sends it, each sensor's input beside its chip's crit and max limits (a third of the
    // points a temperature: the rate counts those stored).
    enum Shape
    {
        Plain,
        Gzip,
        Mixed,
    }

    static async Task PostAsync(HttpClient http, int batch, int readings, Func<long> next, Shape shape = Shape.Plain)
    {
        for (var sent = 0; sent < readings; sent += batch)
        {
            var body = new StringBuilder();
            for (var j = 0; j < batch; j++)
            {
                var t = next();
                if (shape == Shape.Mixed)
                {
                    body.Append(CultureInfo.InvariantCulture, $"temp,sensor=pool_input temp={20 + (j % 50 * 0.1):0.0} {t}\n");
                    body.Append(CultureInfo.InvariantCulture, $"temp,sensor=pool_crit temp=105 {t}\n");
                    body.Append(CultureInfo.InvariantCulture, $"temp,sensor=pool_max temp=85 {t}\n");
                }
                else
                {
                    body.Append(CultureInfo.InvariantCulture, $"temperature value={20 + (j % 50 * 0.1):0.0} {t}\n");
                }
            }

            using var content = Content(body.ToString(), shape);
            using var response = await http.PostAsync("write?precision=s", content);
            if ((int)response.StatusCode != 204)
            {
                throw new InvalidOperationException($"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        }
    }

    static ByteArrayContent Content(string text, Shape shape)
    {
        if (shape != Shape.Gzip)
        {
            return new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        }

        using var packed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(packed, System.IO.Compression.CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        var content = new ByteArrayContent(packed.ToArray());
        content.Headers.ContentEncoding.Add("gzip");
        return content;
    }

    // One request of 6,898 readings (about what 256 KB of line protocol holds, the default maxBytes): the time to its 204, and the site updates
    // it made (one is the goal: one request, one update).
    static async Task OneLargeRequestAsync(LocalRun local, HttpClient http, int runs, Func<long> next)
    {
        var times = new Samples("one request of 6,898 readings: seconds to its 204");
        var updates = new Samples("one request of 6,898 readings: site updates it made");
        using var completed = new SemaphoreSlim(0);
        void Completed(object? sender, Exception? failure) => completed.Release();
        local.Updates.RunCompleted += Completed;
        while (await completed.WaitAsync(TimeSpan.FromSeconds(5)))
        {
            // the updates still due from the passes before, drawn first (until 5 s pass without one)
        }

        for (var i = 0; i < Math.Max(2, runs / 2); i++)
        {
            var before = local.Updates.Runs;
            var s = Stopwatch.StartNew();
            await PostAsync(http, 6898, 6898, next);
            times.Add(s.Elapsed.TotalSeconds);
            await completed.WaitAsync(TimeSpan.FromMinutes(2)); // the update it asked for, drawn
            await Task.Delay(3000); // and no other after it
            updates.Add(local.Updates.Runs - before);
            while (completed.CurrentCount > 0)
            {
                await completed.WaitAsync();
            }
        }

        local.Updates.RunCompleted -= Completed;
        Console.WriteLine(times);
        Console.WriteLine(updates);
    }

    // A probe's reading stored -> site updated, idle and while four clients post batches of 100.
    static async Task LatencyAsync(LocalRun local, HttpClient http, int runs, Func<long> next)
    {
        var updated = new SemaphoreSlim(0);
        local.Updates.RunCompleted += (_, _) => updated.Release();
        var model = new Simulation.PoolModel();
        foreach (var busy in new[] { false, true })
        {
            using var flood = new CancellationTokenSource();
            var posting = busy
                ? Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
                {
                    while (!flood.IsCancellationRequested)
                    {
                        await PostAsync(http, 100, 100, next);
                    }
                })))
                : Task.CompletedTask;
            await Task.Delay(500);
            while (updated.CurrentCount > 0)
            {
                await updated.WaitAsync();
            }

            var latency = new Samples($"reading stored -> site updated, {(busy ? "while 4 clients post" : "idle")}");
            var t = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            for (var i = -2; i < runs; i++)
            {
                var reading = Reading.Create(t + 1 + i + (busy ? 1000 : 0), model.CelsiusAt(t + i));
                var s = Stopwatch.StartNew();
                await local.StoreAsync("pool", reading);
                await updated.WaitAsync();
                if (i >= 0)
                {
                    latency.Add(s.Elapsed.TotalMilliseconds);
                }

                // (While posting, an update may already run for the device's readings: this one waits its turn.)
                while (updated.CurrentCount > 0)
                {
                    await updated.WaitAsync();
                }
            }

            await flood.CancelAsync();
            await posting;
            Console.WriteLine(latency);
        }
    }
}
