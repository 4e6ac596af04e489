using DataLogger.Readings;

namespace DataLogger.Forecasting;

/// <summary>
/// A series' rate and when it reaches a target. The rate is a least-squares line over the last three hours (as Home
/// Assistant's trend sensor), fitted only to the readings since the last gap (<see cref="ReadingRuns"/>), and never to
/// fewer than an hour of them. A rate within three standard errors of zero, or under 0.05 °C an hour, is steady: no
/// time is given. With the air's series (<see cref="HeatingGoal.Ambient"/>) the time follows Newton's law of heating
/// and cooling, <c>dT/dt = P − k (T − T_air)</c>: <c>k</c> is learned from the hours in which the series cooled
/// (<c>dT/dt = −k (T − T_air)</c>, the heater off), the heating <c>P</c> from the last hours' rate, and the time is when
/// the curve toward its equilibrium <c>T_air + P/k</c> crosses the target; else the rate carries on in a straight line.
/// </summary>
public static class Trend
{
    /// <summary>The readings the rate is fitted to: the last three hours.</summary>
    public static TimeSpan Window { get; } = TimeSpan.FromHours(3);

    /// <summary>The fewest hours of readings a rate (and so a time) is given from.</summary>
    public static TimeSpan MinimumSpan { get; } = TimeSpan.FromHours(1);

    /// <summary>The slowest rate that counts as moving, in °C per hour (a DS18B20 step of 0.0625 °C in over an hour).</summary>
    public const double SlowestRate = 0.05;

    /// <summary>
    /// The forecast of a series from its readings (oldest first; the last hours give the rate, all of them teach the
    /// Newton model), toward <paramref name="goal"/> (null: the rate alone), with the air's readings when the goal names
    /// an ambient series (else null or empty).
    /// </summary>
    public static Forecast Of(IReadOnlyList<Reading> readings, HeatingGoal? goal, IReadOnlyList<Reading>? ambient = null)
    {
        ArgumentNullException.ThrowIfNull(readings);
        if (Fit(Recent(readings)) is not { } line)
        {
            return Forecast.Unknown(goal?.Target);
        }

        var rate = line.Slope;
        if (goal is null)
        {
            return new Forecast(ForecastKind.None, rate, null, null);
        }

        var now = line.Now;
        var target = goal.Target;
        if (line.ValueNow >= target - 0.05)
        {
            return new Forecast(ForecastKind.Reached, rate, target, null);
        }

        if (!line.IsMoving)
        {
            return new Forecast(ForecastKind.Steady, rate, target, null);
        }

        if (rate < 0)
        {
            return new Forecast(ForecastKind.NotAtThisRate, rate, target, null);
        }

        var air = ambient is { Count: > 0 } ? new Ambient(ambient) : null;
        if (air is not null && LearnCooling(readings, air) is { } k && air.At(now) is { } airNow && air.Mean(line) is { } airMean)
        {
            // Heating now, from the rate at the window's middle: P = dT/dt + k (T − T_air).
            var heating = rate + (k * (line.MeanValue - airMean));
            var equilibrium = airNow + (heating / k);
            var model = new Forecast(ForecastKind.NotAtThisRate, rate, target, null) { Model = ForecastModel.Newton, TimeConstant = TimeSpan.FromHours(1 / k) };
            if (equilibrium <= target)
            {
                return model;
            }

            var hours = Math.Log((equilibrium - line.ValueNow) / (equilibrium - target)) / k;
            return Within(model, now, hours);
        }

        return Within(new Forecast(ForecastKind.NotAtThisRate, rate, target, null), now, (target - line.ValueNow) / rate);
    }

    // The readings the rate is fitted to: the last three hours, from the last gap on.
    static ReadOnlySpan<Reading> Recent(IReadOnlyList<Reading> readings)
    {
        if (readings.Count == 0)
        {
            return [];
        }

        var from = readings[^1].Timestamp - (long)Window.TotalSeconds;
        var recent = readings.Where(r => r.Timestamp >= from).ToArray();
        return ReadingRuns.Split(recent).Last().Span;
    }

    static Forecast Within(Forecast forecast, DateTimeOffset now, double hours) =>
        hours > 0 && hours <= Forecast.Horizon.TotalHours
            ? forecast with { Kind = ForecastKind.Expected, ReadyBy = now + TimeSpan.FromHours(hours) }
            : forecast;

    /// <summary>
    /// The cooling constant <c>k</c> (per hour) of a series, from the hours in which it cooled while warmer than the air
    /// (one-hour windows, half an hour apart, whose rate is significantly negative), by least squares through the
    /// origin of <c>dT/dt = −k (T − T_air)</c>; null with fewer than two hours of such cooling.
    /// </summary>
    public static double? LearnCooling(IReadOnlyList<Reading> readings, IReadOnlyList<Reading> ambient)
    {
        ArgumentNullException.ThrowIfNull(ambient);
        return LearnCooling(readings, new Ambient(ambient));
    }

    static double? LearnCooling(IReadOnlyList<Reading> readings, Ambient air)
    {
        ArgumentNullException.ThrowIfNull(readings);
        double sum = 0, squares = 0;
        var windows = 0;
        foreach (var run in ReadingRuns.Split(readings))
        {
            var span = run.Span;
            for (var start = 0; start < span.Length;)
            {
                var end = start;
                while (end < span.Length && span[end].Timestamp - span[start].Timestamp <= 3600)
                {
                    end++;
                }

                if (Fit(span[start..end]) is { IsMoving: true, Slope: < 0 } line && air.Mean(line) is { } airMean && line.MeanValue - airMean > 1)
                {
                    var above = line.MeanValue - airMean;
                    sum += line.Slope * above;
                    squares += above * above;
                    windows++;
                }

                var next = start;
                while (next < span.Length && span[next].Timestamp - span[start].Timestamp < 1800)
                {
                    next++;
                }

                start = end >= span.Length ? span.Length : next;
            }
        }

        // Half-hour steps: four windows are two hours of cooling.
        var k = windows >= 4 && squares > 0 ? -sum / squares : 0;
        return k is > 1.0 / 1000 and < 2 ? k : null;
    }

    // A least-squares line through readings, hours from the newest; null under an hour or four readings.
    static Line? Fit(ReadOnlySpan<Reading> readings)
    {
        if (readings.Length < 4 || readings[^1].Timestamp - readings[0].Timestamp < MinimumSpan.TotalSeconds)
        {
            return null;
        }

        var newest = readings[^1].Timestamp;
        double meanT = 0, meanC = 0;
        foreach (var r in readings)
        {
            meanT += (r.Timestamp - newest) / 3600.0;
            meanC += r.Celsius;
        }

        meanT /= readings.Length;
        meanC /= readings.Length;
        double sxx = 0, sxy = 0;
        foreach (var r in readings)
        {
            var dx = ((r.Timestamp - newest) / 3600.0) - meanT;
            sxx += dx * dx;
            sxy += dx * (r.Celsius - meanC);
        }

        var slope = sxy / sxx;
        double residuals = 0;
        foreach (var r in readings)
        {
            var e = r.Celsius - (meanC + (slope * (((r.Timestamp - newest) / 3600.0) - meanT)));
            residuals += e * e;
        }

        var error = Math.Sqrt(residuals / Math.Max(1, readings.Length - 2) / sxx);
        return new Line(slope, meanC - (slope * meanT), meanC, error, DateTimeOffset.FromUnixTimeSeconds(newest), readings[0].Timestamp, newest);
    }

    // A fitted line: its slope (°C/h), its value at the newest reading, the readings' mean, the slope's standard error.
    sealed record Line(double Slope, double ValueNow, double MeanValue, double Error, DateTimeOffset Now, long From, long To)
    {
        public bool IsMoving => Math.Abs(Slope) >= SlowestRate && Math.Abs(Slope) >= 3 * Error;
    }

    // The air's readings, looked up by time.
    sealed class Ambient(IReadOnlyList<Reading> readings)
    {
        readonly Reading[] _readings = [.. readings.OrderBy(r => r.Timestamp)];

        // The mean of the air's readings over a line's span; null when none fall in it.
        public double? Mean(Line line)
        {
            var inside = _readings.Where(r => r.Timestamp >= line.From - 600 && r.Timestamp <= line.To + 600).ToList();
            return inside.Count > 0 ? inside.Average(r => r.Celsius) : null;
        }

        // The air's reading nearest to a time, within an hour; else null.
        public double? At(DateTimeOffset time)
        {
            var t = time.ToUnixTimeSeconds();
            var nearest = _readings.MinBy(r => Math.Abs(r.Timestamp - t));
            return nearest is not null && Math.Abs(nearest.Timestamp - t) <= 3600 ? nearest.Celsius : null;
        }
    }
}
