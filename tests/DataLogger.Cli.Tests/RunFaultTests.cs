using System.Net;
using System.Net.Sockets;
using DataLogger.Readings;
using DataLogger.Testing;

namespace DataLogger.Cli.Tests;

/// <summary>
/// Faults found by trying them on the real <c>datalogger run</c>, each answered with one line that says what to do and
/// nothing lost: the data folder full or remounted read-only (the probe's readings wait in memory and are stored once it
/// takes them), a symbolic link in the site folder (not followed), an address this machine lacks and a port in use (one
/// line, no trace), an object at a reading's key that is no reading (replaced, not a reason to put the reading aside).
/// </summary>
public sealed class RunFaultTests : IDisposable
{
    readonly TempDirectory _temp = new();
    readonly FakeW1Tree _w1;

    public RunFaultTests() => _w1 = new FakeW1Tree(_temp.Combine("w1")).Probe(FakeW1Tree.GoodId, FakeW1Tree.Good(26875));

    public void Dispose() => _temp.Dispose();

    string[] Run(params string[] more) =>
        ["run", "--data", _temp.Combine("data"), "--port", "0", "--interval", "10s", "--w1-root", _w1.Root, "--clock", "trusted", .. more];

    string[] Stored() =>
        Directory.Exists(_temp.Combine("data", "bucket", "pool"))
            ? [.. Directory.GetFiles(_temp.Combine("data", "bucket", "pool"), "*.json", SearchOption.AllDirectories).Where(f => ReadingKey.TryParse(Path.GetRelativePath(_temp.Combine("data", "bucket"), f), out _))]
            : [];

    [Fact]
    public async Task A_full_or_read_only_data_folder_keeps_the_probes_readings_in_memory_and_stores_them_when_it_takes_them_again()
    {
        Assert.True(Environment.UserName == "root", "the disk tests mount a tmpfs: run them as root (as CI does)");
        await using var disk = await SmallDisk.MountAsync(_temp.Combine("data", "bucket"), kilobytes: 4096);
        using var run = Running.Start(Run("--sensor", "onewire"));
        await run.WaitForLineAsync("^Serving ");
        await WaitUntil(() => Stored().Length >= 1, run, "the first reading");

        // Full: the next readings wait, said once.
        await disk.FillAsync();
        var before = Stored().Length;
        await run.WaitForLineAsync("The data folder takes no reading .*readings wait in memory", TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(11)); // a second reading waits too
        disk.Free();
        var back = await run.WaitForLineAsync(@"The data folder takes readings again: (\d+) that waited in memory are stored", TimeSpan.FromSeconds(30));
        Assert.True(int.Parse(back.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 2, run.ToString());
        Assert.True(Stored().Length >= before + 3, run.ToString()); // the held ones and the one that came with them

        // Remounted read-only, as the kernel does a failing card: the same.
        await disk.RemountAsync(readOnly: true);
        await WaitUntil(() => run.Output.Count(l => l.Contains("The data folder takes no reading", StringComparison.Ordinal)) >= 2, run, "the read-only line");
        var held = Stored().Length;
        await disk.RemountAsync(readOnly: false);
        await WaitUntil(() => run.Output.Count(l => l.Contains("takes readings again", StringComparison.Ordinal)) >= 2, run, "the readings stored after the remount");
        Assert.True(Stored().Length >= held + 2, run.ToString());

        Assert.Equal(0, await run.InterruptAsync());
        Assert.Contains(run.Output, l => l.StartsWith("Stopped:", StringComparison.Ordinal));
        Assert.DoesNotContain(run.Output, l => l.Contains("   at ", StringComparison.Ordinal)); // no stack trace
    }

    [Fact]
    public async Task Compaction_at_the_start_never_removes_what_the_first_publish_is_reading()
    {
        // Three days of history, most of it compacted at the start while the first update draws it: they take turns.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            using var temp = new TempDirectory();
            using var run = Running.Start(["run", "--data", temp.Path, "--port", "0", "--sensor", "simulated", "--backfill", "72h"]);
            await run.WaitForLineAsync(@"Compacted pool: \d+ days written", TimeSpan.FromSeconds(90));
            await run.WaitForLineAsync(@"Site updated \(24h, 7d, 30d, 1y\)", TimeSpan.FromSeconds(90));
            Assert.True(File.Exists(Path.Join(temp.Path, "site", "index.html")), run.ToString());
            Assert.Equal(0, await run.InterruptAsync());
            Assert.DoesNotContain(run.Output, l => l.Contains("Publishing the site failed", StringComparison.Ordinal) || l.Contains("Compaction failed", StringComparison.Ordinal) || l.Contains("   at ", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_symbolic_link_in_the_site_folder_is_not_followed_out_of_it()
    {
        await File.WriteAllTextAsync(_temp.Combine("secret.txt"), "the secret outside the site");
        using var run = Running.Start(Run("--sensor", "simulated"));
        var address = (await run.WaitForLineAsync(@"^Serving (http://\S+) ")).Groups[1].Value;
        await run.WaitForLineAsync("Site updated");
        File.CreateSymbolicLink(_temp.Combine("data", "site", "x.txt"), _temp.Combine("secret.txt"));
        Directory.CreateSymbolicLink(_temp.Combine("data", "site", "etc"), "/etc");

        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(address + "x.txt")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(address + "etc/passwd")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(address)).StatusCode);
        await run.InterruptAsync();
    }

    [Fact]
    public async Task An_address_this_machine_lacks_is_one_line_and_exit_2()
    {
        var (exit, output, error) = await Executable.RunAsync(Run("--sensor", "simulated", "--bind", "192.0.2.1")); // TEST-NET-1: on no machine
        Assert.Equal(2, exit);
        Assert.Equal("error: cannot listen on 192.0.2.1:0 (Cannot assign requested address): this machine has no such address; pass --bind with one of its own (127.0.0.1, or 0.0.0.0 for every one).", error.Trim());
        Assert.DoesNotContain("   at ", output + error);
    }

    [Fact]
    public async Task A_port_in_use_is_one_line_and_exit_2_with_no_trace_before_it()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var (exit, output, error) = await Executable.RunAsync(["run", "--data", _temp.Combine("data"), "--sensor", "simulated", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        Assert.Equal(2, exit);
        Assert.StartsWith($"error: cannot listen on 127.0.0.1:{port} (", error.Trim(), StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", output + error);
        Assert.DoesNotContain("Unable to start Kestrel", output + error);
    }

    [Fact]
    public async Task An_empty_or_cut_object_at_a_readings_key_is_replaced_by_the_reading_not_sent_aside()
    {
        // What a store cut mid-write leaves: an empty file at the key the import's first reading maps to, a cut one at the second.
        var first = Reading.Create(1796284800, 21.5); // 2026-12-03 08:00 UTC
        var second = Reading.Create(1796285100, 21.625);
        foreach (var (reading, body) in new[] { (first, string.Empty), (second, "{\"timestamp\": 1796285100, \"cel") })
        {
            var path = _temp.Combine("data", "bucket", ReadingKey.For("pool", reading).ToString());
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, body);
        }

        var csv = _temp.Combine("in.csv");
        await File.WriteAllTextAsync(csv, "time,celsius\n2026-12-03T08:00:00Z,21.5\n2026-12-03T08:05:00Z,21.625\n");
        var (exit, output, error) = await Executable.RunAsync(["import", csv, "--data", _temp.Combine("data"), "--series", "pool"]);
        Assert.True(exit == 0, output + error);
        Assert.Equal(first, ReadingJson.Decode(await File.ReadAllBytesAsync(_temp.Combine("data", "bucket", ReadingKey.For("pool", first).ToString()))));
        Assert.Equal(second, ReadingJson.Decode(await File.ReadAllBytesAsync(_temp.Combine("data", "bucket", ReadingKey.For("pool", second).ToString()))));
        Assert.False(Directory.Exists(_temp.Combine("data", "bucket", "pool", ReadingKey.AsideFolder)), output + error);
    }

    static async Task WaitUntil(Func<bool> condition, Running run, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}. Its output:\n{run}");
            await Task.Delay(100);
        }
    }
}
