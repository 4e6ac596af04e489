using DataLogger.Forecasting;
using DataLogger.Readings;

namespace DataLogger.Core.Tests;

/// <summary>
/// The rate and ready-by time against synthetic pools whose true answer is known: one heated and cooled by Newton's
/// law (integrated minute by minute, read every 5 minutes as a DS18B20 would: 1/16 °C steps and a little noise), a
/// cooling one, a noisy flat one, and series with gaps.
/// </summary>
public sealed class TrendTests
{
    const long Start = 1796256000; // 2026-12-01 00:00 UTC
    const int Step = 300;

    // A pool by Newton's law: dT/dt = P(t) − k (T − T_air(t)), per hour; the air swings ±2 °C a day around 14 °C.
    sealed record Pool(double K, Func<double, double> Heating, double Start)
    {
        public static double Air(double hours) => 14 + (2 * Math.Sin(2 * Math.PI * (hours - 9) / 24));

        // The temperature every minute for the hours given.
        public double[] Simulate(double hours)
        {
            var minutes = (int)(hours * 60);
            var t = new double[minutes + 1];
            t[0] = Start;
            for (var m = 1; m <= minutes; m++)
            {
                var h = (m - 1) / 60.0;
                t[m] = t[m - 1] + ((Heating(h) - (K * (t[m - 1] - Air(h)))) / 60);
            }

            return t;
        }
    }

    static List<Reading> Sample(double[] minutes, int fromMinute, int toMinute, int seed, double noise = 0.02, int step = 5)
    {
        var random = new Random(seed);
        var readings = new List<Reading>();
        for (var m = fromMinute; m <= toMinute; m += step)
        {
            var value = minutes[m] + (noise * ((random.NextDouble() * 2) - 1));
            readings.Add(Reading.Create(Start + (m * 60L), Math.Round(value * 16) / 16));
        }

        return readings;
    }

    static List<Reading> AirReadings(int toMinute) =>
        [.. Enumerable.Range(0, (toMinute / 5) + 1).Select(i => Reading.Create(Start + (i * Step), Math.Round(Pool.Air(i * 5 / 60.0) * 16) / 16))];

    [Theory]
    [InlineData(1 / 10.0, 3.0, 1)]
    [InlineData(1 / 16.0, 2.0, 2)]
    [InlineData(1 / 30.0, 1.5, 3)]
    [InlineData(1 / 8.0, 4.0, 4)]
    public void A_pool_heated_by_Newtons_law_is_expected_within_ten_percent_of_the_true_time_from_three_hours_of_heating(double k, double power, int seed)
    {
        // 21 hours with the heater off (cooling, as a night and a morning), then 3 hours on; the target 5 °C above now.
        var heaterOn = 21.0;
        var pool = new Pool(k, h => h >= heaterOn ? power : 0, 26);
        var minutes = pool.Simulate(72);
        var nowMinute = (int)((heaterOn + 3) * 60);
        var target = Math.Round(minutes[nowMinute] + 5);
        var readings = Sample(minutes, 0, nowMinute, seed);
        var trueMinute = Array.FindIndex(minutes, nowMinute, c => c >= target);
        Assert.True(trueMinute > nowMinute, "the synthetic pool reaches its target in the hours simulated");
        var trueHours = (trueMinute - nowMinute) / 60.0;

        var forecast = Trend.Of(readings, new HeatingGoal(target, "air"), AirReadings(nowMinute));

        Assert.Equal(ForecastKind.Expected, forecast.Kind);
        Assert.Equal(ForecastModel.Newton, forecast.Model);
        var estimated = (forecast.ReadyBy!.Value - DateTimeOffset.FromUnixTimeSeconds(Start + (nowMinute * 60L))).TotalHours;
        Assert.InRange(estimated, trueHours * 0.9, trueHours * 1.1);
        Assert.InRange(forecast.TimeConstant!.Value.TotalHours, 0.8 / k, 1.25 / k);

        // The straight line, which knows no air, is the worse estimate: the curve flattens toward its equilibrium.
        var line = Trend.Of(readings, new HeatingGoal(target));
        var lineHours = (line.ReadyBy!.Value - DateTimeOffset.FromUnixTimeSeconds(Start + (nowMinute * 60L))).TotalHours;
        Assert.True(Math.Abs(lineHours - trueHours) > Math.Abs(estimated - trueHours), $"line {lineHours:0.00} h, Newton {estimated:0.00} h, true {trueHours:0.00} h");
        Console.WriteLine($"k 1/{1 / k:0} h, P {power} °C/h: true {trueHours:0.00} h, Newton {estimated:0.00} h, line {lineHours:0.00} h");
    }

    [Fact]
    public void A_cooling_pool_is_not_going_to_reach_its_target_at_this_rate()
    {
        var minutes = new Pool(1 / 20.0, _ => 0, 27).Simulate(6);
        var readings = Sample(minutes, 0, 360, seed: 5);

        var forecast = Trend.Of(readings, new HeatingGoal(28, "air"), AirReadings(360));

        Assert.Equal(ForecastKind.NotAtThisRate, forecast.Kind);
        Assert.Null(forecast.ReadyBy);
        Assert.True(forecast.RatePerHour < -0.3);
        Assert.StartsWith("28\u00A0°C: not at this rate, \u2212", forecast.Describe(TimeZoneInfo.Utc, DateTimeOffset.FromUnixTimeSeconds(Start + (360 * 60))), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void A_noisy_flat_pool_gets_no_time(int seed)
    {
        var random = new Random(seed);
        var readings = Enumerable.Range(0, 37).Select(i => Reading.Create(Start + (i * Step), Math.Round((25 + (0.15 * ((random.NextDouble() * 2) - 1))) * 16) / 16)).ToList();

        var forecast = Trend.Of(readings, new HeatingGoal(28));

        Assert.Equal(ForecastKind.Steady, forecast.Kind);
        Assert.Null(forecast.ReadyBy);
        Assert.NotNull(forecast.RatePerHour);
    }

    [Fact]
    public void A_straight_heating_line_without_air_is_carried_on()
    {
        // 0.5 °C an hour from 20 °C for 3 hours: 21.5 now, 24 in 5 hours.
        var readings = Enumerable.Range(0, 37).Select(i => Reading.Create(Start + (i * Step), 20 + (0.5 * i * 5 / 60.0))).ToList();

        var forecast = Trend.Of(readings, new HeatingGoal(24));

        Assert.Equal(ForecastKind.Expected, forecast.Kind);
        Assert.Equal(ForecastModel.Line, forecast.Model);
        Assert.InRange(forecast.ReadyBy!.Value.ToUnixTimeSeconds(), Start + (36 * Step) + (5 * 3600) - 60, Start + (36 * Step) + (5 * 3600) + 60);
        Assert.Equal(0.5, forecast.RatePerHour!.Value, 3);
        Assert.Equal("24\u00A0°C around 08:00, +0.5\u00A0°C/h", forecast.Describe(TimeZoneInfo.Utc, DateTimeOffset.FromUnixTimeSeconds(Start + (36 * Step))));
    }

    [Fact]
    public void Readings_after_a_gap_give_a_time_only_once_they_span_an_hour()
    {
        // Heating 1 °C an hour; readings for two hours, none for ninety minutes, then forty minutes of them.
        static Reading At(int minute) => Reading.Create(Start + (minute * 60L), 20 + (minute / 60.0));
        var before = Enumerable.Range(0, 25).Select(i => At(i * 5));
        var after = Enumerable.Range(0, 9).Select(i => At(210 + (i * 5)));
        var readings = before.Concat(after).ToList();

        var forecast = Trend.Of(readings, new HeatingGoal(28));
        Assert.Equal(ForecastKind.None, forecast.Kind);
        Assert.Null(forecast.RatePerHour);
        Assert.Equal(string.Empty, forecast.Describe(TimeZoneInfo.Utc, DateTimeOffset.FromUnixTimeSeconds(Start)));

        // Twenty minutes more, and the readings after the gap span an hour: a time, from them alone.
        var later = readings.Concat(Enumerable.Range(1, 4).Select(i => At(250 + (i * 5)))).ToList();
        var forecastLater = Trend.Of(later, new HeatingGoal(28));
        Assert.Equal(ForecastKind.Expected, forecastLater.Kind);
        Assert.Equal(1.0, forecastLater.RatePerHour!.Value, 3);
        Assert.InRange(forecastLater.ReadyBy!.Value.ToUnixTimeSeconds(), Start + (8 * 3600) - 60, Start + (8 * 3600) + 60);
    }

    [Fact]
    public void Under_an_hour_of_readings_gives_no_rate_and_a_pool_at_its_target_has_reached_it()
    {
        var short_ = Enumerable.Range(0, 11).Select(i => Reading.Create(Start + (i * Step), 20 + (i * 0.1))).ToList();
        Assert.Equal(ForecastKind.None, Trend.Of(short_, new HeatingGoal(28)).Kind);

        var warm = Enumerable.Range(0, 37).Select(i => Reading.Create(Start + (i * Step), 27.5 + (i * 0.02))).ToList();
        var reached = Trend.Of(warm, new HeatingGoal(28));
        Assert.Equal(ForecastKind.Reached, reached.Kind);
        Assert.StartsWith("28\u00A0°C reached", reached.Describe(TimeZoneInfo.Utc, DateTimeOffset.FromUnixTimeSeconds(Start)), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_air_readings_or_cooling_to_learn_from_the_line_is_used()
    {
        var minutes = new Pool(1 / 10.0, _ => 3, 18).Simulate(4);
        var readings = Sample(minutes, 0, 180, seed: 9);
        // Heated all along: nothing cooled, so there is no k to learn.
        Assert.Null(Trend.LearnCooling(readings, AirReadings(180)));
        var forecast = Trend.Of(readings, new HeatingGoal(30, "air"), AirReadings(180));
        Assert.Equal(ForecastModel.Line, forecast.Model);
        Assert.Equal(ForecastKind.Expected, forecast.Kind);
    }
}
