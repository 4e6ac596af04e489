using DataLogger.Alerts;
using DataLogger.Alerts.Channels;
using DataLogger.Readings;
using DataLogger.Testing;

namespace DataLogger.Alerts.Tests;

/// <summary>The outbox: a notice waits on disk while its channel is down and arrives once when it is back, also across a restart.</summary>
public sealed class OutboxTests : IDisposable
{
    readonly TempDirectory _temp = new();
    readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    readonly HttpReceiver _receiver = new();
    readonly Clock _clock = new(new DateTimeOffset(2026, 12, 1, 6, 40, 0, TimeSpan.Zero));

    public void Dispose()
    {
        _receiver.Dispose();
        _http.Dispose();
        _temp.Dispose();
    }

    static readonly AlertRule Below10 = new("pool", AlertKind.Below, 10);

    AlertMonitor Monitor(params Channel[] channels) =>
        new([Below10], channels, _temp.Combine("state"), _temp.Combine("outbox"), _ => "Pool", TimeZoneInfo.Utc, time: _clock);

    [Fact]
    public async Task A_notice_queued_while_the_channel_is_down_arrives_once_after_it_is_back_also_across_a_restart()
    {
        var hook = ChannelUrls.Parse(_receiver.Url + "hook", _http);
        _receiver.Stop();
        var reading = Reading.Create(_clock.GetUtcNow().AddSeconds(-2), 9.5);
        using (var monitor = Monitor(hook))
        {
            Assert.Single(await monitor.EvaluateAsync(_ => reading));
            var tried = Assert.Single(await monitor.DeliverAsync());
            Assert.Equal(DeliveryOutcome.Retry, tried.Delivery.Outcome);
            Assert.Equal(1, monitor.Outbox.Count);
            Assert.Empty(await monitor.DeliverAsync()); // not due yet: it backs off
        }

        // A restart: the same reading evaluated again sends nothing new; the kept notice is still there.
        _receiver.Start();
        _clock.Advance(TimeSpan.FromMinutes(1));
        using (var restarted = Monitor(hook))
        {
            Assert.Equal(AlertStatus.Firing, restarted.Book[Below10].Status);
            Assert.Empty(await restarted.EvaluateAsync(_ => reading));
            var delivered = Assert.Single(await restarted.DeliverAsync());
            Assert.Equal(DeliveryOutcome.Delivered, delivered.Delivery.Outcome);
            Assert.Equal(0, restarted.Outbox.Count);
            Assert.Empty(await restarted.DeliverAsync());
        }

        var request = Assert.Single(_receiver.Requests);
        Assert.Contains("\"state\":\"firing\"", request.Text);
    }

    [Fact]
    public async Task A_notice_made_in_quiet_hours_waits_kept_on_disk_and_goes_at_their_end_also_across_a_restart()
    {
        var hook = ChannelUrls.Parse(_receiver.Url + "hook", _http);
        var quiet = QuietHours.Parse("22:00-07:00", TimeZoneInfo.Utc); // the clock says 06:40
        var reading = Reading.Create(_clock.GetUtcNow().AddSeconds(-2), 9.5);
        using (var monitor = new AlertMonitor([Below10], [hook], _temp.Combine("state"), _temp.Combine("outbox"), _ => "Pool", TimeZoneInfo.Utc, time: _clock, quiet: quiet))
        {
            Assert.Single(await monitor.EvaluateAsync(_ => reading));
            Assert.Empty(await monitor.DeliverAsync()); // quiet: kept, not sent
            Assert.Equal(new DateTimeOffset(2026, 12, 1, 7, 0, 0, TimeSpan.Zero), monitor.Outbox.NextAttempt);
        }

        _clock.Advance(TimeSpan.FromMinutes(19));
        using (var restarted = new AlertMonitor([Below10], [hook], _temp.Combine("state"), _temp.Combine("outbox"), _ => "Pool", TimeZoneInfo.Utc, time: _clock, quiet: quiet))
        {
            Assert.Empty(await restarted.DeliverAsync()); // 06:59: still quiet
            _clock.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal(DeliveryOutcome.Delivered, Assert.Single(await restarted.DeliverAsync()).Delivery.Outcome);
        }

        Assert.Contains("\"state\":\"firing\"", Assert.Single(_receiver.Requests).Text);
    }

    [Fact]
    public async Task A_crash_after_the_notice_was_kept_and_before_the_state_was_sends_it_once()
    {
        var hook = ChannelUrls.Parse(_receiver.Url + "hook", _http);
        var reading = Reading.Create(_clock.GetUtcNow(), 9.5);
        var outbox = new Outbox(_temp.Combine("outbox"), _clock);
        var (_, notices) = AlertEvaluator.Evaluate([Below10], AlertBook.Empty, _ => reading, _ => "Pool", _clock.GetUtcNow(), TimeZoneInfo.Utc);
        await outbox.AddAsync(notices[0], [hook]); // ... and the state file was never written

        using var monitor = Monitor(hook); // the restart evaluates the same transition again
        Assert.Single(await monitor.EvaluateAsync(_ => reading));
        Assert.Equal(1, monitor.Outbox.Count);
        await monitor.DeliverAsync();
        Assert.Single(_receiver.Requests);
    }

    [Fact]
    public async Task A_refusal_is_kept_in_failed_and_not_tried_again_while_other_channels_still_get_it()
    {
        var refusing = ChannelUrls.Parse(_receiver.Url + "gone", _http);
        var good = ChannelUrls.Parse(_receiver.Url + "hook", _http);
        _receiver.Answers.Enqueue(404);
        using var monitor = Monitor(refusing, good);
        await monitor.EvaluateAsync(_ => Reading.Create(_clock.GetUtcNow(), 9.5));
        var attempts = await monitor.DeliverAsync();
        Assert.Equal(2, attempts.Count);
        Assert.Single(attempts, a => a.Delivery.Outcome == DeliveryOutcome.Refused);
        Assert.Single(attempts, a => a.Delivery.Outcome == DeliveryOutcome.Delivered);
        Assert.Equal(0, monitor.Outbox.Count);
        Assert.Single(Directory.GetFiles(monitor.Outbox.FailedFolder));
        _clock.Advance(TimeSpan.FromHours(2));
        Assert.Empty(await monitor.DeliverAsync());
        Assert.Equal(2, _receiver.Requests.Count);
    }

    [Fact]
    public async Task Retries_back_off_and_give_up_after_three_days_keeping_the_notice()
    {
        var hook = ChannelUrls.Parse(_receiver.Url + "hook", _http);
        using var monitor = Monitor(hook);
        await monitor.EvaluateAsync(_ => Reading.Create(_clock.GetUtcNow(), 9.5));
        var waits = new List<TimeSpan>();
        for (var i = 0; i < 4; i++)
        {
            _receiver.Answers.Enqueue(503);
            var before = _clock.GetUtcNow();
            Assert.Equal(DeliveryOutcome.Retry, Assert.Single(await monitor.DeliverAsync()).Delivery.Outcome);
            waits.Add(monitor.Outbox.NextAttempt!.Value - before);
            _clock.Advance(waits[^1]);
        }

        Assert.Equal([30, 60, 120, 240], waits.Select(w => (int)w.TotalSeconds));
        _clock.Advance(TimeSpan.FromDays(3));
        _receiver.Answers.Enqueue(503);
        await monitor.DeliverAsync();
        Assert.Equal(0, monitor.Outbox.Count);
        Assert.Contains("gave up after", File.ReadAllText(Assert.Single(Directory.GetFiles(monitor.Outbox.FailedFolder))));
    }

    sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        DateTimeOffset _now = now;

        public void Advance(TimeSpan by) => _now += by;

        public override DateTimeOffset GetUtcNow() => _now;
    }
}
