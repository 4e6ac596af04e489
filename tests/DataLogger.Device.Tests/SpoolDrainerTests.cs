using DataLogger.Device.Spooling;
using DataLogger.Ports;
using DataLogger.Readings;
using DataLogger.Storage.Local;
using DataLogger.Testing;
using DataLogger.Time;

namespace DataLogger.Device.Tests;

/// <summary>A store in front of a real local bucket that fails while told to, and counts what it is asked.</summary>
sealed class FlakyStore(IObjectStore inner) : IObjectStore
{
    int _concurrent;

    public volatile bool Failing;

    public int MaxConcurrent;

    public int Puts;

    public TimeSpan Latency = TimeSpan.Zero;

    public string Location => "flaky " + inner.Location;

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default) => inner.DeleteAsync(key, cancellationToken);

    public Task PutAsync(string key, ReadOnlyMemory<byte> body, string contentType, CancellationToken cancellationToken = default) =>
        WriteAsync(async () => { await inner.PutAsync(key, body, contentType, cancellationToken); return true; }, cancellationToken);

    public Task<bool> CreateAsync(string key, ReadOnlyMemory<byte> body, string contentType, CancellationToken cancellationToken = default) =>
        WriteAsync(() => inner.CreateAsync(key, body, contentType, cancellationToken), cancellationToken);

    // A write, after the latency, failing while told to; counted when it went through.
    async Task<bool> WriteAsync(Func<Task<bool>> write, CancellationToken cancellationToken)
    {
        var now = Interlocked.Increment(ref _concurrent);
        InterlockedMax(ref MaxConcurrent, now);
        try
        {
            if (Latency > TimeSpan.Zero)
            {
                await Task.Delay(Latency, cancellationToken);
            }

            if (Failing)
            {
                throw new HttpRequestException("the store is unreachable (simulated outage)");
            }

            var done = await write();
            Interlocked.Increment(ref Puts);
            return done;
        }
        finally
        {
            Interlocked.Decrement(ref _concurrent);
        }
    }

    public Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default) => inner.GetAsync(key, cancellationToken);

    public Task<VersionedObject?> GetVersionedAsync(string key, CancellationToken cancellationToken = default) => inner.GetVersionedAsync(key, cancellationToken);

    public Task<bool> ReplaceAsync(string key, ReadOnlyMemory<byte> body, string contentType, string? version, CancellationToken cancellationToken = default) =>
        WriteAsync(() => inner.ReplaceAsync(key, body, contentType, version, cancellationToken), cancellationToken);

    public IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

    static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}

public sealed class SpoolDrainerTests : IDisposable
{
    readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Uploads_everything_with_bounded_concurrency_and_empties_the_spool()
    {
        using var spool = new Spool(_temp.Combine("spool"));
        var bucket = new LocalFolderStore(_temp.Combine("bucket"));
        var store = new FlakyStore(bucket) { Latency = TimeSpan.FromMilliseconds(5) };
        for (var i = 0; i < 60; i++)
        {
            await spool.AddAsync("pool", Reading.Create(1764201600 + (i * 300), 20));
        }

        var result = await new SpoolDrainer(spool, store, concurrency: 3).DrainAsync();

        Assert.True(result.Succeeded);
        Assert.Equal((60, 0), (result.Uploaded, result.Left));
        Assert.InRange(store.MaxConcurrent, 2, 3);
        Assert.Equal(60, Directory.GetFiles(bucket.Root, "*.json", SearchOption.AllDirectories).Length);
        Assert.Equal(0, spool.Count);
    }

    [Fact]
    public async Task A_failing_store_stops_the_drain_and_keeps_every_reading_spooled()
    {
        using var spool = new Spool(_temp.Combine("spool"));
        var store = new FlakyStore(new LocalFolderStore(_temp.Combine("bucket"))) { Failing = true };
        for (var i = 0; i < 10; i++)
        {
            await spool.AddAsync("pool", Reading.Create(1764201600 + (i * 300), 20));
        }

        var result = await new SpoolDrainer(spool, store).DrainAsync();

        Assert.False(result.Succeeded);
        Assert.Contains("unreachable", result.Failure!.Message);
        Assert.Equal((0, 10), (result.Uploaded, result.Left));
    }
}
