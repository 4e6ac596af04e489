using DataLogger.Cli.Hosting;

namespace DataLogger.Cli.Tests;

public sealed class CoalescingPipelineTests
{
    [Fact]
    public async Task A_burst_of_1000_objects_gives_a_small_bounded_number_of_runs()
    {
        var runs = 0;
        using var pipeline = new CoalescingPipeline(async ct => { Interlocked.Increment(ref runs); await Task.Delay(20, ct); });
        using var stop = new CancellationTokenSource();
        var loop = pipeline.RunAsync(stop.Token);

        // 1,000 objects created as fast as they come, from several threads, as a spool drain would.
        Parallel.For(0, 1000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ => pipeline.Notify());
        await WaitUntil(() => pipeline.Runs >= 1);
        await Task.Delay(300);
        stop.Cancel();
        await loop;

        Assert.InRange(runs, 1, 3);
    }

    [Fact]
    public async Task Runs_never_overlap_and_a_notification_during_a_run_gives_exactly_one_more()
    {
        var concurrent = 0;
        var maxConcurrent = 0;
        var started = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var runs = 0;
        using var pipeline = new CoalescingPipeline(async _ =>
        {
            var now = Interlocked.Increment(ref concurrent);
            maxConcurrent = Math.Max(maxConcurrent, now);
            if (Interlocked.Increment(ref runs) == 1)
            {
                started.SetResult();
                await release.Task;
            }

            Interlocked.Decrement(ref concurrent);
        }, TimeSpan.Zero);
        using var stop = new CancellationTokenSource();
        var loop = pipeline.RunAsync(stop.Token);

        pipeline.Notify();
        await started.Task;
        for (var i = 0; i < 50; i++)
        {
            pipeline.Notify(); // all during the first run
        }

        release.SetResult();
        await WaitUntil(() => pipeline.Runs >= 2);
        await Task.Delay(200);
        stop.Cancel();
        await loop;

        Assert.Equal(2, runs);
        Assert.Equal(1, maxConcurrent);
    }

    [Fact]
    public async Task A_notification_after_a_quiet_while_runs_at_once_and_one_right_after_a_run_waits_for_the_burst()
    {
        var runs = 0;
        using var pipeline = new CoalescingPipeline(_ => { Interlocked.Increment(ref runs); return Task.CompletedTask; }, TimeSpan.FromSeconds(30));
        using var stop = new CancellationTokenSource();
        var loop = pipeline.RunAsync(stop.Token);

        // A lone reading: published without waiting out the 30-second quiet period.
        pipeline.Notify();
        await WaitUntil(() => pipeline.Runs == 1);

        // Another at once after that run: a burst going on, gathered for the quiet period.
        pipeline.Notify();
        await Task.Delay(1000);
        Assert.Equal(1, pipeline.Runs);
        stop.Cancel();
        await loop;
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task A_failing_run_is_counted_and_does_not_stop_later_ones()
    {
        var attempt = 0;
        var errors = new List<Exception?>();
        using var pipeline = new CoalescingPipeline(_ =>
            Interlocked.Increment(ref attempt) == 1 ? throw new InvalidOperationException("render failed") : Task.CompletedTask, TimeSpan.Zero);
        pipeline.RunCompleted += (_, e) => { lock (errors) { errors.Add(e); } };
        using var stop = new CancellationTokenSource();
        var loop = pipeline.RunAsync(stop.Token);

        pipeline.Notify();
        await WaitUntil(() => pipeline.Runs == 1);
        pipeline.Notify();
        await WaitUntil(() => pipeline.Runs == 2);
        stop.Cancel();
        await loop;

        Assert.Equal(1, pipeline.Failures);
        Assert.IsType<InvalidOperationException>(errors[0]);
        Assert.Null(errors[1]);
    }

    [Fact]
    public async Task Stops_when_cancelled()
    {
        using var pipeline = new CoalescingPipeline(_ => Task.CompletedTask);
        using var stop = new CancellationTokenSource();
        var loop = pipeline.RunAsync(stop.Token);
        stop.Cancel();
        await loop.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(0, pipeline.Runs);
    }

    static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
            await Task.Delay(5);
        }
    }
}
