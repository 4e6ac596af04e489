namespace DataLogger.Simulation;

/// <summary>
/// A plausible outdoor pool: water that warms through the afternoon and cools by night (a daily sine peaking at
/// 16:00 UTC), a season that peaks in mid-July, a slow drift over the days, and a little sensor noise. Deterministic for a seed,
/// so generated histories and tests repeat.
/// </summary>
public sealed class PoolModel
{
    readonly double _mean;
    readonly double _dailyAmplitude;
    readonly double _noise;
    readonly int _seed;

    /// <summary>Creates the model.</summary>
    /// <param name="mean">The mean water temperature over a year in °C.</param>
    /// <param name="dailyAmplitude">Half the daily swing in °C.</param>
    /// <param name="noise">The standard deviation of the sensor noise in °C.</param>
    /// <param name="seed">The seed of the noise.</param>
    public PoolModel(double mean = 24.0, double dailyAmplitude = 1.2, double noise = 0.04, int seed = 1)
    {
        _mean = mean;
        _dailyAmplitude = dailyAmplitude;
        _noise = noise;
        _seed = seed;
    }

    /// <summary>The simulated water temperature in °C at <paramref name="unixSeconds"/>.</summary>
    public double CelsiusAt(long unixSeconds)
    {
        const double Day = 86_400.0;
        var days = unixSeconds / Day;
        var daily = Math.Sin(2 * Math.PI * (days - (10.0 / 24.0))); // peaks at 16:00 UTC
        var drift = 0.8 * Math.Sin(2 * Math.PI * days / 9.3) + 0.4 * Math.Sin(2 * Math.PI * days / 3.1);
        var seasonal = 4.0 * Math.Cos(2 * Math.PI * (days - 196) / 365.25); // warmest in mid-July
        return _mean + seasonal + drift + (_dailyAmplitude * daily) + (_noise * Noise(unixSeconds));
    }

    // A hash-based standard-normal-ish value: the same instant always gets the same noise.
    double Noise(long unixSeconds)
    {
        var h = (ulong)unixSeconds * 0x9E3779B97F4A7C15UL ^ (ulong)_seed * 0xC2B2AE3D27D4EB4FUL;
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDUL;
        h ^= h >> 33;
        var u1 = ((h >> 11) + 1) / (double)(1UL << 53);
        h *= 0xC4CEB9FE1A85EC53UL;
        h ^= h >> 33;
        var u2 = (h >> 11) / (double)(1UL << 53);
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
