using DataLogger.Alerts;
using DataLogger.Readings;
using DataLogger.Simulation;

namespace DataLogger.Core.Tests;

/// <summary>
/// The pool's fault rules over a simulated pool (<see cref="PoolYear"/>: Newton's law with the air, the heater's
/// schedule, a DS18B20's noise and steps), its faults injected at known times: each found within its goal, and the same
/// days without faults sending few notices; and each rule's edges alone.
/// </summary>
public sealed class PoolWatchTests
{
    static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    static readonly WatchSettings Settings = new("pool") { Air = "air", Heater = "heater" };

    static List<AlertNotice> Replay(PoolYear year)
    {
        var replay = new AlertReplay(Settings);
        foreach (var row in year.Rows())
        {
            replay.Step(row.Time, row.Water, row.Air, row.Heater);
        }

        return [.. replay.Notices];
    }

    [Fact]
    public void Each_injected_fault_of_four_months_is_found_within_its_goal_and_the_clean_months_stay_nearly_quiet()
    {
        var year = new PoolYear(Start, faults: true, seed: 3, days: 125);
        var notices = Replay(year);
        Assert.Equal(["frost", "stuck", "frost", "glitches", "jump", "not-heating"], year.Faults.Select(f => f.Name));
        foreach (var fault in year.Faults)
        {
            var found = notices.FirstOrDefault(n => n.IsFiring && n.Kind == fault.Name && n.At.ToUnixTimeSeconds() >= fault.Start && n.At.ToUnixTimeSeconds() <= fault.End);
            Assert.True(found is not null, $"{fault.Name} at {DateTimeOffset.FromUnixTimeSeconds(fault.Start):u} was not found");
            var after = TimeSpan.FromSeconds(found.At.ToUnixTimeSeconds() - fault.Start);
            switch (fault.Kind)
            {
                case FaultKind.NotHeating:
                    Assert.InRange(after, TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(60));
                    Assert.Matches(@"^The heater has been on since 08:00, but pool (gains|is not warming) .* where it gains 0\.\d\d °C an hour with the heater on: check the heater's flow", found.Message);
                    break;
                case FaultKind.Jump:
                    Assert.Equal(TimeSpan.Zero, after);
                    Assert.Contains("faster than this water has changed in a week", found.Message, StringComparison.Ordinal);
                    break;
                case FaultKind.Frost:
                    var crossing = year.Rows().First(r => r.Time >= fault.Start && r.Air <= 0).Time;
                    Assert.True(crossing - found.At.ToUnixTimeSeconds() >= 3 * 3600, $"frost told {(crossing - found.At.ToUnixTimeSeconds()) / 60} minutes ahead");
                    break;
                case FaultKind.Glitches:
                    Assert.InRange(after, TimeSpan.Zero, TimeSpan.FromMinutes(30));
                    Assert.Contains("85 °C, the power-on value", found.Message, StringComparison.Ordinal);
                    break;
                default:
                    Assert.InRange(after, TimeSpan.Zero, TimeSpan.FromMinutes(90)); // 18 readings at a plateau, 6 while the water moves
                    break;
            }

            // Each fault resolves once it is over: the notices come in pairs.
            Assert.Contains(notices, n => !n.IsFiring && n.Kind == fault.Name && n.At > found.At);
        }

        var clean = Replay(new PoolYear(Start, faults: false, seed: 3, days: 125)).Where(n => n.IsFiring).ToList();
        Assert.True(clean.Count <= 4, $"{clean.Count} notices in four clean months: {string.Join("; ", clean.Select(n => $"{n.At:u} {n.Subject}"))}");
    }

    [Fact]
    public void A_probe_that_repeats_one_value_while_the_water_warms_is_stuck_after_six_readings()
    {
        var watch = new PoolWatch(Settings);
        var t = Start.ToUnixTimeSeconds();
        for (var i = 0; i < 400; i++, t += 300)
        {
            watch.Observe("pool", Reading.Create(t, Math.Round((20 + (i * 0.05) + (i % 3 == 0 ? 0.06 : 0)) * 16) / 16)); // warming 0.6 °C an hour
        }

        // It repeats its last reading (a probe that stops converting does): six of one value in a row is stuck.
        var stuck = Math.Round((20 + (399 * 0.05) + 0.06) * 16) / 16;
        for (var n = 2; n <= 7; n++, t += 300)
        {
            watch.Observe("pool", Reading.Create(t, stuck));
            var finding = watch.Findings(DateTimeOffset.FromUnixTimeSeconds(t))[AlertKind.Stuck];
            Assert.Equal(n >= 6, finding.Holds);
            Assert.StartsWith($"pool has read 40.0 °C {n} times in a row since ", finding.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_state_machine_fires_a_watched_fault_once_and_resolves_it_once()
    {
        var rule = new AlertRule("pool", AlertKind.Jump, null);
        var at = Start;
        WatchFinding Finding(bool holds) => new(holds, at, "Pool jumped 6 °C", "Pool went from 24 °C to 30 °C.", "Pool is steady again", "No jump for an hour.");
        var book = AlertBook.Empty;
        var told = new List<AlertNotice>();
        foreach (var holds in new[] { false, true, true, true, false, false })
        {
            var (after, notices) = AlertEvaluator.Evaluate([rule], book, _ => null, s => "Pool", at, TimeZoneInfo.Utc, _ => Finding(holds));
            book = after;
            told.AddRange(notices);
            at = at.AddMinutes(5);
        }

        Assert.Equal(["firing Pool jumped 6 °C", "resolved Pool is steady again"], told.Select(n => $"{n.State} {n.Subject}"));
        Assert.Equal("pool-jump-firing-1735689900", told[0].Id);
        Assert.Equal("pool jump", rule.ToString());
        Assert.Equal("not-heating", new AlertRule("pool", AlertKind.NotHeating, null).Name);
    }

    [Theory]
    [InlineData(85.0, 24.0, true)]
    [InlineData(85.0, null, true)]
    [InlineData(85.0, 83.5, false)]
    [InlineData(-127.0, 24.0, true)]
    [InlineData(24.0625, 24.0, false)]
    public void A_value_a_probe_gives_only_when_a_read_failed_is_a_refused_read(double value, double? previous, bool refused) =>
        Assert.Equal(refused, AlertReplay.RefusedRead(value, previous) is not null);

    [Fact]
    public void A_station_without_a_heater_or_air_has_only_the_probes_rules()
    {
        Assert.Equal(["pool stuck", "pool jump", "pool glitches"], PoolWatch.Rules(new WatchSettings("pool")).Select(r => r.ToString()));
        Assert.Equal(["pool stuck", "pool jump", "pool glitches", "pool not-heating", "air frost"], PoolWatch.Rules(Settings).Select(r => r.ToString()));
    }
}
