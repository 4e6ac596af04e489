using System.Diagnostics;
using System.Globalization;
using DataLogger.Device.Spooling;
using DataLogger.Readings;
using DataLogger.Simulation;
using DataLogger.Storage.Local;
using DataLogger.Testing;

namespace DataLogger.Bench;

/// <summary>
/// The Pi agent, ReadyToRun and NativeAOT: CPU time and peak memory of one <c>agent --once</c> upload to the S3 test
/// server beside the original's <c>aws s3 cp</c>, the service's resident memory after 30 s, the published size; and
/// spool drain throughput into the local store, 4 uploads at once against 1.
/// </summary>
static class AgentBenchmark
{
    public static async Task RunAsync(string work, int runs)
    {
        var root = Path.GetFullPath(Path.Join(AppContext.BaseDirectory, "../../../../../"));
        await using var server = await S3Server.StartAsync(Path.Join(work, "agent-s3"));
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", S3Server.AccessKey);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", S3Server.AccessKey);
        Environment.SetEnvironmentVariable("AWS_REGION", "us-east-1");
        Environment.SetEnvironmentVariable("AWS_DEFAULT_REGION", "us-east-1");

        // The slim agent as the README builds it: ReadyToRun (any machine) and NativeAOT (one file), for this machine.
        var builds = new List<(string Name, string Executable)>();
        foreach (var (name, extra) in new[] { ("ReadyToRun", "-p:PublishReadyToRun=true"), ("NativeAOT", "-p:PublishAot=true") })
        {
            var folder = Path.Join(work, "publish-agent-" + name);
            var publish = await ProcessRunner.RunAsync("dotnet", ["publish", Path.Join(root, "src/DataLogger.Agent"), "-c", "Release", "-r", "linux-x64", extra,
                "--artifacts-path", Path.Join(work, "artifacts-agent-" + name), "-o", folder]);
            if (publish.ExitCode != 0)
            {
                throw new InvalidOperationException(publish.Output);
            }

            var files = new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {files.Sum(f => f.Length) / 1048576.0:0.0} MiB published in {files.Count} files ({folder})"));
            builds.Add((name, Path.Join(folder, "datalogger")));
        }

        // One agent --once: a simulated reading uploaded to the S3 test server. CPU (user+sys) and peak memory, side by
        // side with the original system's upload, one aws s3 cp (AWS CLI v1) of the same reading; each round runs all.
        var cpu = builds.Select(b => b.Name).Append("aws s3 cp").ToDictionary(n => n, n => new Samples($"{n}: CPU of one upload (user+sys)"));
        var peaks = builds.Select(b => b.Name).Append("aws s3 cp").ToDictionary(n => n, n => new Samples($"{n}: peak resident memory (MiB)"));
        var readingFile = Path.Join(work, "reading.json");
        await File.WriteAllBytesAsync(readingFile, ReadingJson.Encode(Reading.Create(DateTimeOffset.UtcNow, 21.5)));
        var aws = ProcessRunner.OnPath("aws");
        for (var i = 0; i < Math.Max(7, runs / 3); i++)
        {
            foreach (var (name, executable) in builds)
            {
                Measure(name, await TimedAsync([executable, "agent", "--once", "--store", $"s3://{S3Server.Bucket}/{name}",
                    "--s3-endpoint", server.Endpoint.ToString(), "--spool", Path.Join(work, "agent-spool-" + name), "--sensor", "simulated"]));
            }

            if (aws is not null)
            {
                Measure("aws s3 cp", await TimedAsync([aws, "s3", "cp", readingFile, $"s3://{S3Server.Bucket}/cli/{i}.json", "--endpoint-url", server.Endpoint.ToString(), "--only-show-errors"]));
            }
        }

        // CPU to the microsecond (bash's time, from getrusage) and the peak resident memory (GNU time's %M, of the child).
        static Task<(int ExitCode, string Output)> TimedAsync(string[] command) =>
            ProcessRunner.RunAsync("/usr/bin/time", ["-f", "MEM %M", "bash", "-c", "TIMEFORMAT='TIME %3U %3S %3R'; time \"$@\"", "bash", .. command]);

        void Measure(string name, (int ExitCode, string Output) result)
        {
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"{name} failed: {result.Output}");
            }

            var lines = result.Output.Split('\n');
            var time = lines.Last(l => l.StartsWith("TIME ", StringComparison.Ordinal)).Split(' ');
            var memory = lines.Last(l => l.StartsWith("MEM ", StringComparison.Ordinal)).Split(' ');
            cpu[name].Add((double.Parse(time[1], CultureInfo.InvariantCulture) + double.Parse(time[2], CultureInfo.InvariantCulture)) * 1000);
            peaks[name].Add(double.Parse(memory[1], CultureInfo.InvariantCulture) / 1024.0);
        }

        foreach (var name in cpu.Keys.Where(n => cpu[n].Count > 0))
        {
            Console.WriteLine(cpu[name]);
            Console.WriteLine(peaks[name].ToString().Replace(" ms", " MiB", StringComparison.Ordinal));
        }

        if (cpu["aws s3 cp"].Count > 0)
        {
            foreach (var (name, _) in builds)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: CPU {cpu[name].Median / cpu["aws s3 cp"].Median:0.000} of aws s3 cp's"));
            }
        }

        // The agent service after a longer run: a reading a second for 30 s.
        foreach (var (name, executable) in builds)
        {
            var rss = new Samples($"{name}: service resident memory after 30 s (MB)");
            for (var i = 0; i < 3; i++)
            {
                var (now, _) = await MemoryAsync(executable, ["agent", "--data", Path.Join(work, "agent-rss-" + name), "--interval", "1s", "--sensor", "simulated"], TimeSpan.FromSeconds(30));
                rss.Add(now);
            }

            Console.WriteLine(rss.ToString().Replace(" ms", " MB", StringComparison.Ordinal));
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
    public static async Task<(double Resident, double Peak)> MemoryAsync(string executable, string[] args, TimeSpan? after = null)
    {
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        await Task.Delay(after ?? TimeSpan.FromSeconds(6));
        var status = await File.ReadAllLinesAsync($"/proc/{process.Id}/status");
        process.Kill();
        await process.WaitForExitAsync();
        return (Kilobytes(status, "VmRSS:") / 1024.0, Kilobytes(status, "VmHWM:") / 1024.0);
    }

    static long Kilobytes(string[] status, string field) =>
        long.Parse(status.First(l => l.StartsWith(field, StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
