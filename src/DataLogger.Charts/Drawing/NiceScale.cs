namespace DataLogger.Charts.Drawing;

/// <summary>
/// An axis range and its ticks at "nice" steps (1, 2, 2.5 or 5 times a power of ten), like matplotlib's
/// <c>MaxNLocator</c>: the data range plus a 5 % margin, never narrower than <c>minimumSpan</c>.
/// </summary>
sealed record NiceScale(double Min, double Max, double Step, IReadOnlyList<double> Ticks, int Decimals)
{
    static readonly double[] Mantissas = [1, 2, 2.5, 5, 10];

    /// <summary>Fits a scale to data between <paramref name="dataMin"/> and <paramref name="dataMax"/>.</summary>
    public static NiceScale Fit(double dataMin, double dataMax, double minimumSpan = 1.0, int maxTicks = 8)
    {
        if (dataMax < dataMin)
        {
            (dataMin, dataMax) = (dataMax, dataMin);
        }

        var span = dataMax - dataMin;
        var margin = span * 0.05;
        double min = dataMin - margin, max = dataMax + margin;
        if (max - min < minimumSpan)
        {
            var middle = (dataMin + dataMax) / 2;
            min = middle - (minimumSpan / 2);
            max = middle + (minimumSpan / 2);
        }

        return WithTicks(min, max, maxTicks);
    }

    /// <summary>Ticks at a nice step within <c>[min, max]</c>, at most <paramref name="maxTicks"/> of them.</summary>
    public static NiceScale WithTicks(double min, double max, int maxTicks = 8)
    {
        var raw = (max - min) / Math.Max(1, maxTicks);
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = magnitude * 10;
        foreach (var mantissa in Mantissas)
        {
            if (mantissa * magnitude >= raw * 0.999)
            {
                step = mantissa * magnitude;
                break;
            }
        }

        var ticks = new List<double>();
        for (var tick = Math.Ceiling((min / step) - 1e-9) * step; tick <= max + (step * 1e-9); tick += step)
        {
            ticks.Add(Math.Round(tick / step) * step); // no drift: 24.499999 becomes 24.5
        }

        // Decimals enough to tell ticks apart: 0.5 steps need one, 0.25 steps two.
        var decimals = 0;
        while (decimals < 6 && Math.Abs((step * Math.Pow(10, decimals)) - Math.Round(step * Math.Pow(10, decimals))) > 1e-6)
        {
            decimals++;
        }

        return new NiceScale(min, max, step, ticks, decimals);
    }
}
