using System.Diagnostics;
using System.Globalization;
using DataLogger.Device.Spooling;
using DataLogger.Readings;
using DataLogger.Simulation;
using DataLogger.Storage.Local;

namespace DataLogger.Bench;

/// <summary>
/// The Pi agent: resident memory of the running agent (the slim build and the full one), CPU time of one
/// <c>agent --once</c> cycle, and spool drain throughput into the local store, 4 uploads at once against 1.
/// </summary>
static class AgentBenchmark
{
    public static async Task RunAsync(string work, int runs)
    {
        var root = Path.GetFullPath(Path.Join(AppContext.BaseDirectory, "../../../../../"));
        var builds = new List<(string Name, string Executable)>();
        foreach (var (name, project) in new[] { ("slim agent build", "src/DataLogger.Agent"), ("full build", "src/DataLogger.Cli") })
        {
            var folder = Path.Join(work, "publish-" + Path.GetFileName(project));
            var publish = await ProcessRunner.RunAsync("dotnet", ["publish", Path.Join(root, project), "-c", "Release", "-r", "linux-x64", "-o", folder]);
            if (publish.ExitCode != 0)
            {
                throw new InvalidOperationException(publish.Output);
            }

            var size = new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {size / 1048576.0:0.0} MB published ({folder})"));
            builds.Add((name, Path.Join(folder, "datalogger")));
        }

        foreach (var (name, executable) in builds)
        {
            var rss = new Samples($"{name}: resident memory after 6 s (MB)");
            var peak = new Samples($"{name}: peak resident memory (MB)");
            for (var i = 0; i < 3; i++)
            {
                var (now, highest) = await MemoryAsync(executable, ["agent", "--data", Path.Join(work, "agent-rss"), "--interval", "1s", "--sensor", "simulated"]);
                rss.Add(now);
                peak.Add(highest);
            }

            Console.WriteLine(rss.ToString().Replace(" ms", " MB", StringComparison.Ordinal));
            Console.WriteLine(peak.ToString().Replace(" ms", " MB", StringComparison.Ordinal));

            var cpu = new Samples($"{name}: CPU time of one agent --once (user+sys)");
            var wall = new Samples($"{name}: wall time of one agent --once");
            for (var i = 0; i < Math.Max(5, runs / 3); i++)
            {
                var data = Path.Join(work, "agent-once");
                var result = await ProcessRunner.RunAsync("/usr/bin/time", ["-f", "TIME %U %S %e", executable, "agent", "--once", "--data", data, "--sensor", "simulated"]);
                var line = result.Output.Split('\n').Last(l => l.StartsWith("TIME ", StringComparison.Ordinal)).Split(' ');
                cpu.Add((double.Parse(line[1], CultureInfo.InvariantCulture) + double.Parse(line[2], CultureInfo.InvariantCulture)) * 1000);
                wall.Add(double.Parse(line[3], CultureInfo.InvariantCulture) * 1000);
            }

            Console.WriteLine(cpu);
            Console.WriteLine(wall);
        }

        // Drain throughput: a day-long outage's readings (5,000 in two series) into the local store, durable writes.
        var throughput = new Dictionary<int, Samples> { [1] = new("drain, 1 upload at a time (readings/s)"), [4] = new("drain, 4 uploads at once (readings/s)") };
        for (var i = 0; i < 3; i++)
        {
            foreach (var concurrency in new[] { 1, 4 })
            {
                var folder = Path.Join(work, $"drain-{concurrency}");
                if (Directory.Exists(folder))
                {
                    Directory.Delete(folder, recursive: true);
                }

                using var spool = new Spool(Path.Join(folder, "spool"));
                var model = new PoolModel();
                var end = new DateTimeOffset(2025, 11, 27, 12, 0, 0, TimeSpan.Zero);
                foreach (var reading in History.Generate(model, end, TimeSpan.FromDays(8.68), TimeSpan.FromMinutes(5)))
                {
                    await spool.AddAsync(reading.Timestamp % 600 == 0 ? "pool" : "spa", reading);
                }

                var drainer = new SpoolDrainer(spool, new LocalFolderStore(Path.Join(folder, "bucket")), concurrency);
                var s = Stopwatch.StartNew();
                var result = await drainer.DrainAsync();
                throughput[concurrency].Add(result.Uploaded / s.Elapsed.TotalSeconds);
            }
        }

        foreach (var samples in throughput.Values)
        {
            Console.WriteLine(samples.ToString().Replace(" ms", "/s", StringComparison.Ordinal));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"drain: 4 at once / 1 at a time = {throughput[4].Median / throughput[1].Median:0.00}x"));
    }

    /// <summary>Resident memory (now and at its peak, MB) of a process started with <paramref name="args"/>, 6 s after it started.</summary>
    public static async Task<(double Resident, double Peak)> MemoryAsync(string executable, string[] args)
    {
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        await Task.Delay(6000);
        var status = await File.ReadAllLinesAsync($"/proc/{process.Id}/status");
        process.Kill();
        await process.WaitForExitAsync();
        return (Kilobytes(status, "VmRSS:") / 1024.0, Kilobytes(status, "VmHWM:") / 1024.0);
    }

    static long Kilobytes(string[] status, string field) =>
        long.Parse(status.First(l => l.StartsWith(field, StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
