using DataLogger.Charts.Drawing;

namespace DataLogger.Charts.Tests;

public sealed class AxisTests
{
    [Fact]
    public void A_day_of_pool_temperatures_gets_half_degree_ticks()
    {
        var scale = NiceScale.Fit(24.3, 27.7);
        Assert.Equal(0.5, scale.Step);
        Assert.Equal(1, scale.Decimals);
        Assert.Equal([24.5, 25, 25.5, 26, 26.5, 27, 27.5], scale.Ticks);
        Assert.True(scale.Min < 24.3 && scale.Max > 27.7);
    }

    [Fact]
    public void A_flat_line_gets_at_least_one_degree()
    {
        var scale = NiceScale.Fit(21.5, 21.5);
        Assert.True(scale.Max - scale.Min >= 1.0);
        Assert.InRange(21.5, scale.Min, scale.Max);
        Assert.NotEmpty(scale.Ticks);
    }

    [Theory]
    [InlineData(0, 100, 20)]
    [InlineData(0, 1, 0.2)]
    [InlineData(-5, 5, 2)]
    [InlineData(70, 82, 2)]
    public void Steps_are_nice_numbers(double min, double max, double step) =>
        Assert.Equal(step, NiceScale.WithTicks(min, max).Step, 9);

    [Fact]
    public void A_day_gets_ticks_every_three_hours_at_round_local_hours()
    {
        var end = new DateTimeOffset(2024, 7, 14, 13, 55, 0, TimeSpan.Zero);
        var ticks = TimeTicks.Between(end.AddHours(-24), end, TimeZoneInfo.Utc);
        Assert.Equal(["15:00", "18:00", "21:00", "00:00", "03:00", "06:00", "09:00", "12:00"], ticks.Select(t => t.Label));
    }

    [Fact]
    public void Ticks_follow_the_display_time_zone_across_a_daylight_saving_change()
    {
        // Europe/Berlin fell back from 03:00 CEST to 02:00 CET on 2025-10-26 (01:00 UTC).
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var end = new DateTimeOffset(2025, 10, 26, 11, 0, 0, TimeSpan.Zero);
        var ticks = TimeTicks.Between(end.AddHours(-24), end, berlin);
        Assert.All(ticks, t => Assert.Equal(0, TimeZoneInfo.ConvertTime(t.Time, berlin).Hour % 3));
        Assert.Contains(ticks, t => t.Label == "12:00");
        // 24 real hours hold 25 local hours that day: the ticks are not evenly spaced in local time, but in real time they are hours apart.
        Assert.All(ticks.Zip(ticks.Skip(1)), p => Assert.True((p.Second.Time - p.First.Time).TotalHours is 3 or 4));
    }

    [Fact]
    public void Half_hour_zones_get_round_local_hours()
    {
        var india = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");
        var end = new DateTimeOffset(2025, 11, 27, 12, 0, 0, TimeSpan.Zero);
        var ticks = TimeTicks.Between(end.AddHours(-24), end, india);
        Assert.NotEmpty(ticks);
        Assert.All(ticks, t => Assert.EndsWith(":00", t.Label));
        Assert.All(ticks, t => Assert.Equal(30, t.Time.Minute));
    }

    [Fact]
    public void A_week_gets_day_ticks()
    {
        var end = new DateTimeOffset(2025, 11, 27, 12, 0, 0, TimeSpan.Zero);
        var ticks = TimeTicks.Between(end.AddDays(-7), end, TimeZoneInfo.Utc);
        Assert.Equal(7, ticks.Count);
        Assert.All(ticks, t => Assert.Equal(TimeSpan.Zero, t.Time.TimeOfDay));
    }

    [Theory]
    [InlineData(2026, 12, 4, 3)]
    [InlineData(2026, 3, 2, 3)]
    [InlineData(2026, 8, 31, 6)]
    public void Month_ticks_are_never_crowded_at_the_end_of_a_month(int year, int month, int day, int maxTicks)
    {
        // A phone's 30-day chart (a tick each 14 days): the 29th would stand beside the next month's 1st.
        var end = new DateTimeOffset(year, month, day, 13, 0, 0, TimeSpan.Zero);
        var ticks = TimeTicks.Between(end.AddDays(-30), end, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"), maxTicks);
        Assert.NotEmpty(ticks);
        Assert.All(ticks.Zip(ticks.Skip(1)), pair => Assert.True((pair.Second.Time - pair.First.Time).TotalDays >= 5, $"{pair.First.Label} and {pair.Second.Label}"));
    }
}
