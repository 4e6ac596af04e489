using DataLogger.Pipeline;
using DataLogger.Readings;
using DataLogger.Time;

namespace DataLogger.Core.Tests;

/// <summary>The rules every host shares, each with one owner in Core: backoff, the wake-up, staleness, titles.</summary>
public sealed class SharedRulesTests
{
    [Fact]
    public void Backoff_grows_exponentially_with_jitter_up_to_the_cap()
    {
        var backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        var random = new Random(7);
        Assert.InRange(backoff.Delay(0, random).TotalSeconds, 0.5, 1.0);
        Assert.InRange(backoff.Delay(3, random).TotalSeconds, 4.0, 8.0);
        Assert.InRange(backoff.Delay(20, random).TotalSeconds, 15.0, 30.0);
        var delays = Enumerable.Range(0, 20).Select(_ => backoff.Delay(2, random)).Distinct().Count();
        Assert.True(delays > 10); // jittered, not in step
    }

    [Fact]
    public void Backoff_ceiling_doubles_without_jitter_and_stops_at_the_cap()
    {
        var outbox = new Backoff(TimeSpan.FromSeconds(30), TimeSpan.FromHours(1));
        Assert.Equal(
            [30, 60, 120, 240, 480, 960, 1920, 3600, 3600],
            Enumerable.Range(0, 9).Select(n => outbox.Ceiling(n).TotalSeconds));
        Assert.Equal(TimeSpan.FromSeconds(30), outbox.Ceiling(-1));
        Assert.Equal(TimeSpan.FromHours(1), outbox.Ceiling(int.MaxValue));
    }

    [Fact]
    public async Task Many_wakes_wake_a_waiting_loop_once()
    {
        using var signal = new WakeSignal();
        signal.Wake();
        signal.Wake();
        signal.Wake();
        Assert.True(await signal.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None));
        Assert.False(await signal.WaitAsync(TimeSpan.FromMilliseconds(50), CancellationToken.None));
        signal.Dispose();
        signal.Wake(); // after the loop is gone: nothing happens
    }

    [Fact]
    public void A_series_is_stale_after_three_intervals_without_a_reading()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1764201600);
        var interval = TimeSpan.FromMinutes(5);
        Assert.Equal(TimeSpan.FromMinutes(15), Staleness.After(interval));
        Assert.Null(Staleness.Silence(now - TimeSpan.FromMinutes(15), now, interval));
        Assert.Equal(TimeSpan.FromMinutes(16), Staleness.Silence(now - TimeSpan.FromMinutes(16), now, interval));
        Assert.Null(Staleness.Silence(null, now, interval));
    }

    [Fact]
    public void A_title_is_the_settings_own_or_made_from_the_series_name()
    {
        var titles = new SeriesTitles(new Dictionary<string, string> { ["pool"] = "The pool" });
        Assert.Equal("The pool", titles.Of("pool"));
        Assert.Equal("Hot tub", titles.Of("hot_tub"));
        Assert.Equal("Pool c4ff", SeriesTitles.None.Of("pool-c4ff"));
        Assert.Equal("Spa", SeriesTitles.Default("spa"));
    }
}
