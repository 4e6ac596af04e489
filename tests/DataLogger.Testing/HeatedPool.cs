using DataLogger.Readings;

namespace DataLogger.Testing;

/// <summary>
/// Two days of a pool by Newton's law (k = 1/12 per hour), integrated minute by minute and read every 5 minutes in
/// DS18B20 steps of 1/16 °C: cooling toward the air, then heated at 2.5 °C an hour for the last 3 hours; the air around
/// 20 °C, swinging ±3 °C a day; and 40 days of a cooler pool a year before, for the comparison with last year. The
/// target is 4 °C above the newest reading.
/// </summary>
public static class HeatedPool
{
    /// <summary>The pool's and the air's readings up to <paramref name="now"/>, and a target.</summary>
    public static (IReadOnlyList<Reading> Pool, IReadOnlyList<Reading> Air, double Target) Readings(DateTimeOffset now)
    {
        static double Air(double h) => 20 + (3 * Math.Sin(2 * Math.PI * (h - 9) / 24));
        var start = now.AddDays(-2).ToUnixTimeSeconds();
        var pool = new List<Reading>();
        var air = new List<Reading>();
        var t = 27.0;
        for (var minute = 0; minute <= 48 * 60; minute++)
        {
            var h = minute / 60.0;
            if (minute % 5 == 0)
            {
                pool.Add(Reading.Create(start + (minute * 60L), Math.Round(t * 16) / 16));
                air.Add(Reading.Create(start + (minute * 60L), Math.Round(Air(h) * 16) / 16));
            }

            t += ((h >= 45 ? 2.5 : 0) - ((t - Air(h)) / 12)) / 60;
        }

        var lastYear = Enumerable.Range(0, 40 * 24).Select(i => Reading.Create(now.AddDays(-365 - 38).AddHours(i), 22 + Math.Sin(i / 4.0)));
        return ([.. lastYear, .. pool], air, Math.Round(pool[^1].Celsius + 4));
    }
}
