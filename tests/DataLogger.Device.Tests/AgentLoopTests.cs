using DataLogger.Device.Sampling;
using DataLogger.Device.Sensors;
using DataLogger.Device.Spooling;
using DataLogger.Readings;
using DataLogger.Storage.Local;
using DataLogger.Testing;
using DataLogger.Time;

namespace DataLogger.Device.Tests;

public sealed class AgentLoopTests : IDisposable
{
    readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task During_an_outage_readings_pile_up_in_the_spool_and_all_arrive_after_it()
    {
        var bucket = new LocalFolderStore(_temp.Combine("bucket"));
        var store = new FlakyStore(bucket) { Failing = true };
        using var spool = new Spool(_temp.Combine("spool"));
        using var agent = new AgentLoop(
            [new Probe("pool", new SimulatedSensor())], spool, new SpoolDrainer(spool, store), TimeSpan.FromSeconds(1),
            new Backoff(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(400)));
        using var stop = new CancellationTokenSource();
        var running = agent.RunAsync(stop.Token);

        // The store is down: readings are taken and wait in the spool.
        await WaitUntil(() => spool.Count >= 3, TimeSpan.FromSeconds(10));
        Assert.Equal(0, store.Puts);

        // It comes back: everything spooled arrives, and new readings keep flowing.
        store.Failing = false;
        await WaitUntil(() => spool.Count == 0 && store.Puts >= 3, TimeSpan.FromSeconds(10));
        var taken = agent.Taken;
        await WaitUntil(() => agent.Taken > taken && spool.Count == 0, TimeSpan.FromSeconds(5));
        stop.Cancel();
        await running;

        var keys = Directory.GetFiles(bucket.Root, "*.json", SearchOption.AllDirectories);
        Assert.Equal(agent.Taken, keys.Length);
        Assert.All(keys, k => ReadingJson.Decode(File.ReadAllBytes(k)));
        Assert.Equal(0, spool.Count);
    }

    [Fact]
    public async Task Stopped_while_an_upload_is_in_flight_it_stops_cleanly_and_the_reading_stays_spooled()
    {
        // A store that never answers until the upload is cancelled: the stop lands mid-drain.
        var store = new FlakyStore(new LocalFolderStore(_temp.Combine("bucket"))) { Latency = TimeSpan.FromMinutes(10) };
        using var spool = new Spool(_temp.Combine("spool"));
        using var agent = new AgentLoop([new Probe("pool", new SimulatedSensor())], spool, new SpoolDrainer(spool, store), TimeSpan.FromSeconds(1));
        using var stop = new CancellationTokenSource();
        var running = agent.RunAsync(stop.Token);
        await WaitUntil(() => store.MaxConcurrent >= 1, TimeSpan.FromSeconds(10));

        stop.Cancel();
        await running.WaitAsync(TimeSpan.FromSeconds(10)); // no TaskCanceledException out of the drainer

        Assert.Equal(0, store.Puts);
        Assert.True(spool.Count >= 1);
    }

    [Fact]
    public async Task Once_reads_every_probe_into_its_own_series_then_drains()
    {
        var w1 = new FakeW1Tree(_temp.Combine("w1")).Probe("28-000000000001", FakeW1Tree.Good(20000)).Probe("28-000000000002", FakeW1Tree.Good(35500));
        var bucket = new LocalFolderStore(_temp.Combine("bucket"));
        using var spool = new Spool(_temp.Combine("spool"));
        using var agent = new AgentLoop(
            [
                new Probe("pool", new CalibratedSensor(new OneWireSensor("28-000000000001", w1.Root), -0.25)),
                new Probe("spa", new OneWireSensor("28-000000000002", w1.Root)),
            ],
            spool, new SpoolDrainer(spool, bucket), TimeSpan.FromMinutes(5));

        var result = await agent.OnceAsync(CancellationToken.None);

        Assert.True(result.Succeeded);
        var pool = ReadingJson.Decode(File.ReadAllBytes(Assert.Single(Directory.GetFiles(Path.Join(bucket.Root, "pool"), "*.json", SearchOption.AllDirectories))));
        var spa = ReadingJson.Decode(File.ReadAllBytes(Assert.Single(Directory.GetFiles(Path.Join(bucket.Root, "spa"), "*.json", SearchOption.AllDirectories))));
        Assert.Equal((19.75, "28-000000000001"), (pool.Celsius, pool.SensorId));
        Assert.Equal((35.5, "28-000000000002"), (spa.Celsius, spa.SensorId));
    }

    static async Task WaitUntil(Func<bool> condition, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
            await Task.Delay(20);
        }
    }
}
