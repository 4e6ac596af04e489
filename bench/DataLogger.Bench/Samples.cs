using System.Diagnostics;
using System.Globalization;

namespace DataLogger.Bench;

/// <summary>Timings of one measured thing, in milliseconds.</summary>
sealed class Samples(string name)
{
    readonly List<double> _ms = [];

    public string Name { get; } = name;

    public double Median
    {
        get
        {
            var sorted = _ms.Order().ToList();
            return sorted.Count == 0 ? double.NaN
                : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2]
                : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        }
    }

    public double Min => _ms.Min();

    public double Max => _ms.Max();

    public int Count => _ms.Count;

    public async Task<T> TimeAsync<T>(Func<Task<T>> action)
    {
        var stopwatch = Stopwatch.StartNew();
        var result = await action();
        _ms.Add(stopwatch.Elapsed.TotalMilliseconds);
        return result;
    }

    public void Add(double milliseconds) => _ms.Add(milliseconds);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Name,-40} median {Median,9:0.0} ms   min {Min,9:0.0}   max {Max,9:0.0}   (n={Count})");
}
