using System.Globalization;
using DataLogger.Readings;

namespace DataLogger.Alerts;

/// <summary>
/// The faults no threshold sees in time, watched on a pool's water series from its own history: a probe that
/// <b>stuck</b> (one value repeated more often than this probe ever repeats it), a <b>jump</b> faster than this water has
/// ever changed, a heater that is on but <b>not heating</b> (the water gains far less than it gains with the heater on,
/// from the same model the forecast learns: Newton's law with the air), <b>frost</b> coming (the air, or the water
/// through the cooling model, forecast to cross a freezing threshold within hours), and <b>glitches</b> (refused reads:
/// 85 °C power-on values, CRC errors, an all-zero scratchpad) above a rate. Fed readings in time order
/// (<see cref="Observe"/>) and refused reads (<see cref="Refused"/>); asked at any time what holds
/// (<see cref="Findings"/>). No I/O: <c>run</c> feeds it live, <c>alerts replay</c> a file, the benchmark a year.
/// </summary>
public sealed class PoolWatch
{
    // What is kept: a week for learning (the water), three days for the air's daily profile.
    static readonly long Learning = (long)TimeSpan.FromDays(7).TotalSeconds;
    static readonly long AirKept = (long)TimeSpan.FromDays(3).TotalSeconds;

    // A month of readings at the usual interval: how rare a run of one value must be, by the probe's own history, to be
    // called stuck (about once in two months by chance).
    const double ChanceRuns = 0.5 / 8640;

    readonly WatchSettings _settings;
    readonly List<(long Time, double Value)> _water = [];
    readonly List<(long Time, double Value)> _air = [];
    readonly List<(long Time, bool On)> _heater = [];
    readonly Queue<(long Time, string Reason)> _refused = new();
    readonly Func<string, string> _titleOf;
    readonly TimeZoneInfo _zone;

    // What is learned, once an hour: how often this probe repeats a value, its largest steps, how fast the heater
    // warms it and how fast it cools toward the air.
    long _learnedAt;
    Learned _learned = Learned.Nothing;
    (long Time, double From, double To, double Bound)? _jump;
    long? _stuckSince;
    (long At, double Value)? _spread;
    long? _frostClearSince;

    /// <summary>Creates the watch of one water series.</summary>
    public PoolWatch(WatchSettings settings, Func<string, string>? titleOf = null, TimeZoneInfo? zone = null)
    {
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _titleOf = titleOf ?? (s => s);
        _zone = zone ?? TimeZoneInfo.Utc;
    }

    /// <summary>What it watches.</summary>
    public WatchSettings Settings => _settings;

    /// <summary>The rules a station with these series has by default: each watched kind whose series are there.</summary>
    public static IReadOnlyList<AlertRule> Rules(WatchSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var rules = new List<AlertRule>
        {
            new(settings.Water, AlertKind.Stuck, null),
            new(settings.Water, AlertKind.Jump, null),
            new(settings.Water, AlertKind.Glitches, null),
        };
        if (settings.Heater is not null)
        {
            rules.Add(new AlertRule(settings.Water, AlertKind.NotHeating, null));
        }

        if (settings.Air is not null)
        {
            rules.Add(new AlertRule(settings.Air, AlertKind.Frost, null));
        }

        return rules;
    }


    /// <summary>Takes a reading of the water, the air or the heater (others are ignored), in time order per series.</summary>
    public void Observe(string series, Reading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        if (series == _settings.Water && reading.IsTemperature)
        {
            ObserveWater(reading.Timestamp, reading.Celsius);
        }
        else if (series == _settings.Air && reading.IsTemperature)
        {
            if (_air.Count == 0 || reading.Timestamp > _air[^1].Time)
            {
                _air.Add((reading.Timestamp, reading.Celsius));
                Trim(_air, reading.Timestamp - AirKept);
            }
        }
        else if (series == _settings.Heater)
        {
            var on = reading.Value >= 0.5;
            if (_heater.Count == 0 || (reading.Timestamp > _heater[^1].Time && _heater[^1].On != on))
            {
                _heater.Add((reading.Timestamp, on));
                while (_heater.Count > 2 && _heater[1].Time < reading.Timestamp - Learning)
                {
                    _heater.RemoveAt(0);
                }
            }
        }
    }

    /// <summary>Takes a read of the water's probe that was refused (<paramref name="reason"/>: what the sensor said).</summary>
    public void Refused(DateTimeOffset at, string reason)
    {
        _refused.Enqueue((at.ToUnixTimeSeconds(), reason));
        while (_refused.Count > 0 && _refused.Peek().Time < at.ToUnixTimeSeconds() - 3600)
        {
            _refused.Dequeue();
        }
    }

    void ObserveWater(long time, double value)
    {
        if (_water.Count > 0 && time <= _water[^1].Time)
        {
            return;
        }

        Learn(time);
        if (_water.Count > 0)
        {
            var (lastTime, last) = _water[^1];
            var step = Math.Abs(value - last);
            if (time - lastTime <= 1800 && _learned.Step is { } bound && step > bound)
            {
                _jump = (time, last, value, bound);
            }

            _stuckSince = value == last ? _stuckSince ?? lastTime : null;
        }

        _water.Add((time, value));
        Trim(_water, time - Learning - 3600);
    }

    /// <summary>What each of the watch's rules finds at <paramref name="now"/>, by its kind; a rule without what it needs is left out.</summary>
    public IReadOnlyDictionary<AlertKind, WatchFinding> Findings(DateTimeOffset now)
    {
        var t = now.ToUnixTimeSeconds();
        var findings = new Dictionary<AlertKind, WatchFinding>();
        var title = _titleOf(_settings.Water);
        if (_water.Count > 0 && t - _water[^1].Time <= 3600)
        {
            findings[AlertKind.Stuck] = Stuck(title);
            findings[AlertKind.Jump] = Jump(title, t);
            if (NotHeating(title, t) is { } notHeating)
            {
                findings[AlertKind.NotHeating] = notHeating;
            }
        }

        if (Frost(t) is { } frost)
        {
            findings[AlertKind.Frost] = frost;
        }

        findings[AlertKind.Glitches] = Glitches(title, t);
        return findings;
    }

    WatchFinding Stuck(string title)
    {
        var (time, value) = _water[^1];
        var run = 1;
        for (var i = _water.Count - 2; i >= 0 && _water[i].Value == value; i--)
        {
            run++;
        }

        // By this probe's own repeats; sooner while the water was moving before the run (the heater, the sun, the
        // night's cooling): a run that should have crossed two of the probe's steps is no plateau.
        // Moving steadily: the same way at a like rate in each of the two hours before (not turning, as at the day's
        // warmest), the heater unchanged since.
        var since = _stuckSince ?? time;
        var moving = !HeaterChanged(since - 7200, time)
            && Slope(_water, since - 7200, since - 3600) is { } before && Slope(_water, since - 3600, since) is { } last
            && Slope(_water, since - 7200, since, out var error) is { } both && Math.Abs(both) >= 4 * error
            && Math.Sign(before) == Math.Sign(last)
            && Math.Min(Math.Abs(before), Math.Abs(last)) * (time - since) / 3600 >= 2 * Step16;
        var needed = moving ? _settings.StuckReadings : _learned.StuckRun(_settings.StuckReadings);
        return new WatchFinding(
            run >= needed,
            At(time),
            $"{title}: the probe may be stuck at {Celsius(value)}",
            string.Create(CultureInfo.InvariantCulture, $"{title} has read {Celsius(value)} {run} times in a row since {When(since, time)}, where this probe always varies a little: check the probe first (its cable and connector; a probe that stops converting repeats its last value), then the reader."),
            $"{title}: the probe varies again",
            $"{title} reads {Celsius(value)} at {When(time, time)}, a new value after a run of the same one.");
    }

    // A DS18B20's step at 12 bits.
    const double Step16 = 0.0625;

    bool HeaterChanged(long from, long to) => _heater.Any(h => h.Time > from && h.Time <= to);

    WatchFinding Jump(string title, long now)
    {
        var holds = _jump is { } j && now - j.Time < 3600;
        var (time, from, to, bound) = _jump ?? (now, 0, 0, 0);
        return new WatchFinding(
            holds,
            At(time),
            string.Create(CultureInfo.InvariantCulture, $"{title} jumped {Celsius(Math.Abs(to - from))}"),
            string.Create(CultureInfo.InvariantCulture, $"{title} went from {Celsius(from)} to {Celsius(to)} at {When(time, now)}, faster than this water has changed in a week (at most {Celsius(bound)} a reading): check that the probe is still in the water and in the shade, then its cable."),
            $"{title} is steady again",
            $"{title} has changed no faster than usual for an hour.");
    }

    WatchFinding? NotHeating(string title, long now)
    {
        if (_settings.Heater is null || _heater.Count == 0 || !_heater[^1].On)
        {
            return _settings.Heater is null ? null : Heating(false, now, title, 0, 0);
        }

        var onSince = _heater[^1].Time;
        if (now - onSince < _settings.NotHeatingAfter.TotalSeconds || _learned.Expected(this, now) is not { } expected || expected < 0.15)
        {
            return Heating(false, now, title, 0, 0);
        }

        // Fires under a third of what the heater gives; clears over 60% of it (the sun's noon gain is no repair).
        var measured = Slope(_water, now - (long)(_settings.NotHeatingAfter.TotalSeconds * 0.8), now);
        return Heating(measured is { } rate && rate < 0.35 * expected, now, title, measured ?? 0, expected, onSince, clears: measured is not { } r || r >= 0.6 * expected);
    }

    WatchFinding Heating(bool holds, long now, string title, double measured, double expected, long onSince = 0, bool clears = true) => new(
        holds,
        At(now),
        $"{title} is not heating",
        string.Create(CultureInfo.InvariantCulture, $"The heater has been on since {When(onSince, now)}, but {title} {(measured > 0 ? $"gains {measured:0.00} °C an hour" : $"is not warming ({measured:0.00} °C an hour)")} where it gains {expected:0.00} °C an hour with the heater on: check the heater's flow (the pump running, the filter clean, the valves) and its breaker first, then its setpoint."),
        $"{title} is heating again",
        $"{title} warms as the heater should again, or the heater is off.",
        Clears: !holds && clears);

    WatchFinding? Frost(long now)
    {
        if (_settings.Air is null || _air.Count < 12 || now - _air[^1].Time > 3600)
        {
            return null;
        }

        var title = _titleOf(_settings.Air);
        var air = _air[^1].Value;
        var hours = _settings.FrostWithin.TotalHours;
        var profile = DailyProfile();
        // A departure from the usual day counts when it is unusual for this air (a front, not the weather's wander).
        var offsetRate = OffsetRate(profile, now);
        offsetRate = Math.Abs(offsetRate) > 2 * OffsetSpread(profile, now) ? offsetRate : 0;
        double? waterAt = _water.Count > 0 && now - _water[^1].Time <= 3600 ? _water[^1].Value : null;
        var k = _learned.Cooling ?? 0.02;
        (double Hours, double Air, double? Water)? first = null;
        var lowest = air;
        var water = waterAt;
        for (var h = 0.5; h <= hours + 1e-9; h += 0.5)
        {
            var forecast = air + Profile(profile, now + (long)(h * 3600)) - Profile(profile, now) + (offsetRate * Math.Min(h, 4));
            lowest = Math.Min(lowest, forecast);
            water = water is { } w ? forecast + ((w - forecast) * Math.Exp(-k * 0.5)) : null;
            if (first is null && (forecast <= _settings.FrostAir || water <= _settings.FrostWater))
            {
                first = (h, forecast, water);
            }
        }

        // Clear: no frost within a degree, for two hours (a front's second night does not flap).
        var clear = lowest > _settings.FrostAir + 1 && (water is null || water > _settings.FrostWater + 1);
        _frostClearSince = clear ? _frostClearSince ?? now : null;
        clear = clear && now - _frostClearSince >= 7200;
        var at = first?.Hours ?? 0;
        var what = first is { Water: { } wf } && wf <= _settings.FrostWater
            ? $"the water ({_titleOf(_settings.Water)}) to reach {Celsius(_settings.FrostWater)}"
            : $"{title} to reach {Celsius(_settings.FrostAir)}";
        return new WatchFinding(
            first is not null,
            At(now),
            $"Frost expected: {title} {Celsius(_settings.FrostAir)} by {When(now + (long)(at * 3600), now)}",
            string.Create(CultureInfo.InvariantCulture, $"{title} is {Celsius(air)} at {When(now, now)} and falling; expect {what} around {When(now + (long)(at * 3600), now)} (in about {at:0.#} hours): keep the pump running through the night (or drain the exposed pipes) and cover what can freeze."),
            $"{title}: no frost expected",
            string.Create(CultureInfo.InvariantCulture, $"{title} is {Celsius(air)} at {When(now, now)}; no frost is expected in the next {hours:0} hours."),
            Clears: clear);
    }

    WatchFinding Glitches(string title, long now)
    {
        var lastHour = _refused.Where(r => r.Time > now - 3600).ToList();
        var reasons = string.Join("; ", lastHour.GroupBy(r => r.Reason).OrderByDescending(g => g.Count()).Take(2).Select(g => g.Count() == 1 ? g.Key : $"{g.Key} ({g.Count()}x)"));
        return new WatchFinding(
            lastHour.Count >= _settings.GlitchesPerHour,
            At(now),
            string.Create(CultureInfo.InvariantCulture, $"{title}'s probe: {lastHour.Count} bad reads in an hour"),
            string.Create(CultureInfo.InvariantCulture, $"{lastHour.Count} reads of {title}'s probe were refused in the last hour ({reasons}): check the wiring first (the 4.7 kΩ pull-up, a loose connector, a long cable), then the Pi's 3.3 V supply."),
            $"{title}'s probe reads cleanly again",
            $"No read of {title}'s probe was refused in the last hour.",
            Clears: lastHour.Count == 0);
    }

    // Relearns once an hour from the week kept.
    void Learn(long now)
    {
        if (now - _learnedAt < 3600)
        {
            return;
        }

        _learnedAt = now;
        _learned = Learned.From(_water, _air, _heater, _jump is { } j ? j.Time : null);
    }

    // The air's mean by hour of the day over the days kept, relative to its mean; null below a day of readings.
    double[]? DailyProfile()
    {
        if (_air.Count < 2 || _air[^1].Time - _air[0].Time < 86_400)
        {
            return null;
        }

        var sums = new double[24];
        var counts = new int[24];
        foreach (var (time, value) in _air)
        {
            var hour = (int)(time / 3600 % 24);
            sums[hour] += value;
            counts[hour]++;
        }

        if (counts.Any(c => c == 0))
        {
            return null;
        }

        var profile = sums.Select((s, i) => s / counts[i]).ToArray();
        var mean = profile.Average();
        return [.. profile.Select(p => p - mean)];
    }

    // The profile at a time, between its hours.
    static double Profile(double[]? profile, long time)
    {
        if (profile is null)
        {
            return 0;
        }

        var hours = time % 86_400 / 3600.0;
        var h = (int)Math.Floor(hours - 0.5 + 24) % 24;
        var f = (hours - 0.5 + 24) % 1;
        return (profile[h] * (1 - f)) + (profile[(h + 1) % 24] * f);
    }

    // How fast the air departs from its usual day over the last three hours, °C an hour (a cold front: negative).
    double OffsetRate(double[]? profile, long now)
    {
        var offsets = _air.Where(a => a.Time > now - (3 * 3600)).Select(a => (a.Time, a.Value - Profile(profile, a.Time))).ToList();
        return offsets.Count >= 6 ? Slope(offsets, now - (3 * 3600), now) ?? 0 : 0;
    }

    // How much the air's departure from its usual day moves in three hours, as a standard deviation of its rate over
    // the days kept (hourly), °C an hour; the departure's rate beyond twice this is a front.
    double OffsetSpread(double[]? profile, long now)
    {
        if (profile is null)
        {
            return double.PositiveInfinity;
        }

        if (_spread is { } known && now - known.At < 3600)
        {
            return known.Value;
        }

        var offsets = _air.Select(a => (a.Time, a.Value - Profile(profile, a.Time))).ToList();
        var rates = new List<double>();
        for (var end = now - 3600; end - (3 * 3600) >= _air[0].Time; end -= 3600)
        {
            if (Slope(offsets, end - (3 * 3600), end) is { } rate)
            {
                rates.Add(rate);
            }
        }

        var spread = rates.Count >= 12 ? Math.Sqrt(rates.Sum(r => r * r) / rates.Count) : double.PositiveInfinity;
        _spread = (now, spread);
        return spread;
    }

    /// <summary>The least-squares slope in °C an hour of the points in <c>(from, to]</c>; null under four points.</summary>
    internal static double? Slope(IReadOnlyList<(long Time, double Value)> points, long from, long to) => Slope(points, from, to, out _);

    /// <summary>The least-squares slope with its standard error (<paramref name="error"/>, °C an hour).</summary>
    internal static double? Slope(IReadOnlyList<(long Time, double Value)> points, long from, long to, out double error)
    {
        error = double.PositiveInfinity;
        double n = 0, st = 0, sv = 0, stt = 0, stv = 0;
        for (var i = points.Count - 1; i >= 0 && points[i].Time > from; i--)
        {
            if (points[i].Time > to)
            {
                continue;
            }

            var x = (points[i].Time - to) / 3600.0;
            n++;
            st += x;
            sv += points[i].Value;
            stt += x * x;
            stv += x * points[i].Value;
        }

        var d = (n * stt) - (st * st);
        if (n < 4 || d <= 0)
        {
            return null;
        }

        var slope = ((n * stv) - (st * sv)) / d;
        var intercept = (sv - (slope * st)) / n;
        double residuals = 0;
        for (var i = points.Count - 1; i >= 0 && points[i].Time > from; i--)
        {
            if (points[i].Time <= to)
            {
                var e = points[i].Value - (intercept + (slope * (points[i].Time - to) / 3600.0));
                residuals += e * e;
            }
        }

        error = Math.Sqrt(residuals / (n - 2) / (stt - (st * st / n)));
        return slope;
    }

    static void Trim(List<(long Time, double Value)> list, long before)
    {
        var drop = 0;
        while (drop < list.Count && list[drop].Time < before)
        {
            drop++;
        }

        if (drop > 512 || drop == list.Count)
        {
            list.RemoveRange(0, drop);
        }
    }

    static DateTimeOffset At(long time) => DateTimeOffset.FromUnixTimeSeconds(time);

    static string Celsius(double value) => value.ToString("0.0#", CultureInfo.InvariantCulture) + " °C";

    string When(long time, long now)
    {
        var local = TimeZoneInfo.ConvertTime(At(time), _zone);
        return local.ToString(local.Date == TimeZoneInfo.ConvertTime(At(now), _zone).Date ? "HH:mm" : "HH:mm ddd d MMM", CultureInfo.InvariantCulture);
    }

    // What a week of the water, the air and the heater teaches.
    sealed record Learned(double? RepeatChance, double? Step, double? Cooling, double? Heating)
    {
        public static Learned Nothing { get; } = new(null, null, null, null);

        const int LeastToLearn = 144;

        // The longest run of one value in the week (a plateau's: the water still, at the middle of a step).
        public int LongestRun { get; init; }

        // How many readings of one value in a row are as rare as ChanceRuns for this probe, and longer than any run of
        // the week (at least the setting).
        public int StuckRun(int least) => RepeatChance switch
        {
            null => least * 2,
            <= 0 => least,
            >= 0.95 => int.MaxValue,
            var p => Math.Max(Math.Max(least, (LongestRun * 3 / 2) + 1), 1 + (int)Math.Ceiling(Math.Log(ChanceRuns) / Math.Log(p.Value))),
        };

        // The rate the heater should give now: its learned power less the cooling toward the air.
        public double? Expected(PoolWatch watch, long now)
        {
            if (Heating is not { } power)
            {
                return null;
            }

            if (Cooling is { } k && watch._air.Count > 0 && now - watch._air[^1].Time <= 3600 && watch._water.Count > 0)
            {
                return power - (k * (watch._water[^1].Value - watch._air[^1].Value));
            }

            return power;
        }

        public static Learned From(List<(long Time, double Value)> water, List<(long Time, double Value)> air, List<(long Time, bool On)> heater, long? jumpAt)
        {
            // Half a day at least (AWS's render has the day of its query; run has the week).
            if (water.Count < LeastToLearn)
            {
                return Nothing;
            }

            // Repeats and steps, between readings at most 30 minutes apart (a jump is no step of this water's).
            int pairs = 0, repeats = 0, run = 1, longest = 1;
            var steps = new List<double>(water.Count);
            for (var i = 1; i < water.Count; i++)
            {
                if (water[i].Time - water[i - 1].Time > 1800 || water[i].Time == jumpAt)
                {
                    continue;
                }

                pairs++;
                var same = water[i].Value == water[i - 1].Value;
                repeats += same ? 1 : 0;
                run = same ? run + 1 : 1;
                longest = Math.Max(longest, run);
                steps.Add(Math.Abs(water[i].Value - water[i - 1].Value));
            }

            steps.Sort();
            double? step = steps.Count >= LeastToLearn ? Math.Max(1.0, 4 * steps[(int)(steps.Count * 0.999)]) : null;
            var k = LearnCooling(water, air, heater);
            return new Learned(pairs >= LeastToLearn ? (double)repeats / pairs : null, step, k, LearnHeating(water, air, heater, k)) { LongestRun = longest };
        }

        // k from the hours the heater was off and the water cooled while warmer than the air: dT/dt = -k (T - Tair).
        static double? LearnCooling(List<(long Time, double Value)> water, List<(long Time, double Value)> air, List<(long Time, bool On)> heater)
        {
            if (air.Count < 12)
            {
                return null;
            }

            double sum = 0, squares = 0;
            var windows = 0;
            for (var end = water[^1].Time; end - 3600 >= water[0].Time && end > air[0].Time; end -= 3600)
            {
                if (IsOn(heater, end - 3600, end) || Slope(water, end - 3600, end) is not { } rate || rate >= -0.03 || Mean(air, end - 3600, end) is not { } airMean)
                {
                    continue;
                }

                var above = (Mean(water, end - 3600, end) ?? airMean) - airMean;
                if (above > 1)
                {
                    sum += rate * above;
                    squares += above * above;
                    windows++;
                }
            }

            var k = windows >= 4 && squares > 0 ? -sum / squares : 0;
            return k is > 1.0 / 1000 and < 2 ? k : null;
        }

        // The heater's power, °C an hour: the median over the heater's hours (from 15 minutes after it went on) of the
        // rate plus the cooling it made up for.
        static double? LearnHeating(List<(long Time, double Value)> water, List<(long Time, double Value)> air, List<(long Time, bool On)> heater, double? k)
        {
            var powers = new List<double>();
            for (var i = 0; i < heater.Count; i++)
            {
                if (!heater[i].On)
                {
                    continue;
                }

                var until = i + 1 < heater.Count ? heater[i + 1].Time : water[^1].Time;
                for (var end = heater[i].Time + 900 + 2700; end <= until; end += 2700)
                {
                    if (Slope(water, end - 2700, end) is { } rate)
                    {
                        var loss = k is { } cooling && Mean(air, end - 2700, end) is { } airMean && Mean(water, end - 2700, end) is { } w ? cooling * (w - airMean) : 0;
                        powers.Add(rate + loss);
                    }
                }
            }

            if (powers.Count < 3)
            {
                return null;
            }

            powers.Sort();
            return powers[powers.Count / 2];
        }

        static bool IsOn(List<(long Time, bool On)> heater, long from, long to)
        {
            var on = false;
            foreach (var (time, state) in heater)
            {
                if (time > to)
                {
                    break;
                }

                if (time <= from)
                {
                    on = state;
                }
                else if (state)
                {
                    return true;
                }
            }

            return on;
        }

        static double? Mean(List<(long Time, double Value)> points, long from, long to)
        {
            double sum = 0;
            var n = 0;
            var i = Search(points, from);
            for (; i < points.Count && points[i].Time <= to; i++)
            {
                sum += points[i].Value;
                n++;
            }

            return n > 0 ? sum / n : null;
        }

        // The first index whose time is after from.
        static int Search(List<(long Time, double Value)> points, long from)
        {
            int lo = 0, hi = points.Count;
            while (lo < hi)
            {
                var mid = (lo + hi) / 2;
                if (points[mid].Time <= from)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            return lo;
        }
    }
}

/// <summary>What a rule of <see cref="PoolWatch"/> finds at a time, with what to tell when it fires and when it clears.</summary>
/// <param name="Holds">Whether the fault is there.</param>
/// <param name="At">The time it is about.</param>
/// <param name="Subject">The firing notice's headline.</param>
/// <param name="Message">The firing notice: what is wrong and what to check first.</param>
/// <param name="ResolvedSubject">The resolved notice's headline.</param>
/// <param name="ResolvedMessage">The resolved notice.</param>
/// <param name="Clears">Whether a firing alert may resolve now (a rule with a margin says no while inside it); by default when it does not hold.</param>
public sealed record WatchFinding(bool Holds, DateTimeOffset At, string Subject, string Message, string ResolvedSubject, string ResolvedMessage, bool? Clears = null)
{
    /// <summary>Whether a firing alert resolves on this finding.</summary>
    public bool Resolves => Clears ?? !Holds;
}

/// <summary>What <see cref="PoolWatch"/> watches and how closely: on by default where a station has what a rule needs.</summary>
/// <param name="Water">The water's temperature series.</param>
public sealed record WatchSettings(string Water)
{
    /// <summary>
    /// What a station watches by default: its water is its first temperature that is no other's air, with that
    /// water's goal's <c>ambient</c> series as its air and the station's first state series as its heater; null
    /// without a water.
    /// </summary>
    public static WatchSettings? For(Station station, IReadOnlyDictionary<string, Forecasting.HeatingGoal>? goals)
    {
        ArgumentNullException.ThrowIfNull(station);
        var airs = goals?.Values.Select(g => g.Ambient).OfType<string>().ToHashSet(StringComparer.Ordinal) ?? [];
        return station.Temperatures.FirstOrDefault(s => !airs.Contains(s)) is { } water
            ? new WatchSettings(water) { Air = goals?.GetValueOrDefault(water)?.Ambient, Heater = station.Series.FirstOrDefault(s => station.QuantityOf(s).IsState) }
            : null;
    }

    /// <summary>The air's series (frost; the cooling model of not heating), or null.</summary>
    public string? Air { get; init; }

    /// <summary>The heater's state series (not heating), or null.</summary>
    public string? Heater { get; init; }

    /// <summary>The fewest readings of one value in a row called stuck; more when this probe repeats values more often.</summary>
    public int StuckReadings { get; init; } = 6;

    /// <summary>How long the heater is on before its rate is judged.</summary>
    public TimeSpan NotHeatingAfter { get; init; } = TimeSpan.FromMinutes(45);

    /// <summary>The air's freezing threshold, °C.</summary>
    public double FrostAir { get; init; }

    /// <summary>The water's freezing threshold, °C.</summary>
    public double FrostWater { get; init; } = 2;

    /// <summary>How far ahead frost is looked for.</summary>
    public TimeSpan FrostWithin { get; init; } = TimeSpan.FromHours(6);

    /// <summary>How many refused reads in an hour are glitches worth a notice.</summary>
    public int GlitchesPerHour { get; init; } = 3;
}
