using DataLogger.Device.Sampling;
using DataLogger.Ports;
using DataLogger.Readings;

namespace DataLogger.Device.Tests;

public sealed class SamplerTests
{
    sealed class ScriptedSensor(params double?[] values) : ISensor
    {
        int _next;

        public string Description => "scripted";

        public string? Id => "28-scripted";

        public Task<double> ReadValueAsync(CancellationToken cancellationToken = default)
        {
            var value = values[Math.Min(_next++, values.Length - 1)];
            return value is { } v ? Task.FromResult(v) : throw new SensorException("scripted failure");
        }
    }

    [Theory]
    [InlineData("2025-11-27T12:03:20Z", 300, "2025-11-27T12:05:00Z")]
    [InlineData("2025-11-27T12:05:00Z", 300, "2025-11-27T12:10:00Z")]
    [InlineData("2025-11-27T12:04:59.999Z", 300, "2025-11-27T12:05:00Z")]
    [InlineData("2025-11-27T23:59:30Z", 60, "2025-11-28T00:00:00Z")]
    [InlineData("2025-11-27T12:00:01Z", 3600, "2025-11-27T13:00:00Z")]
    public void Ticks_fall_on_the_clocks_multiples_of_the_interval(string now, int seconds, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected), Sampler.NextTick(DateTimeOffset.Parse(now), TimeSpan.FromSeconds(seconds)));

    [Fact]
    public async Task A_reading_carries_the_tick_time_and_the_sensor_id()
    {
        var stored = new List<Reading>();
        var sampler = new Sampler(new ScriptedSensor(21.5), TimeSpan.FromMinutes(5), r => { stored.Add(r); return Task.CompletedTask; });
        await sampler.TakeAsync(DateTimeOffset.Parse("2025-11-27T12:05:00Z"));
        Assert.Equal([Reading.Create(1764245100, 21.5, "28-scripted")], stored);
    }

    [Fact]
    public async Task A_failed_read_is_counted_gives_no_reading_and_the_next_one_works()
    {
        var stored = new List<Reading>();
        var sampler = new Sampler(new ScriptedSensor(null, 22.0), TimeSpan.FromMinutes(5), r => { stored.Add(r); return Task.CompletedTask; });
        Assert.Null(await sampler.TakeAsync(DateTimeOffset.Parse("2025-11-27T12:05:00Z")));
        Assert.NotNull(await sampler.TakeAsync(DateTimeOffset.Parse("2025-11-27T12:10:00Z")));
        Assert.Equal((1, 1), (sampler.Failed, sampler.Taken));
        Assert.Single(stored);
    }

    [Fact]
    public async Task Runs_on_the_clock_until_stopped()
    {
        // Stopped from the third reading's store (a wall-clock window under a loaded machine's waking late counted 0 or 4).
        var stored = new List<Reading>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var sampler = new Sampler(new ScriptedSensor(20.0), TimeSpan.FromSeconds(1), r =>
        {
            lock (stored)
            {
                stored.Add(r);
                if (stored.Count == 3)
                {
                    stop.Cancel();
                }
            }

            return Task.CompletedTask;
        });
        await sampler.RunAsync(stop.Token);
        Assert.Equal(3, stored.Count);
        Assert.Equal(3, stored.Select(r => r.Timestamp).Distinct().Count());
    }

    // A read that starts and then takes as long as the test says (a DS18B20's conversion, or a hung file: never).
    sealed class SlowSensor(TimeSpan takes) : ISensor
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Description => "slow";

        public string? Id => "28-slow";

        public async Task<double> ReadValueAsync(CancellationToken cancellationToken = default)
        {
            Started.TrySetResult();
            await Task.Delay(takes, CancellationToken.None);
            return 21.0;
        }
    }

    [Fact]
    public async Task A_read_under_way_when_the_stop_comes_is_finished_and_stored()
    {
        var stored = new List<Reading>();
        var sensor = new SlowSensor(TimeSpan.FromMilliseconds(800));
        var sampler = new Sampler(sensor, TimeSpan.FromSeconds(1), r => { lock (stored) { stored.Add(r); } return Task.CompletedTask; });
        using var stop = new CancellationTokenSource();
        var running = sampler.RunAsync(stop.Token);
        await sensor.Started.Task;
        await stop.CancelAsync();
        await running;
        Assert.Single(stored);
    }

    [Fact]
    public async Task A_read_that_never_returns_does_not_hold_the_stop_past_the_grace()
    {
        var sensor = new SlowSensor(Timeout.InfiniteTimeSpan);
        var sampler = new Sampler(sensor, TimeSpan.FromSeconds(1), _ => Task.CompletedTask);
        using var stop = new CancellationTokenSource();
        var running = sampler.RunAsync(stop.Token);
        await sensor.Started.Task;
        await stop.CancelAsync();
        var stopped = await Task.WhenAny(running, Task.Delay(Sampler.ReadGrace * 4));
        Assert.Same(running, stopped); // before: it waited for the read for ever
        Assert.Equal(0, sampler.Taken);
    }
}
