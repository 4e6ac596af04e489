using System.Collections.Concurrent;
using System.Diagnostics;
using DataLogger.Readings;
using DataLogger.Storage.S3;
using DataLogger.Testing;

namespace DataLogger.Cli.Tests;

/// <summary>The agent against a real S3-compatible server: uploads, and an outage with the server really stopped.</summary>
public sealed class AgentS3Tests : IAsyncLifetime, IDisposable
{
    readonly TempDirectory _temp = new();
    S3Server _server = null!;

    public async Task InitializeAsync() => _server = await S3Server.StartAsync(_temp.Combine("s3"));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _temp.Dispose();

    async Task<Dictionary<string, Reading>> ReadBackAsync(string prefix)
    {
        using var store = S3ObjectStore.Create(new S3StoreOptions { Bucket = S3Server.Bucket, Prefix = prefix, Endpoint = _server.Endpoint });
        var readings = new Dictionary<string, Reading>();
        await foreach (var key in store.ListAsync(""))
        {
            readings[key] = ReadingJson.Decode((await store.GetAsync(key))!);
        }

        return readings;
    }

    [Fact]
    public async Task Readings_are_uploaded_listed_and_read_back_equal()
    {
        var w1 = new FakeW1Tree(_temp.Combine("w1")).Probe(FakeW1Tree.GoodId, FakeW1Tree.Good(26875));
        var (exit, output, error) = await CliRunner.RunAsync(
            "agent", "--once", "--store", "s3://data/house", "--s3-endpoint", _server.Endpoint.ToString(), "--spool", _temp.Combine("spool"), "--w1-root", w1.Root);
        Assert.True(exit == 0, error);
        Assert.Contains("uploaded 1 to s3://data/house/", output);

        var (key, reading) = Assert.Single(await ReadBackAsync("house"));
        Assert.Equal(ReadingKey.For("pool", reading).ToString(), key);
        Assert.Equal((26.875, FakeW1Tree.GoodId), (reading.Celsius, reading.SensorId)); // what the sensor said, 1/16 °C steps kept
    }

    [Fact]
    public async Task A_missing_bucket_keeps_the_reading_spooled_and_says_why()
    {
        var (exit, _, error) = await CliRunner.RunAsync(
            "agent", "--once", "--store", "s3://nope", "--s3-endpoint", _server.Endpoint.ToString(), "--spool", _temp.Combine("spool"), "--sensor", "simulated");
        Assert.Equal(1, exit);
        Assert.Contains("the bucket 'nope' does not exist", error);
        Assert.Single(Directory.GetFiles(_temp.Combine("spool"), "*.json", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task With_the_server_stopped_and_restarted_mid_run_every_reading_arrives_exactly_once()
    {
        var spool = _temp.Combine("spool");
        // Ctrl+C's signal reaches it whatever this test run inherited: a shell's background job ignores SIGINT, and
        // children keep that, so `env --default-signal` gives the process the default, as a terminal would.
        var start = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("--default-signal=INT");
        start.ArgumentList.Add("dotnet");
        foreach (var arg in new[] { Path.Join(AppContext.BaseDirectory, "datalogger.dll"), "agent", "--store", "s3://data/outage", "--s3-endpoint", _server.Endpoint.ToString(),
            "--spool", spool, "--interval", "1s", "--sensor", "simulated" })
        {
            start.ArgumentList.Add(arg);
        }

        var watcher = new SpoolWatcher(spool);

        using var agent = Process.Start(start)!;
        var log = new ConcurrentQueue<string>();
        agent.OutputDataReceived += (_, e) => { if (e.Data is not null) { log.Enqueue(e.Data); } };
        agent.ErrorDataReceived += (_, e) => { if (e.Data is not null) { log.Enqueue(e.Data); } };
        agent.BeginOutputReadLine();
        agent.BeginErrorReadLine();
        try
        {
            await WaitUntil(async () => (await ReadBackAsync("outage")).Count >= 2, TimeSpan.FromSeconds(30));

            // The outage: the server is really gone; readings pile up in the spool.
            await _server.StopAsync();
            await WaitUntil(() => Task.FromResult(Directory.GetFiles(spool, "*.json", SearchOption.AllDirectories).Length >= 3), TimeSpan.FromSeconds(30));

            // Back: everything spooled arrives (the agent retries with backoff, up to a few seconds here).
            await _server.RestartAsync();
            await WaitUntil(() => Task.FromResult(Directory.GetFiles(spool, "*.json", SearchOption.AllDirectories).Length == 0), TimeSpan.FromSeconds(60));
        }
        finally
        {
            using (var stop = Process.Start("kill", ["-INT", agent.Id.ToString()]))
            {
                await stop.WaitForExitAsync();
            }

            try
            {
                await agent.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
                Assert.Fail("The agent did not stop within 30 s of SIGINT. Its log:\n" + string.Join("\n", log));
            }
        }

        await watcher.DisposeAsync();
        var uploaded = await ReadBackAsync("outage");
        // Every reading that was taken arrived, or (one taken as Ctrl+C came, on a busy machine) waits in the spool for
        // the next start: none is lost.
        var waiting = Directory.GetFiles(spool, "*.json", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(spool, f).Replace('\\', '/')).ToList();
        Assert.True(waiting.Count <= 1, string.Join('\n', waiting));
        Assert.Empty(watcher.Seen.Except(uploaded.Keys).Except(waiting));
        Assert.All(uploaded, pair => Assert.Equal(pair.Key, ReadingKey.For("pool", pair.Value).ToString()));
        Assert.Equal(uploaded.Count, uploaded.Values.Select(r => r.Timestamp).Distinct().Count()); // once each
        Assert.True(uploaded.Count >= 5, string.Join('\n', log));
        Assert.Contains(log, line => line.Contains("Upload to s3://data/outage/ failed", StringComparison.Ordinal));
    }

    // The real agent while S3 refuses it (codes and statuses as AWS documents them): it says the fix, keeps every reading
    // in the spool, backs off, and uploads them all, once each, when S3 takes them again.
    [Theory]
    [InlineData(403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.", "does not know this access key id: check AWS_ACCESS_KEY_ID")]
    [InlineData(400, "ExpiredToken", "The provided token has expired.", "the AWS session token has expired: renew the credentials")]
    [InlineData(403, "RequestTimeTooSkewed", "The difference between the request time and the current time is too large.", "this machine's clock is more than 15 minutes off: set the time")]
    [InlineData(404, "NoSuchBucket", "The specified bucket does not exist", "the bucket 'data' does not exist: check its name")]
    public async Task While_S3_refuses_the_agent_it_says_the_fix_keeps_the_spool_and_uploads_everything_after(int status, string code, string message, string fix)
    {
        var spool = _temp.Combine("spool");
        _server.Fail(status, code, message);
        using var agent = Running.Start(["agent", "--store", "s3://data/refused", "--s3-endpoint", _server.Endpoint.ToString(), "--spool", spool, "--interval", "1s", "--sensor", "simulated"]);
        await agent.WaitForLineAsync(System.Text.RegularExpressions.Regex.Escape(fix));
        await WaitUntil(() => Task.FromResult(Directory.GetFiles(spool, "*.json", SearchOption.AllDirectories).Length >= 3), TimeSpan.FromSeconds(30));
        Assert.False(Directory.Exists(_temp.Combine("s3", S3Server.Bucket, "refused"))); // nothing got in (its folder in the server's own)

        _server.Heal();
        var deadline = DateTime.UtcNow.AddSeconds(120); // the backoff doubles while S3 refuses
        while (Directory.GetFiles(spool, "*.json", SearchOption.AllDirectories).Length > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the spool did not drain once S3 took the readings again. The agent's output:\n{agent}");
            await Task.Delay(100);
        }

        Assert.Equal(0, await agent.InterruptAsync());
        var uploaded = await ReadBackAsync("refused");
        Assert.True(uploaded.Count >= 3);
        Assert.All(uploaded, pair => Assert.Equal(pair.Key, ReadingKey.For("pool", pair.Value).ToString()));
        Assert.DoesNotContain(agent.Output, line => line.Contains("   at ", StringComparison.Ordinal)); // one line each, no stack trace
    }

    static async Task WaitUntil(Func<Task<bool>> condition, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
            await Task.Delay(100);
        }
    }
}
