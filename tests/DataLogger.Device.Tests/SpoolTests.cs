using DataLogger.Device.Spooling;
using DataLogger.Readings;
using DataLogger.Testing;

namespace DataLogger.Device.Tests;

public sealed class SpoolTests : IDisposable
{
    readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    string Folder => _temp.Combine("spool");

    [Fact]
    public async Task Readings_wait_under_their_final_keys_oldest_first_across_series()
    {
        using var spool = new Spool(Folder);
        await spool.AddAsync("spa", Reading.Create(1764201900, 30));
        await spool.AddAsync("pool", Reading.Create(1764202200, 20));
        await spool.AddAsync("pool", Reading.Create(1764201600, 21));
        Assert.Equal(["pool/2025/11/27/1764201600.json", "spa/2025/11/27/1764201900.json", "pool/2025/11/27/1764202200.json"], spool.Pending());
        Assert.Equal(Reading.Create(1764201900, 30), ReadingJson.Decode((await spool.ReadAsync("spa/2025/11/27/1764201900.json"))!));
    }

    [Fact]
    public async Task A_reopened_spool_still_holds_what_was_not_uploaded_and_sweeps_partial_files()
    {
        using (var spool = new Spool(Folder))
        {
            await spool.AddAsync("pool", Reading.Create(1764201600, 21));
            await spool.AddAsync("pool", Reading.Create(1764201900, 22));
            spool.Remove("pool/2025/11/27/1764201600.json");
        }

        // What kill -9 between write and rename leaves.
        await File.WriteAllTextAsync(Path.Join(Folder, "pool/2025/11/27", ".1764202200.json.abc.tmp"), "{\"timest");
        using var reopened = new Spool(Folder);
        Assert.Equal(["pool/2025/11/27/1764201900.json"], reopened.Pending());
        Assert.Empty(Directory.GetFiles(Folder, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Removing_the_last_reading_of_a_day_removes_its_empty_folders()
    {
        using var spool = new Spool(Folder);
        await spool.AddAsync("pool", Reading.Create(1764201600, 21));
        spool.Remove("pool/2025/11/27/1764201600.json");
        Assert.Equal(0, spool.Count);
        Assert.False(Directory.Exists(Path.Join(Folder, "pool")));
    }

    [Fact]
    public async Task A_full_spool_drops_the_oldest_and_keeps_the_newest()
    {
        using var spool = new Spool(Folder, capacity: 3);
        for (var i = 0; i < 5; i++)
        {
            await spool.AddAsync("pool", Reading.Create(1764201600 + (i * 300), 20 + i));
        }

        Assert.Equal(3, spool.Count);
        Assert.Equal(["pool/2025/11/27/1764202200.json", "pool/2025/11/27/1764202500.json", "pool/2025/11/27/1764202800.json"], spool.Pending());
        Assert.Equal(3, Directory.GetFiles(Folder, "*.json", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public void Only_one_agent_at_a_time()
    {
        using var first = new Spool(Folder);
        var e = Assert.Throws<IOException>(() => new Spool(Folder));
        Assert.Contains("in use by another agent", e.Message);
    }
}
