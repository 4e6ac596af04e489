using DataLogger.Time;

namespace DataLogger.Core.Tests;

public sealed class TimeWindowTests
{
    static readonly DateTimeOffset Noon = new(2025, 11, 27, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Last_24_hours_touch_two_days_unless_they_start_at_midnight()
    {
        Assert.Equal([new DateOnly(2025, 11, 26), new DateOnly(2025, 11, 27)], TimeWindow.Last(TimeSpan.FromHours(24), Noon).Days);
        var midnight = new DateTimeOffset(2025, 11, 28, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal([new DateOnly(2025, 11, 27), new DateOnly(2025, 11, 28)], TimeWindow.Last(TimeSpan.FromHours(24), midnight).Days);
        var oneSecondBefore = midnight.AddSeconds(-1);
        Assert.Equal([new DateOnly(2025, 11, 27)], TimeWindow.Last(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1), oneSecondBefore).Days);
    }

    [Fact]
    public void A_week_touches_eight_days()
    {
        Assert.Equal(8, TimeWindow.Last(TimeSpan.FromDays(7), Noon).Days.Count);
    }

    [Fact]
    public void Start_is_exclusive_and_end_inclusive()
    {
        var window = TimeWindow.Last(TimeSpan.FromHours(24), Noon);
        Assert.False(window.Contains(Noon.AddHours(-24).ToUnixTimeSeconds()));
        Assert.True(window.Contains(Noon.AddHours(-24).ToUnixTimeSeconds() + 1));
        Assert.True(window.Contains(Noon.ToUnixTimeSeconds()));
        Assert.False(window.Contains(Noon.ToUnixTimeSeconds() + 1));
    }

    [Fact]
    public void A_window_that_crosses_a_daylight_saving_change_covers_24_real_hours()
    {
        // Europe/Berlin left summer time at 2025-10-26 03:00 local: that local day had 25 hours.
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var endLocal = new DateTime(2025, 10, 26, 12, 0, 0, DateTimeKind.Unspecified);
        var end = new DateTimeOffset(endLocal, berlin.GetUtcOffset(endLocal));
        var window = TimeWindow.Last(TimeSpan.FromHours(24), end);
        Assert.Equal(TimeSpan.FromHours(24), window.Length);
        Assert.Equal(86_400, window.EndUnixSeconds - window.StartUnixSeconds);
        // 24 real hours back from 12:00 CET is 13:00 CEST the day before, not 12:00.
        Assert.Equal(13, TimeZoneInfo.ConvertTime(window.Start, berlin).Hour);
    }

    [Fact]
    public void Windows_are_kept_in_utc()
    {
        var window = new TimeWindow(Noon.ToOffset(TimeSpan.FromHours(5)).AddHours(-1), Noon.ToOffset(TimeSpan.FromHours(5)));
        Assert.Equal(TimeSpan.Zero, window.Start.Offset);
        Assert.Equal(Noon, window.End);
    }

    [Fact]
    public void An_empty_or_reversed_window_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new TimeWindow(Noon, Noon));
        Assert.Throws<ArgumentException>(() => new TimeWindow(Noon, Noon.AddSeconds(-1)));
    }
}
