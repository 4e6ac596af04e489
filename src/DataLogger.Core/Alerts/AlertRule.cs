using System.Globalization;

namespace DataLogger.Alerts;

/// <summary>
/// One alert of one series: below or above a threshold (with a hysteresis, so a reading hovering at the threshold
/// does not fire and resolve over and over, and an optional time the condition must hold first, so a single noisy
/// reading does not fire), or offline (no reading for a while).
/// </summary>
/// <param name="Series">The series watched.</param>
/// <param name="Kind">What is watched.</param>
/// <param name="Threshold">The threshold in the unit of what the series measures, °C for a temperature (null for <see cref="AlertKind.Offline"/>).</param>
public sealed record AlertRule(string Series, AlertKind Kind, double? Threshold)
{
    /// <summary>What the series measures: the unit of the threshold, the hysteresis and the notices.</summary>
    public Readings.Quantity Quantity { get; init; } = Readings.Quantity.Temperature;

    /// <summary>A value of the series as a notice and the rule write it: <c>10 °C</c>, <c>7.2 pH</c>, <c>45%</c>.</summary>
    public string Format(double value) => Quantity.IsTemperature
        ? value.ToString("0.0##", CultureInfo.InvariantCulture) + " °C"
        : Quantity.Format(value);

    /// <summary>The default hysteresis: a <c>below 10</c> alert resolves only at 10.5 °C or more.</summary>
    public const double DefaultHysteresis = 0.5;

    /// <summary>How far back past the threshold the temperature must come to resolve, in °C.</summary>
    public double Hysteresis { get; init; } = DefaultHysteresis;

    /// <summary>How long the condition must hold before the alert fires (zero: at the first reading that meets it).</summary>
    public TimeSpan For { get; init; } = TimeSpan.Zero;

    /// <summary>For <see cref="AlertKind.Offline"/>: how long without a reading counts as offline.</summary>
    public TimeSpan OfflineAfter { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>While firing, send the notice again this often; null: once.</summary>
    public TimeSpan? Repeat { get; init; }

    /// <summary>The rule's key in the state: <c>pool/below</c>.</summary>
    public string Key => $"{Series}/{Name}";

    /// <summary>The kind as written in settings and notices: <c>below</c>, <c>above</c>, <c>offline</c>, <c>not-heating</c>.</summary>
    public string Name => Kind == AlertKind.NotHeating ? "not-heating" : Kind.ToString().ToLowerInvariant();

    /// <summary>Whether it is one of the watch's rules (<see cref="PoolWatch"/>): its findings, not a threshold, move it.</summary>
    public bool IsWatched => Kind is AlertKind.NotHeating or AlertKind.Stuck or AlertKind.Jump or AlertKind.Frost or AlertKind.Glitches;

    /// <summary>The rule as a person reads it: <c>pool below 10 °C (hysteresis 0.5 °C, for 15m)</c>.</summary>
    public override string ToString() => IsWatched ? $"{Series} {Name}" : Kind == AlertKind.Offline
        ? string.Create(CultureInfo.InvariantCulture, $"{Series} offline after {Time.Durations.Format(OfflineAfter)}{(Repeat is { } r ? $", repeated every {Time.Durations.Format(r)}" : string.Empty)}")
        : string.Create(CultureInfo.InvariantCulture, $"{Series} {Name} {Threshold:0.###} {Quantity.Unit} (hysteresis {Hysteresis:0.###} {Quantity.Unit}{(For > TimeSpan.Zero ? $", for {Time.Durations.Format(For)}" : string.Empty)}{(Repeat is { } every ? $", repeated every {Time.Durations.Format(every)}" : string.Empty)})");
}
