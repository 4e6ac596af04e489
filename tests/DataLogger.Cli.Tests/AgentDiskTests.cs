using DataLogger.Readings;
using DataLogger.Storage.S3;
using DataLogger.Testing;

namespace DataLogger.Cli.Tests;

/// <summary>
/// The real agent with its spool on a real small file system (a tmpfs, mounted as root): filled up while S3 is down,
/// and remounted read-only as the kernel does a failing SD card. It says so in one line, keeps running, keeps the
/// readings taken meanwhile in memory (uploading them from there when it can), writes them to disk when it takes
/// them again, and loses none.
/// </summary>
public sealed class AgentDiskTests : IAsyncLifetime, IDisposable
{
    readonly TempDirectory _temp = new();
    S3Server _server = null!;
    SmallDisk _disk = null!;

    public async Task InitializeAsync()
    {
        _server = await S3Server.StartAsync(_temp.Combine("s3"));
        _disk = await SmallDisk.MountAsync(_temp.Combine("card"), kilobytes: 1024);
    }

    public async Task DisposeAsync()
    {
        await _disk.DisposeAsync();
        await _server.DisposeAsync();
    }

    public void Dispose() => _temp.Dispose();

    string Spool => Path.Join(_disk.Folder, "spool");

    int Spooled() => Directory.Exists(Spool) ? Directory.GetFiles(Spool, "*.json", SearchOption.AllDirectories).Length : 0;

    Running Agent(string prefix) => Running.Start(
        ["agent", "--store", $"s3://data/{prefix}", "--s3-endpoint", _server.Endpoint.ToString(), "--spool", Spool, "--interval", "1s", "--sensor", "simulated"]);

    async Task<List<long>> UploadedAsync(string prefix)
    {
        using var store = S3ObjectStore.Create(new S3StoreOptions { Bucket = S3Server.Bucket, Prefix = prefix, Endpoint = _server.Endpoint });
        var times = new List<long>();
        await foreach (var key in store.ListAsync(""))
        {
            times.Add(ReadingJson.Decode((await store.GetAsync(key))!).Timestamp);
        }

        return [.. times.Order()];
    }

    static async Task WaitUntil(Func<Task<bool>> condition, Running agent, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}. The agent's output:\n{agent}");
            await Task.Delay(100);
        }
    }

    // A reading every second from the first to the last: none lost.
    static void AssertNoneLost(List<long> times, Running agent)
    {
        Assert.True(times.Count >= 6, agent.ToString());
        Assert.True(times.Zip(times.Skip(1), (a, b) => b - a).All(step => step == 1), $"a gap in {string.Join(", ", times)}\n{agent}");
    }

    [Fact]
    public async Task A_full_disk_while_S3_is_down_keeps_the_readings_in_memory_spools_them_when_space_returns_and_loses_none()
    {
        using var agent = Agent("full");
        await WaitUntil(async () => (await UploadedAsync("full")).Count >= 2, agent, "two uploads");

        await _server.StopAsync(); // S3 away: readings have to wait
        await _disk.FillAsync();
        await agent.WaitForLineAsync("The spool .* cannot be written \\(.*\\): readings wait in memory");
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.False(agent.HasExited);

        _disk.Free();
        await agent.WaitForLineAsync("can be written again: [0-9]+ readings that waited in memory are on disk");
        await WaitUntil(() => Task.FromResult(Spooled() >= 3), agent, "the readings on disk");

        await _server.RestartAsync();
        await WaitUntil(() => Task.FromResult(Spooled() == 0), agent, "the spool to drain");
        Assert.Equal(0, await agent.InterruptAsync());
        AssertNoneLost(await UploadedAsync("full"), agent);
        Assert.DoesNotContain(agent.Output, line => line.Contains("   at ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_card_remounted_read_only_keeps_the_agent_running_and_loses_no_reading()
    {
        using var agent = Agent("readonly");
        await WaitUntil(async () => (await UploadedAsync("readonly")).Count >= 2, agent, "two uploads");

        await _disk.RemountAsync(readOnly: true);
        await agent.WaitForLineAsync("The spool .* cannot be written \\(.*\\): readings wait in memory");
        await Task.Delay(TimeSpan.FromSeconds(3)); // uploaded from memory meanwhile
        await _disk.RemountAsync(readOnly: false);
        var before = (await UploadedAsync("readonly")).Count;
        await WaitUntil(async () => (await UploadedAsync("readonly")).Count >= before + 2, agent, "uploads after the remount");

        Assert.Equal(0, await agent.InterruptAsync());
        AssertNoneLost(await UploadedAsync("readonly"), agent);
    }
}
