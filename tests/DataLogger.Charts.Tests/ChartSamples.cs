using DataLogger.Readings;
using DataLogger.Simulation;
using DataLogger.Time;

namespace DataLogger.Charts.Tests;

static class ChartSamples
{
    public static readonly DateTimeOffset End = new(2025, 7, 14, 14, 0, 0, TimeSpan.Zero);

    public static TimeWindow Day => TimeWindow.Last(TimeSpan.FromHours(24), End);

    public static List<Reading> DayOfReadings(int seed = 1) =>
        History.Generate(new PoolModel(seed: seed), End, TimeSpan.FromHours(24), TimeSpan.FromMinutes(5)).ToList();

    public static ChartData Data(IReadOnlyList<Reading> readings, TimeWindow? window = null, string zone = "UTC") =>
        new("Pool temperature - last 24 h", window ?? Day, readings, TimeZoneInfo.FindSystemTimeZoneById(zone));
}
