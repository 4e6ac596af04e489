using System.Diagnostics;
using DataLogger.Readings;
using DataLogger.Testing;

namespace DataLogger.Cli.Tests;

/// <summary>
/// The agent really killed (SIGKILL) at random moments, many times, while it takes and uploads readings: every reading
/// that reached the spool ends up in the bucket exactly once, and nothing partial is left anywhere.
/// </summary>
public sealed class AgentKillTests : IDisposable
{
    readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Killing_the_agent_at_random_moments_loses_nothing_and_leaves_nothing_partial()
    {
        var bucket = _temp.Combine("bucket");
        var spool = _temp.Combine("spool");
        var watcher = new SpoolWatcher(spool);

        var random = new Random(20261128);
        var kills = 0;
        for (var run = 0; run < 15; run++)
        {
            using var agent = Start("agent", "--store", "file://" + bucket, "--spool", spool, "--interval", "1s", "--sensor", "simulated");
            await Task.Delay(random.Next(300, 2500));
            if (!agent.HasExited)
            {
                agent.Kill(); // SIGKILL: no cleanup, no flush
                kills++;
            }

            await agent.WaitForExitAsync();
        }

        // One last, clean run drains whatever the kills left in the spool.
        using (var last = Start("agent", "--once", "--store", "file://" + bucket, "--spool", spool, "--sensor", "simulated"))
        {
            await last.WaitForExitAsync();
            Assert.Equal(0, last.ExitCode);
        }

        await watcher.DisposeAsync();

        var inBucket = Directory.GetFiles(bucket, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(bucket, f).Replace('\\', '/')).ToList();
        Assert.True(kills >= 8, $"only {kills} kills landed");
        Assert.True(inBucket.Count >= 5, $"only {inBucket.Count} readings in the bucket"); // a loaded machine starts the agent slowly
        Assert.DoesNotContain(inBucket, k => k.Split('/')[^1].StartsWith('.')); // no temporary files in the bucket
        Assert.All(inBucket, key =>
        {
            Assert.True(ReadingKey.TryParse(key, out var parsed), key);
            Assert.Equal(parsed!.Timestamp, ReadingJson.Decode(File.ReadAllBytes(Path.Join(bucket, key))).Timestamp); // whole, and the right one
        });
        Assert.Equal(inBucket.Count, inBucket.Distinct().Count());
        Assert.Empty(watcher.Seen.Except(inBucket)); // nothing spooled was lost
        Assert.Empty(Directory.GetFiles(spool, "*.json", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(spool, "*.tmp", SearchOption.AllDirectories));
    }

    static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Join(AppContext.BaseDirectory, "datalogger.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
