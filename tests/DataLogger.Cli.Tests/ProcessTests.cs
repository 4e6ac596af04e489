using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using DataLogger.Testing;

namespace DataLogger.Cli.Tests;

/// <summary>Runs the real <c>datalogger</c> executable, as a user would.</summary>
public sealed class ProcessTests : IDisposable
{
    readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    static Task<(int Exit, string Out, string Error)> RunAsync(params string[] args) => Executable.RunAsync(args);

    [Fact]
    public async Task Generate_then_query_through_the_executable()
    {
        var generate = await RunAsync("generate", "--data", _data.Path, "--days", "2", "--end", "2025-11-27T12:00:00Z");
        Assert.True(generate.Exit == 0, generate.Error);
        var query = await RunAsync("query", "--data", _data.Path, "--end", "2025-11-27T12:00:00Z", "--format", "csv");
        Assert.True(query.Exit == 0, query.Error);
        Assert.Equal(289, query.Out.TrimEnd().Split('\n').Length);
        Assert.Contains("288 readings", query.Error);
    }

    [Fact]
    public async Task Run_once_stores_a_reading_and_writes_the_site()
    {
        var result = await RunAsync("run", "--once", "--data", _data.Path, "--sensor", "simulated");
        Assert.True(result.Exit == 0, result.Error);
        Assert.Single(Directory.GetFiles(Path.Join(_data.Path, "bucket"), "*.json", SearchOption.AllDirectories));
        Assert.True(File.Exists(Path.Join(_data.Path, "site", "index.html")));
        Assert.True(File.Exists(Path.Join(_data.Path, "site", "chart-24h.png")));
    }

    [Fact]
    public async Task Run_serves_the_page_takes_readings_on_the_clock_and_stops_cleanly_on_ctrl_c()
    {
        // Ctrl+C's signal reaches it whatever this test run inherited: a shell's background job ignores SIGINT, and
        // children keep that, so `env --default-signal` gives the process the default, as a terminal would.
        var start = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("--default-signal=INT");
        start.ArgumentList.Add("dotnet");
        foreach (var arg in new[] { Path.Join(AppContext.BaseDirectory, "datalogger.dll"), "run", "--data", _data.Path, "--port", "0", "--interval", "10s", "--sensor", "simulated", "--backfill", "1h" })
        {
            start.ArgumentList.Add(arg);
        }

        var output = new ConcurrentQueue<string>();
        var serving = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            output.Enqueue(e.Data);
            if (Regex.Match(e.Data, @"^Serving (http://\S+)") is { Success: true } match)
            {
                serving.TrySetResult(new Uri(match.Groups[1].Value));
            }
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue("stderr: " + e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var url = await serving.Task.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal("127.0.0.1", url.Host);
            using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(10) };

            // The page is published at start, from the backfill.
            async Task<int> CountAsync()
            {
                var json = await http.GetStringAsync("latest.json");
                using var latest = JsonDocument.Parse(json);
                return latest.RootElement.GetProperty("series")[0].GetProperty("window").GetProperty("count").GetInt32();
            }

            var before = await Eventually(async () => await CountAsync() is var n && n >= 12 && (await http.GetAsync("/")).IsSuccessStatusCode ? n : (int?)null, TimeSpan.FromSeconds(60));
            // latest.json is written before the page (the page last, once its chart is there): wait for the page too.
            var page = await http.GetStringAsync("/");
            Assert.Contains("<h1>Pool</h1>", page);
            var png = await http.GetByteArrayAsync("chart-24h.png");
            Assert.Equal([0x89, 0x50, 0x4E, 0x47], png[..4]);

            // A reading on the clock (every 10 s) lands in the bucket and the served page follows it.
            var after = await Eventually(async () => await CountAsync() is var n && n > before ? n : (int?)null, TimeSpan.FromSeconds(60));
            Assert.True(after > before);

            // Ctrl+C: a clean stop, exit code 0, nothing half-written.
            using (var kill = Process.Start("kill", ["-INT", process.Id.ToString()]))
            {
                await kill.WaitForExitAsync();
            }

            try
            {
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
                Assert.Fail("run did not stop within 30 s of SIGINT. Its output:\n" + string.Join("\n", output));
            }

            Assert.True(process.ExitCode == 0, string.Join("\n", output));
            Assert.Contains(output, line => line.StartsWith("Stopped: ", StringComparison.Ordinal));
            Assert.Empty(Directory.GetFiles(_data.Path, "*.tmp", SearchOption.AllDirectories));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    static async Task<T> Eventually<T>(Func<Task<T?>> probe, TimeSpan within)
        where T : struct
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            try
            {
                if (await probe() is { } value)
                {
                    return value;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task A_bad_flag_exits_2_without_a_stack_trace()
    {
        var result = await RunAsync("query", "--data", _data.Path, "--last", "forever");
        Assert.Equal(2, result.Exit);
        Assert.Contains("not a duration", result.Error);
        Assert.DoesNotContain("Exception", result.Error);
    }
}
