using System.Globalization;
using System.Text;

namespace DataLogger.Simulation;

/// <summary>
/// A year of a heated outdoor pool, simulated by physics rather than drawn: the air (a seasonal cycle peaking in July,
/// a daily one peaking at 15:00, weather that wanders over a day or two), the sun's gain by day, the heater (a heat
/// pump on from 08:00 to 14:00, April to October, while the water is under 28 °C), and the water following Newton's
/// law toward the air, <c>dT/dt = −k (T − T_air) + sun + heater</c>; read every 5 minutes by a DS18B20 in the water
/// (noise of 0.05 °C, as the reference capture's, in its 1/16 °C steps) and an air probe. With <see cref="Faults"/>,
/// the faults the watch must find are injected at known times: the heater on but not heating, the probe stuck, the
/// probe out of the water (a jump), frost nights (a cold front), and bursts of refused reads. Deterministic for a seed.
/// </summary>
public sealed class PoolYear
{
    /// <summary>The water's cooling toward the air, per hour (an uncovered pool of about 40 m³).</summary>
    public const double Cooling = 0.025;

    /// <summary>The heater's gain, °C an hour.</summary>
    public const double HeaterPower = 0.6;

    /// <summary>The heater's target, °C.</summary>
    public const double Target = 28;

    /// <summary>The value a DS18B20 reports before a conversion finished: what a refused read looks like in the file.</summary>
    public const double PowerOnValue = Ports.SensorException.PowerOnCelsius;

    const int Step = 300;
    readonly int _seed;
    readonly List<Fault> _faults = [];

    /// <summary>Simulates the year from <paramref name="start"/> (UTC), its faults injected or not.</summary>
    public PoolYear(DateTimeOffset start, bool faults, int seed = 1, int days = 365)
    {
        Start = start.ToUniversalTime();
        Days = days;
        _seed = seed;
        if (faults)
        {
            PlanFaults(new Random(seed + 1000));
        }
    }

    /// <summary>The first reading's time.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>How many days it covers.</summary>
    public int Days { get; }

    /// <summary>The faults injected, oldest first (none in a clean year).</summary>
    public IReadOnlyList<Fault> Faults => _faults;

    /// <summary>
    /// The year, a row every 5 minutes: the water's reading (or <see cref="PowerOnValue"/> for a refused read), the
    /// air's, and the heater's state as its relay reports it.
    /// </summary>
    public IEnumerable<Row> Rows()
    {
        var random = new Random(_seed); // each enumeration the same year
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var t0 = Start.ToUnixTimeSeconds();
        var water = 22.0;
        var weather = 0.0;
        var heaterOn = false;
        double? stuckAt = null;
        var steps = Days * 86_400 / Step;
        for (var i = 0; i < steps; i++)
        {
            var t = t0 + ((long)i * Step);
            var time = DateTimeOffset.FromUnixTimeSeconds(t);
            weather = (0.997 * weather) + (0.155 * Normal());
            var air = Air(time, weather) + FrontAt(t);
            var scheduled = time.Month is >= 4 and <= 10 && time.Hour is >= 8 and < 14;
            heaterOn = scheduled && (heaterOn ? water < Target + 0.3 : water < Target);
            var heating = heaterOn && !Active(FaultKind.NotHeating, t) ? HeaterPower : 0;
            water += (Step / 3600.0) * ((-Cooling * (water - air)) + Sun(time) + heating);

            var read = Math.Round((water + (0.05 * Normal())) * 16) / 16;
            stuckAt = Active(FaultKind.Stuck, t) ? stuckAt ?? read : null;
            var reported = stuckAt ?? (Active(FaultKind.Jump, t) ? read + 6 : read);
            var chance = random.NextDouble(); // drawn in both years, so a clean year is the faulted one without its faults
            var refused = Active(FaultKind.Glitches, t) ? i % 2 == 0 : chance < 1.0 / 2016; // a burst, else one a week
            var airRead = Math.Round((air + (0.1 * Normal())) * 16) / 16;
            yield return new Row(t, refused ? PowerOnValue : reported, airRead, heaterOn);
        }
    }

    /// <summary>The year as CSV: <c>time,pool,air,heater</c> (ISO 8601 UTC, °C, °C, 1 or 0), what <c>alerts replay</c> reads.</summary>
    public void WriteCsv(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write("time,pool,air,heater\n");
        var line = new StringBuilder();
        foreach (var row in Rows())
        {
            line.Clear();
            line.Append(CultureInfo.InvariantCulture, $"{DateTimeOffset.FromUnixTimeSeconds(row.Time):yyyy-MM-ddTHH:mm:ssZ},{row.Water:0.####},{row.Air:0.####},{(row.Heater ? 1 : 0)}\n");
            writer.Write(line);
        }
    }

    /// <summary>The faults as CSV: <c>fault,start,end</c>.</summary>
    public void WriteFaultsCsv(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write("fault,start,end\n");
        foreach (var fault in _faults)
        {
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"{fault.Name},{DateTimeOffset.FromUnixTimeSeconds(fault.Start):yyyy-MM-ddTHH:mm:ssZ},{DateTimeOffset.FromUnixTimeSeconds(fault.End):yyyy-MM-ddTHH:mm:ssZ}\n"));
        }
    }

    // A mild climate (winter nights of 5-8 °C, summer days of 28-30 °C).
    static double Air(DateTimeOffset time, double weather)
    {
        var day = time.DayOfYear + (time.TimeOfDay.TotalHours / 24);
        var season = 6 * Math.Cos(2 * Math.PI * (day - 200) / 365.25);
        var daily = 4.5 * Math.Sin(2 * Math.PI * (time.TimeOfDay.TotalHours - 9) / 24);
        return 17 + season + daily + weather;
    }

    // The sun's gain by day, °C an hour: most at noon, more in summer.
    static double Sun(DateTimeOffset time)
    {
        var hour = time.TimeOfDay.TotalHours;
        var height = Math.Max(0, Math.Sin(Math.PI * (hour - 6) / 12));
        return 0.18 * height * (0.6 + (0.4 * Math.Cos(2 * Math.PI * (time.DayOfYear - 172) / 365.25)));
    }

    // A frost night's cold front: the air 16 °C under its usual by 03:00, back over the next day.
    double FrontAt(long t)
    {
        foreach (var fault in _faults)
        {
            if (fault.Kind == FaultKind.Frost && t >= fault.Start && t < fault.End)
            {
                var hours = (t - fault.Start) / 3600.0;
                return hours <= 12 ? -16 * hours / 12 : -16 * Math.Max(0, 1 - ((hours - 12) / 24));
            }
        }

        return 0;
    }

    bool Active(FaultKind kind, long t) => _faults.Any(f => f.Kind == kind && t >= f.Start && t < f.End);

    // Six heater days, four stuck probes, three jumps, three frost nights, four glitch bursts, spread over the year.
    void PlanFaults(Random random)
    {
        var t0 = Start.ToUnixTimeSeconds();
        long At(int day, double hour) => t0 + (day * 86_400L) + (long)(hour * 3600);
        foreach (var day in new[] { 100, 130, 160, 190, 220, 250 })
        {
            var d = day + random.Next(0, 10);
            _faults.Add(new Fault(FaultKind.NotHeating, At(d, 8), At(d, 14)));
        }

        foreach (var day in new[] { 40, 140, 240, 330 })
        {
            var start = At(day + random.Next(0, 10), random.Next(0, 24) + 0.25);
            _faults.Add(new Fault(FaultKind.Stuck, start, start + (12 * 3600)));
        }

        foreach (var day in new[] { 70, 180, 290 })
        {
            var start = At(day + random.Next(0, 10), 11 + random.Next(0, 5));
            _faults.Add(new Fault(FaultKind.Jump, start, start + (2 * 3600)));
        }

        foreach (var day in new[] { 15, 45, 340 })
        {
            var start = At(day + random.Next(0, 5), 15);
            _faults.Add(new Fault(FaultKind.Frost, start, start + (36 * 3600)));
        }

        foreach (var day in new[] { 60, 120, 200, 310 })
        {
            var start = At(day + random.Next(0, 10), random.Next(0, 24));
            _faults.Add(new Fault(FaultKind.Glitches, start, start + (40 * 60)));
        }

        _faults.RemoveAll(f => f.End > At(Days, 0));
        _faults.Sort((a, b) => a.Start.CompareTo(b.Start));
    }

    /// <summary>A row of the year.</summary>
    /// <param name="Time">Unix seconds.</param>
    /// <param name="Water">The water probe's reading, °C (<see cref="PowerOnValue"/>: refused).</param>
    /// <param name="Air">The air probe's reading, °C.</param>
    /// <param name="Heater">The heater's relay.</param>
    public sealed record Row(long Time, double Water, double Air, bool Heater);

    /// <summary>An injected fault.</summary>
    /// <param name="Kind">What it is.</param>
    /// <param name="Start">When it begins, Unix seconds.</param>
    /// <param name="End">When it ends.</param>
    public sealed record Fault(FaultKind Kind, long Start, long End)
    {
        /// <summary>Its name as the alerts name it: <c>not-heating</c>, <c>stuck</c>, ...</summary>
        public string Name => Kind == FaultKind.NotHeating ? "not-heating" : Kind.ToString().ToLowerInvariant();
    }
}

/// <summary>A fault <see cref="PoolYear"/> injects.</summary>
public enum FaultKind
{
    /// <summary>The heater's relay on, the heater giving no heat.</summary>
    NotHeating,

    /// <summary>The probe repeating its last value.</summary>
    Stuck,

    /// <summary>The probe out of the water, in the sun: 6 °C over the water.</summary>
    Jump,

    /// <summary>A cold front: a night whose air falls far under its usual.</summary>
    Frost,

    /// <summary>A burst of refused reads: every other read for 40 minutes.</summary>
    Glitches,
}
