using System.Diagnostics;
using System.Globalization;
using DataLogger.Alerts;
using DataLogger.Simulation;

namespace DataLogger.Bench;

/// <summary>
/// The watch's rules over a simulated year of a heated pool (<see cref="PoolYear"/>: Newton's law with the air's daily
/// and seasonal cycle, the heater's schedule, the DS18B20's noise and 1/16 °C steps), replayed as <c>alerts replay</c>
/// replays a file: the year with faults injected at known times, for how soon each is found, and the same year without
/// them, for the notices that should not have been sent. Several seeds, each a different year.
/// </summary>
static class AlertsBenchmark
{
    public static Task RunAsync(int seeds)
    {
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var settings = new WatchSettings("pool") { Air = "air", Heater = "heater" };
        var delays = new Dictionary<string, List<double>>();
        var missed = new Dictionary<string, int>();
        var falseNotices = new List<int>();
        var falseByKind = new Dictionary<string, int>();
        var times = new Samples("replay of a year (105,120 rows)");
        for (var seed = 1; seed <= seeds; seed++)
        {
            var faulted = new PoolYear(start, faults: true, seed);
            var stopwatch = Stopwatch.StartNew();
            var notices = Replay(faulted, settings);
            times.Add(stopwatch.Elapsed.TotalMilliseconds);
            foreach (var fault in faulted.Faults)
            {
                // Found: the first firing notice of its kind from its start to an hour after its end.
                var found = notices.FirstOrDefault(n => n.IsFiring && n.Kind == fault.Name
                    && n.At.ToUnixTimeSeconds() >= fault.Start && n.At.ToUnixTimeSeconds() <= fault.End + 3600);
                if (found is null)
                {
                    missed[fault.Name] = missed.GetValueOrDefault(fault.Name) + 1;
                    continue;
                }

                var list = delays.TryGetValue(fault.Name, out var l) ? l : delays[fault.Name] = [];
                list.Add(fault.Kind == FaultKind.Frost
                    ? (FrostCrossing(faulted, fault) - found.At.ToUnixTimeSeconds()) / 3600.0 // hours ahead
                    : (found.At.ToUnixTimeSeconds() - fault.Start) / 60.0); // minutes after
            }

            // A frost notice before a night that did freeze is right, in a clean year too: false only when the air
            // stayed above the threshold through the hours it looked ahead.
            var cleanYear = new PoolYear(start, faults: false, seed);
            var rows = cleanYear.Rows().ToList();
            var clean = Replay(cleanYear, settings).Where(n => n.IsFiring && !(n.Kind == "frost" && rows.Any(r =>
                r.Time >= n.At.ToUnixTimeSeconds() && r.Time <= n.At.ToUnixTimeSeconds() + (long)settings.FrostWithin.TotalSeconds && r.Air <= settings.FrostAir))).ToList();
            falseNotices.Add(clean.Count);
            foreach (var notice in clean)
            {
                falseByKind[notice.Kind] = falseByKind.GetValueOrDefault(notice.Kind) + 1;
                if (seed == 1)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  clean year, seed 1: {notice.At:yyyy-MM-dd HH:mm} {notice.Message}"));
                }
            }

            if (seed == 1)
            {
                foreach (var notice in notices.Where(n => n.IsFiring).Take(40))
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  faulted year, seed 1: {notice.At:yyyy-MM-dd HH:mm} {notice.Kind}: {notice.Message}"));
                }
            }
        }

        Console.WriteLine(times);
        foreach (var (name, list) in delays.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            list.Sort();
            var unit = name == "frost" ? "hours ahead of the air crossing 0 °C" : name == "stuck" || name == "jump" ? "minutes (a reading each 5)" : "minutes";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name}: found {list.Count} of {list.Count + missed.GetValueOrDefault(name)}; {unit}: median {list[list.Count / 2]:0.#}, worst {(name == "frost" ? list[0] : list[^1]):0.#}"));
        }

        foreach (var (name, count) in missed.Where(m => !delays.ContainsKey(m.Key)))
        {
            Console.WriteLine($"{name}: found 0 of {count}");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"false notices over the clean years: {string.Join(", ", falseNotices)} (a year each; {falseNotices.Average() / 12:0.##} a month), by kind: {string.Join(", ", falseByKind.Select(k => $"{k.Key} {k.Value}"))}"));
        return Task.CompletedTask;
    }

    static List<AlertNotice> Replay(PoolYear year, WatchSettings settings)
    {
        var replay = new AlertReplay(settings);
        foreach (var row in year.Rows())
        {
            replay.Step(row.Time, row.Water, row.Air, row.Heater);
        }

        return [.. replay.Notices];
    }

    // When the air first fell to 0 °C during a frost fault.
    static long FrostCrossing(PoolYear year, PoolYear.Fault fault) =>
        year.Rows().First(r => r.Time >= fault.Start && r.Air <= 0).Time;
}
