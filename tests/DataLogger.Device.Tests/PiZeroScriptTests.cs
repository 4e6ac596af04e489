using System.Diagnostics;
using DataLogger.Readings;
using DataLogger.Testing;

namespace DataLogger.Device.Tests;

/// <summary>
/// <c>deploy/pi-zero/temp-to-aws.sh</c>, the POSIX shell script for Pis that .NET cannot run on, run with dash
/// (Debian's /bin/sh, stricter than bash) on a fake sysfs tree: it must write the same key and JSON as the agent.
/// </summary>
[Trait("Category", "System")]
public sealed class PiZeroScriptTests : IDisposable
{
    readonly TempDirectory _temp = new();
    readonly FakeW1Tree _w1;

    public PiZeroScriptTests() => _w1 = new FakeW1Tree(_temp.Combine("w1"));

    public void Dispose() => _temp.Dispose();

    async Task<(int Exit, string Out, string Error)> RunAsync(params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo("dash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Join(RepositoryRoot.Path, "deploy", "pi-zero", "temp-to-aws.sh"));
        start.Environment["W1_ROOT"] = _w1.Root;
        start.Environment["SPOOL"] = _temp.Combine("spool");
        start.Environment["RETRY_DELAY"] = "0";
        start.Environment["CLOCK"] = "trusted"; // but in the clock tests
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    [Theory]
    [InlineData(23125, "0", 23.125)]
    [InlineData(-1250, "0", -1.25)]
    [InlineData(27312, "-0.3", 27.012)]
    [InlineData(-62, "0", -0.062)]
    public async Task Writes_the_same_key_and_json_as_the_agent(int milli, string offset, double celsius)
    {
        _w1.Probe(FakeW1Tree.GoodId, FakeW1Tree.Good(milli));
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var (exit, output, error) = await RunAsync(("DRY_RUN", "1"), ("OFFSET", offset), ("SERIES", "spa"));
        Assert.True(exit == 0, error);

        var lines = output.TrimEnd().Split('\n');
        var reading = ReadingJson.Decode(System.Text.Encoding.UTF8.GetBytes(lines[1]));
        Assert.Equal(celsius, reading.Celsius);
        Assert.Equal(FakeW1Tree.GoodId, reading.SensorId);
        Assert.InRange(reading.Timestamp, before, before + 5);
        Assert.Equal(ReadingKey.For("spa", reading).ToString(), lines[0]);
        Assert.Equal(ReadingJson.ToJson(reading), lines[1]); // byte for byte the agent's encoding
    }

    [Fact]
    public async Task Reads_a_ds18s20_by_the_kernels_t_value()
    {
        _w1.Probe("10-000803673bd2", FakeW1Tree.Kernel(FakeW1Tree.Ds18s20(25.6875), 25687));
        var (exit, output, error) = await RunAsync(("DRY_RUN", "1"));
        Assert.True(exit == 0, error);
        var reading = ReadingJson.Decode(System.Text.Encoding.UTF8.GetBytes(output.TrimEnd().Split('\n')[1]));
        Assert.Equal((25.687, "10-000803673bd2"), (reading.Celsius, reading.SensorId));
    }

    [Theory]
    [InlineData("", "came back empty")]
    [InlineData(FakeW1Tree.CrcNo, "CRC check failed")]
    [InlineData(FakeW1Tree.AllZero, "all-zero scratchpad")]
    [InlineData(FakeW1Tree.PowerOn, "power-on value")]
    public async Task Refuses_the_reads_the_agent_refuses(string w1Slave, string expected)
    {
        _w1.Probe(FakeW1Tree.GoodId, w1Slave);
        var (exit, output, error) = await RunAsync(("DRY_RUN", "1"));
        Assert.Equal(0, exit); // nothing to upload is not an error of the upload
        Assert.Equal(string.Empty, output);
        Assert.Contains(expected, error);
    }

    [Fact]
    public async Task A_failed_upload_keeps_the_reading_in_the_spool_for_the_next_run()
    {
        _w1.Probe(FakeW1Tree.GoodId, FakeW1Tree.Good(21000));
        var (exit, _, error) = await RunAsync(
            ("BUCKET", "data"), ("ENDPOINT", "http://127.0.0.1:9/data"), ("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"), ("AWS_SECRET_ACCESS_KEY", "secret"));
        Assert.Equal(1, exit);
        Assert.Contains("stays in", error);
        var spooled = Assert.Single(Directory.GetFiles(_temp.Combine("spool"), "*.json", SearchOption.AllDirectories));
        Assert.Equal(21.0, ReadingJson.Decode(await File.ReadAllBytesAsync(spooled)).Celsius);

        // The next run, with the store reachable (here: a dry run), sends both, oldest first.
        await Task.Delay(1100);
        var (again, output, _) = await RunAsync(("DRY_RUN", "1"));
        Assert.Equal(0, again);
        var keys = output.Split('\n').Where(l => l.StartsWith("pool/", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, keys.Count);
        Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
        Assert.Empty(Directory.GetFiles(_temp.Combine("spool"), "*.json", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Exactly_85_is_believed_only_after_a_reading_near_it_as_the_agent_does()
    {
        _w1.Probe(FakeW1Tree.GoodId, FakeW1Tree.Good(85000)); // a clone: its reserved byte is not 0Ch
        var (_, output, error) = await RunAsync(("DRY_RUN", "1"));
        Assert.Contains("its power-on value, and its previous reading was none", error);
        Assert.DoesNotContain("pool/", output);

        _w1.Probe(FakeW1Tree.GoodId, FakeW1Tree.Good(83500));
        Assert.Contains("\"celsius\":83.5", (await RunAsync(("DRY_RUN", "1"))).Out);
        await Task.Delay(1100); // a new second, a new key
        _w1.Probe(FakeW1Tree.GoodId, FakeW1Tree.PowerOn);
        Assert.Contains("\"celsius\":85,", (await RunAsync(("DRY_RUN", "1"))).Out);
    }

    // A timedatectl that answers as systemd's does on a Pi, first on PATH.
    string FakeTimedatectl(string answer)
    {
        var bin = _temp.Combine("bin");
        Directory.CreateDirectory(bin);
        var path = Path.Join(bin, "timedatectl");
        File.WriteAllText(path, $"#!/bin/sh\n[ \"$*\" = \"show -p NTPSynchronized --value\" ] && echo {answer}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        }

        return $"{bin}:{Environment.GetEnvironmentVariable("PATH")}";
    }

    [Fact]
    public async Task Takes_no_reading_until_timedatectl_says_the_clock_is_synchronized()
    {
        _w1.Probe(FakeW1Tree.GoodId, FakeW1Tree.Good(21000));

        var (exit, output, error) = await RunAsync(("DRY_RUN", "1"), ("CLOCK", "synchronized"), ("PATH", FakeTimedatectl("no")));
        Assert.Equal(0, exit);
        Assert.Contains("Waiting for the clock to be synchronized (no NTP yet)", error);
        Assert.DoesNotContain("pool/", output);
        Assert.False(Directory.Exists(_temp.Combine("spool")) && Directory.GetFiles(_temp.Combine("spool"), "*.json", SearchOption.AllDirectories).Length > 0);

        (exit, output, _) = await RunAsync(("DRY_RUN", "1"), ("CLOCK", "synchronized"), ("PATH", FakeTimedatectl("yes")));
        Assert.Equal(0, exit);
        Assert.Contains("\"celsius\":21", output);
    }

    [Fact]
    public async Task Never_replaces_a_stored_reading_keeps_a_different_one_aside_and_takes_a_retried_one_as_done()
    {
        await using var server = await S3Server.StartAsync(_temp.Combine("s3"));
        using var bucket = Storage.S3.S3ObjectStore.Create(new Storage.S3.S3StoreOptions { Bucket = S3Server.Bucket, Endpoint = server.Endpoint });
        const string taken = "pool/2026/12/03/1796292010.json", retried = "pool/2026/12/03/1796292020.json";
        var stored = "{\"timestamp\":1796292010,\"celsius\":20,\"fahrenheit\":68,\"sensor\":\"28-0316a279c4ff\"}\n";
        var again = "{\"timestamp\":1796292020,\"celsius\":20,\"fahrenheit\":68,\"sensor\":\"28-0316a279c4ff\"}\n";
        var later = "{\"timestamp\":1796292010,\"celsius\":25,\"fahrenheit\":77,\"sensor\":\"28-0316a279c4ff\"}\n";
        await bucket.PutAsync(taken, System.Text.Encoding.UTF8.GetBytes(stored), ReadingJson.ContentType);
        await bucket.PutAsync(retried, System.Text.Encoding.UTF8.GetBytes(again), ReadingJson.ContentType);
        HistoryWriter.WriteRaw(_temp.Combine("spool"), taken, later); // after a reboot with the clock an hour behind
        HistoryWriter.WriteRaw(_temp.Combine("spool"), retried, again); // uploaded, then the Pi lost power before it knew

        var (exit, _, error) = await RunAsync( // no probe: only the spool is uploaded
            ("BUCKET", S3Server.Bucket), ("ENDPOINT", $"{server.Endpoint}{S3Server.Bucket}"), ("AWS_ACCESS_KEY_ID", S3Server.AccessKey), ("AWS_SECRET_ACCESS_KEY", S3Server.AccessKey));

        Assert.True(exit == 0, error);
        Assert.Equal(stored, System.Text.Encoding.UTF8.GetString((await bucket.GetAsync(taken))!));
        var aside = new ReadingKey("pool", 1796292010).AsideKey(System.Text.Encoding.UTF8.GetBytes(later));
        Assert.Equal(later, System.Text.Encoding.UTF8.GetString((await bucket.GetAsync(aside))!));
        Assert.Contains($"is kept aside at {aside}", error);
        Assert.Empty(Directory.GetFiles(_temp.Combine("spool"), "*.json", SearchOption.AllDirectories));
        var keys = new List<string>();
        await foreach (var key in bucket.ListAsync("pool/"))
        {
            keys.Add(key);
        }

        Assert.Equal(new[] { taken, retried, aside }.Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
    }
}
