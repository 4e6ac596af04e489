using DataLogger.Readings;

namespace DataLogger.Alerts;

/// <summary>
/// The watch's rules run over a history, as <c>run</c> runs them live: each row's readings observed in time order, the
/// water's refused reads counted (a value a DS18B20 gives only when a read failed: its power-on 85 °C far from the
/// water's last reading, or one out of its range), the rules evaluated after each row by the alerts' own state machine
/// (<see cref="AlertEvaluator"/>). What <c>datalogger alerts replay</c> prints and the benchmark measures.
/// </summary>
public sealed class AlertReplay
{

    readonly PoolWatch _watch;
    readonly IReadOnlyList<AlertRule> _rules;
    readonly Func<string, string> _titleOf;
    readonly TimeZoneInfo _zone;
    readonly List<AlertNotice> _notices = [];
    AlertBook _book = AlertBook.Empty;
    double? _lastWater;

    /// <summary>Creates the replay of <paramref name="settings"/>' rules.</summary>
    public AlertReplay(WatchSettings settings, Func<string, string>? titleOf = null, TimeZoneInfo? zone = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _titleOf = titleOf ?? (s => s);
        _zone = zone ?? TimeZoneInfo.Utc;
        _watch = new PoolWatch(settings, _titleOf, _zone);
        _rules = PoolWatch.Rules(settings);
    }

    /// <summary>The notices so far, oldest first.</summary>
    public IReadOnlyList<AlertNotice> Notices => _notices;

    /// <summary>
    /// Takes one row of the history: the water's value (refused reads included, as the file has them), the air's and
    /// the heater's when present; then evaluates the rules at its time. Returns the notices it made.
    /// </summary>
    public IReadOnlyList<AlertNotice> Step(long time, double? water, double? air, bool? heater)
    {
        var at = DateTimeOffset.FromUnixTimeSeconds(time);
        var settings = _watch.Settings;
        if (heater is { } on && settings.Heater is { } heaterSeries)
        {
            _watch.Observe(heaterSeries, Reading.Create(Quantity.State, time, on ? 1 : 0));
        }

        if (air is { } a && settings.Air is { } airSeries && a is >= Reading.MinCelsius and <= Reading.MaxCelsius)
        {
            _watch.Observe(airSeries, Reading.Create(time, a));
        }

        if (water is { } w)
        {
            if (RefusedRead(w, _lastWater) is { } reason)
            {
                _watch.Refused(at, reason);
            }
            else
            {
                _watch.Observe(settings.Water, Reading.Create(time, w));
                _lastWater = w;
            }
        }

        var findings = _watch.Findings(at);
        var (book, notices) = AlertEvaluator.Evaluate(_rules, _book, _ => null, _titleOf, at, _zone,
            rule => findings.GetValueOrDefault(rule.Kind));
        _book = book;
        _notices.AddRange(notices);
        return notices;
    }

    /// <summary>Why a value of a water probe is a read that failed, not a reading; null when it is a reading.</summary>
    public static string? RefusedRead(double value, double? previous) => value switch
    {
        < Reading.MinCelsius or > Reading.MaxCelsius => "a value out of the probe's range (disconnected?)",
        Ports.SensorException.PowerOnCelsius when previous is not { } p || Math.Abs(p - Ports.SensorException.PowerOnCelsius) > Ports.SensorException.PowerOnTolerance => "85 °C, the power-on value",
        _ => null,
    };
}
