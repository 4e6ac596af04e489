using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DataLogger.Mqtt;
using DataLogger.Readings;
using DataLogger.Storage.Local;
using DataLogger.Testing;

namespace DataLogger.Bench;

/// <summary>
/// What MQTT costs beside the bucket: a reading stored (durably, into the local folder) with no broker, with a live
/// one (mosquitto), and with one that is down, interleaved in one run; and one <c>agent --once</c> of the slim build
/// (wall and CPU time) the same three ways, plus its resident memory running with and without a broker.
/// </summary>
static class MqttBenchmark
{
    public static async Task RunAsync(string work, int runs)
    {
        await using var broker = await Mosquitto.StartAsync(Path.Join(work, "mqtt-broker"));
        var down = $"mqtt://127.0.0.1:{FreePort()}";
        var ways = new (string Name, string? Url)[] { ("no broker", null), ("live broker", broker.Url), ("broker down", down) };

        // In process: a reading into the bucket, then handed to the publisher, as LocalRun.StoreAsync does.
        var stores = ways.Select(w => new Samples($"store a reading, {w.Name}")).ToArray();
        var publishers = new MqttPublisher?[ways.Length];
        for (var w = 0; w < ways.Length; w++)
        {
            if (ways[w].Url is { } url)
            {
                publishers[w] = new MqttPublisher(MqttSettings.Parse(url), [new MqttSeries("pool", "Pool", "simulated", TimeSpan.FromMinutes(15), [])], node: "bench");
                publishers[w]!.Start();
            }
        }

        var folder = Path.Join(work, "mqtt-store");
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        var bucket = new LocalFolderStore(folder);
        await Task.Delay(1000); // the live one connected, the dead one failing
        var timestamp = 1796125200L;
        for (var i = 0; i < Math.Max(runs, 100); i++)
        {
            for (var k = 0; k < ways.Length; k++)
            {
                var w = (i + k) % ways.Length; // each way first as often as the others
                var reading = Reading.Create(timestamp++, 20 + (i % 10));
                var stopwatch = Stopwatch.StartNew();
                await bucket.PutAsync(ReadingKey.For("pool", reading).ToString(), ReadingJson.Encode(reading), ReadingJson.ContentType, CancellationToken.None);
                publishers[w]?.Publish("pool", reading);
                stores[w].Add(stopwatch.Elapsed.TotalMilliseconds);
            }
        }

        var current = await publishers[1]!.FlushAsync(TimeSpan.FromSeconds(5));
        foreach (var publisher in publishers.OfType<MqttPublisher>())
        {
            await publisher.DisposeAsync();
        }

        foreach (var samples in stores)
        {
            Console.WriteLine(samples);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"store: broker down / no broker = {stores[2].Median / stores[0].Median:0.00}x, live / none = {stores[1].Median / stores[0].Median:0.00}x (the live broker had every reading within 5 s after: {current})"));

        // The slim agent, as cron runs it.
        var root = Path.GetFullPath(Path.Join(AppContext.BaseDirectory, "../../../../../"));
        var publish = Path.Join(work, "publish-mqtt-agent");
        var built = await ProcessRunner.RunAsync("dotnet", ["publish", Path.Join(root, "src/DataLogger.Agent"), "-c", "Release", "-r", "linux-x64", "-o", publish]);
        if (built.ExitCode != 0)
        {
            throw new InvalidOperationException(built.Output);
        }

        var agent = Path.Join(publish, "datalogger");
        var wall = ways.Select(w => new Samples($"agent --once wall, {w.Name}")).ToArray();
        var cpu = ways.Select(w => new Samples($"agent --once CPU, {w.Name}")).ToArray();
        for (var i = 0; i < Math.Max(5, runs / 3); i++)
        {
            for (var w = 0; w < ways.Length; w++)
            {
                string[] args = ["-f", "TIME %U %S %e", agent, "agent", "--once", "--data", Path.Join(work, "mqtt-agent"), "--sensor", "simulated", .. ways[w].Url is { } url ? new[] { "--mqtt", url } : []];
                var result = await ProcessRunner.RunAsync("/usr/bin/time", args);
                var line = result.Output.Split('\n').Last(l => l.StartsWith("TIME ", StringComparison.Ordinal)).Split(' ');
                cpu[w].Add((double.Parse(line[1], CultureInfo.InvariantCulture) + double.Parse(line[2], CultureInfo.InvariantCulture)) * 1000);
                wall[w].Add(double.Parse(line[3], CultureInfo.InvariantCulture) * 1000);
                await Task.Delay(1000); // the next reading in the next second
            }
        }

        foreach (var samples in wall.Concat(cpu))
        {
            Console.WriteLine(samples);
        }

        // Resident memory of the agent service, after 6 s, without and with a live broker.
        foreach (var (name, url) in ways[..2])
        {
            var rss = new Samples($"agent service RSS after 6 s, {name} (MB)");
            for (var i = 0; i < 3; i++)
            {
                rss.Add((await AgentBenchmark.MemoryAsync(agent, ["agent", "--data", Path.Join(work, "mqtt-rss"), "--interval", "1s", "--sensor", "simulated", .. url is null ? Array.Empty<string>() : ["--mqtt", url]])).Resident);
            }

            Console.WriteLine(rss.ToString().Replace(" ms", " MB", StringComparison.Ordinal));
        }
    }

    static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
