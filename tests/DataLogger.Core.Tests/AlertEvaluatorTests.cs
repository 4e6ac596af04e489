using DataLogger.Alerts;
using DataLogger.Readings;

namespace DataLogger.Core.Tests;

/// <summary>The alerts' state machine: fires once, quiet while firing, resolves once past the hysteresis, for, offline, repeat, restarts.</summary>
public sealed class AlertEvaluatorTests
{
    static readonly DateTimeOffset T0 = new(2026, 12, 1, 6, 35, 0, TimeSpan.Zero);
    static readonly TimeZoneInfo Utc = TimeZoneInfo.Utc;

    static readonly AlertRule Below10 = new("pool", AlertKind.Below, 10);
    static readonly AlertRule Above32 = new("pool", AlertKind.Above, 32);
    static readonly AlertRule Offline = new("pool", AlertKind.Offline, null) { OfflineAfter = TimeSpan.FromMinutes(15) };

    // Feeds readings every 5 minutes from T0, evaluating after each; returns every notice, in order.
    static (AlertBook Book, List<AlertNotice> Notices) Feed(AlertRule rule, AlertBook book, params double[] celsius)
    {
        var notices = new List<AlertNotice>();
        for (var i = 0; i < celsius.Length; i++)
        {
            var reading = Reading.Create(T0.AddMinutes(5 * i), celsius[i]);
            var (next, sent) = AlertEvaluator.Evaluate([rule], book, _ => reading, _ => "Pool", reading.Time.AddSeconds(2), Utc);
            book = next;
            notices.AddRange(sent);
        }

        return (book, notices);
    }

    [Fact]
    public void Below_fires_once_when_it_starts_and_stays_quiet_while_firing()
    {
        var (book, notices) = Feed(Below10, AlertBook.Empty, 11, 9.5, 9.4, 9.2, 9.9);
        var fired = Assert.Single(notices);
        Assert.Equal(("firing", "below", 9.5, 10.0), (fired.State, fired.Kind, fired.Celsius, fired.Threshold));
        Assert.Equal(T0.AddMinutes(5), fired.Since);
        Assert.Equal("Pool below 10.0 °C", fired.Subject);
        Assert.Equal("Pool is at 9.5 °C, below 10.0 °C, since 06:40.", fired.Message);
        Assert.Equal(AlertStatus.Firing, book[Below10].Status);
    }

    [Fact]
    public void Reached_fires_once_at_the_target_itself_and_says_so_and_resolves_only_past_the_hysteresis()
    {
        var reached = new AlertRule("pool", AlertKind.Reached, 28);
        var (book, notices) = Feed(reached, AlertBook.Empty, 27.5, 27.9, 28.0, 28.3, 27.7, 28.1, 27.4);
        Assert.Equal(["firing", "resolved"], notices.Select(n => n.State));
        var fired = notices[0];
        Assert.Equal(("reached", 28.0, 28.0), (fired.Kind, fired.Celsius, fired.Threshold));
        Assert.Equal("Pool reached 28.0 °C", fired.Subject);
        Assert.Equal("Pool is at 28.0 °C at 06:45: it has reached 28.0 °C.", fired.Message);
        Assert.Equal("Pool back below 28.0 °C", notices[1].Subject);
        Assert.Equal(AlertStatus.Ok, book[reached].Status);
    }

    [Fact]
    public void It_resolves_once_and_only_past_the_hysteresis()
    {
        var (_, notices) = Feed(Below10, AlertBook.Empty, 9.5, 10.2, 10.4, 10.5, 10.6, 10.1);
        Assert.Equal(["firing", "resolved"], notices.Select(n => n.State));
        var resolved = notices[1];
        Assert.Equal(10.5, resolved.Celsius); // 10.2 and 10.4 are not back by 0.5
        Assert.Equal("Pool back above 10.0 °C", resolved.Subject);
        Assert.Equal("Pool is at 10.5 °C at 06:50, back above 10.0 °C (it was below since 06:35).", resolved.Message);
        Assert.Equal(resolved.Since, notices[0].Since);
    }

    [Fact]
    public void Above_is_the_mirror_with_its_own_hysteresis()
    {
        var rule = Above32 with { Hysteresis = 1 };
        var (_, notices) = Feed(rule, AlertBook.Empty, 31.9, 32.5, 31.5, 31.0, 33);
        Assert.Equal([("firing", 32.5), ("resolved", 31.0), ("firing", 33.0)], notices.Select(n => (n.State, n.Celsius!.Value)));
    }

    [Fact]
    public void For_suppresses_a_single_spike_and_fires_when_the_condition_holds_long_enough()
    {
        var rule = Below10 with { For = TimeSpan.FromMinutes(15) };
        var (book, notices) = Feed(rule, AlertBook.Empty, 11, 9.0, 11, 11); // one noisy reading
        Assert.Empty(notices);
        Assert.Equal(AlertStatus.Ok, book[rule].Status);

        (book, notices) = Feed(rule, AlertBook.Empty, 9.8, 9.7, 9.6, 9.5, 9.4); // 06:35 .. 06:55
        var fired = Assert.Single(notices);
        Assert.Equal(9.5, fired.Celsius); // at 06:50, 15 minutes after it started
        Assert.Equal(T0, fired.Since);
    }

    [Fact]
    public void Repeat_sends_again_while_it_stays_firing()
    {
        var rule = Below10 with { Repeat = TimeSpan.FromMinutes(10) };
        var (_, notices) = Feed(rule, AlertBook.Empty, 9, 9, 9, 9, 9, 11);
        Assert.Equal(["firing", "firing", "firing", "resolved"], notices.Select(n => n.State));
        Assert.Equal(notices.Count, notices.Select(n => n.Id).Distinct().Count());
    }

    [Fact]
    public void Offline_fires_when_readings_stop_and_resolves_with_the_next_reading()
    {
        var last = Reading.Create(T0, 20.5);
        var (book, notices) = AlertEvaluator.Evaluate([Offline], AlertBook.Empty, _ => last, _ => "Pool", T0.AddMinutes(14), Utc);
        Assert.Empty(notices);
        (book, notices) = AlertEvaluator.Evaluate([Offline], book, _ => last, _ => "Pool", T0.AddMinutes(16), Utc);
        var fired = Assert.Single(notices);
        Assert.Equal(("offline", "firing", (double?)null), (fired.Kind, fired.State, fired.Celsius));
        Assert.Equal("Pool: no reading for 16 minutes", fired.Subject);
        Assert.Equal("No reading from Pool since 06:35 (16 minutes ago): check the sensor and its connection.", fired.Message);
        (book, notices) = AlertEvaluator.Evaluate([Offline], book, _ => last, _ => "Pool", T0.AddHours(3), Utc);
        Assert.Empty(notices); // still offline: said once

        var back = Reading.Create(T0.AddHours(3), 19.5);
        (_, notices) = AlertEvaluator.Evaluate([Offline], book, _ => back, _ => "Pool", T0.AddHours(3).AddSeconds(3), Utc);
        var resolved = Assert.Single(notices);
        Assert.Equal(("resolved", 19.5), (resolved.State, resolved.Celsius!.Value));
        Assert.Equal("Pool reads 19.5 °C at 09:35 again (quiet since 06:35).", resolved.Message);
    }

    [Fact]
    public void A_series_with_no_reading_at_all_is_offline_once_it_was_watched_that_long_not_at_the_first_look()
    {
        var (book, notices) = AlertEvaluator.Evaluate([Offline], AlertBook.Empty, _ => null, _ => "Pool", T0, Utc); // a fresh start
        Assert.Empty(notices);
        (book, notices) = AlertEvaluator.Evaluate([Offline], AlertBook.Decode(book.Encode()), _ => null, _ => "Pool", T0.AddMinutes(10), Utc); // the next cron run
        Assert.Empty(notices);
        (_, notices) = AlertEvaluator.Evaluate([Offline], book, _ => null, _ => "Pool", T0.AddMinutes(16), Utc);
        Assert.Equal("No reading from Pool since 06:35 (16 minutes ago): check the sensor and its connection.", Assert.Single(notices).Message);

        // A first reading before then: nothing was ever wrong.
        (book, _) = AlertEvaluator.Evaluate([Offline], AlertBook.Empty, _ => null, _ => "Pool", T0, Utc);
        (book, notices) = AlertEvaluator.Evaluate([Offline], book, _ => Reading.Create(T0.AddMinutes(5), 20), _ => "Pool", T0.AddMinutes(6), Utc);
        Assert.Empty(notices);
        Assert.Equal(AlertStatus.Ok, book[Offline].Status);
    }

    [Fact]
    public void The_state_survives_a_restart_and_nothing_is_sent_again()
    {
        var (book, notices) = Feed(Below10, AlertBook.Empty, 9.5);
        Assert.Single(notices);
        var restarted = AlertBook.Decode(book.Encode());
        Assert.Equal(book[Below10], restarted[Below10]);
        (_, notices) = Feed(Below10, restarted, 9.4);
        Assert.Empty(notices);
        (_, notices) = Feed(Below10, restarted, 10.6);
        Assert.Equal("resolved", Assert.Single(notices).State);
    }

    [Fact]
    public void The_same_transition_evaluated_twice_has_the_same_id_so_it_is_delivered_once()
    {
        var (_, first) = Feed(Below10, AlertBook.Empty, 9.5);
        var (_, again) = Feed(Below10, AlertBook.Empty, 9.5); // a crash after the notice was kept, before the state was
        Assert.Equal(first[0].Id, again[0].Id);
        Assert.Equal($"pool-below-firing-{T0.ToUnixTimeSeconds()}", first[0].Id);
    }

    [Fact]
    public void A_damaged_state_is_a_clear_error()
    {
        var e = Assert.Throws<FormatException>(() => AlertBook.Decode("{\"pool/below\": {\"status\": \"burning\"}}"u8.ToArray()));
        Assert.Contains("the alert state is damaged", e.Message);
    }
}
