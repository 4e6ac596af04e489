using DataLogger.Simulation;

namespace DataLogger.Core.Tests;

public sealed class HistoryTests
{
    [Fact]
    public void Readings_are_aligned_to_the_interval_and_fill_the_window()
    {
        var end = new DateTimeOffset(2025, 11, 27, 12, 3, 20, TimeSpan.Zero);
        var readings = History.Generate(new PoolModel(), end, TimeSpan.FromHours(24), TimeSpan.FromMinutes(5)).ToList();
        Assert.Equal(288, readings.Count);
        Assert.Equal(History.Count(end, TimeSpan.FromHours(24), TimeSpan.FromMinutes(5)), readings.Count);
        Assert.All(readings, r => Assert.Equal(0, r.Timestamp % 300));
        Assert.Equal(new DateTimeOffset(2025, 11, 27, 12, 0, 0, TimeSpan.Zero), readings[^1].Time);
        Assert.Equal(new DateTimeOffset(2025, 11, 26, 12, 5, 0, TimeSpan.Zero), readings[0].Time);
    }

    [Fact]
    public void The_model_is_deterministic_plausible_and_swings_daily()
    {
        var model = new PoolModel(seed: 7);
        var end = new DateTimeOffset(2025, 7, 14, 0, 0, 0, TimeSpan.Zero);
        var day = History.Generate(model, end, TimeSpan.FromDays(1), TimeSpan.FromMinutes(5)).ToList();
        var again = History.Generate(new PoolModel(seed: 7), end, TimeSpan.FromDays(1), TimeSpan.FromMinutes(5)).ToList();
        Assert.Equal(day, again);
        Assert.All(day, r => Assert.InRange(r.Celsius, 15, 35));
        var swing = day.Max(r => r.Celsius) - day.Min(r => r.Celsius);
        Assert.InRange(swing, 1.5, 5);
    }
}
