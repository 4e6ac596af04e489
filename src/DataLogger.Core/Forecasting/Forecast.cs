using System.Globalization;

namespace DataLogger.Forecasting;

/// <summary>What a forecast can say about a target.</summary>
public enum ForecastKind
{
    /// <summary>No target, or fewer than an hour of readings: nothing is said.</summary>
    None,

    /// <summary>The temperature is not moving (its rate is within the noise): no time is given.</summary>
    Steady,

    /// <summary>Moving away from the target, or toward it too slowly to reach it.</summary>
    NotAtThisRate,

    /// <summary>Expected at <see cref="Forecast.ReadyBy"/>.</summary>
    Expected,

    /// <summary>At or above the target.</summary>
    Reached,
}

/// <summary>How a time was worked out.</summary>
public enum ForecastModel
{
    /// <summary>The rate of the last hours, carried on in a straight line.</summary>
    Line,

    /// <summary>Newton's law of heating and cooling, with a time constant learned from the series' own cooling.</summary>
    Newton,
}

/// <summary>
/// A series' rate and, with a target, when it is expected to reach it (see <see cref="Trend"/>).
/// </summary>
/// <param name="Kind">What can be said.</param>
/// <param name="RatePerHour">The rate in °C per hour over the last hours, or null with too few readings.</param>
/// <param name="Target">The target in °C, or null.</param>
/// <param name="ReadyBy">When the target is expected, for <see cref="ForecastKind.Expected"/>.</param>
public sealed record Forecast(ForecastKind Kind, double? RatePerHour, double? Target, DateTimeOffset? ReadyBy)
{
    /// <summary>Nothing to say.</summary>
    public static Forecast Nothing { get; } = new(ForecastKind.None, null, null, null);

    /// <summary>How the time was worked out.</summary>
    public ForecastModel Model { get; init; } = ForecastModel.Line;

    /// <summary>The time constant learned for <see cref="ForecastModel.Newton"/>, or null.</summary>
    public TimeSpan? TimeConstant { get; init; }

    /// <summary>The rate as a person reads it: <c>+0.6 °C/h</c>; empty without one.</summary>
    public string RateText => RatePerHour is { } rate
        ? (rate >= 0.05 ? "+" : rate <= -0.05 ? "\u2212" : "\u00B1") + Math.Abs(rate).ToString("0.0", CultureInfo.InvariantCulture) + "\u00A0°C/h"
        : string.Empty;

    /// <summary>
    /// The forecast as a line of text, times in <paramref name="zone"/> relative to <paramref name="now"/>:
    /// <c>28 °C around 16:40, +0.6 °C/h</c>, <c>28 °C: not at this rate, −0.2 °C/h</c>; empty when nothing is said.
    /// </summary>
    public string Describe(TimeZoneInfo zone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var target = Target is { } t ? t.ToString("0.#", CultureInfo.InvariantCulture) + "\u00A0°C" : null;
        var rate = RateText;
        return (Kind, target) switch
        {
            (ForecastKind.Expected, not null) => $"{target} around {Around(ReadyBy!.Value, zone, now)}, {rate}",
            (ForecastKind.NotAtThisRate, not null) => $"{target}: not at this rate, {rate}",
            (ForecastKind.Steady, not null) => $"{target}: steady at {rate}, no time yet",
            (ForecastKind.Reached, not null) => $"{target} reached, {rate}",
            (_, null) when rate.Length > 0 => rate,
            _ => string.Empty,
        };
    }

    // 16:40 today, "16:40 tomorrow", else "16:40 Sat 5 Dec"; rounded to 10 minutes, as an estimate should be.
    static string Around(DateTimeOffset time, TimeZoneInfo zone, DateTimeOffset now)
    {
        var rounded = DateTimeOffset.FromUnixTimeSeconds((long)Math.Round(time.ToUnixTimeSeconds() / 600.0) * 600);
        var local = TimeZoneInfo.ConvertTime(rounded, zone);
        var today = TimeZoneInfo.ConvertTime(now, zone).Date;
        return local.Date == today ? local.ToString("HH:mm", CultureInfo.InvariantCulture)
            : local.Date == today.AddDays(1) ? local.ToString("HH:mm", CultureInfo.InvariantCulture) + " tomorrow"
            : local.ToString("HH:mm ddd d MMM", CultureInfo.InvariantCulture);
    }

    /// <summary>How far ahead a time is still given: beyond it, the target is "not at this rate".</summary>
    public static TimeSpan Horizon { get; } = TimeSpan.FromDays(7);

    internal static Forecast Unknown(double? target) => new(ForecastKind.None, null, target, null);

    /// <summary>The forecast's kind as <c>latest.json</c> and MQTT spell it: <c>expected</c>, <c>not-at-this-rate</c>.</summary>
    public string KindName => NameOf(Kind);

    /// <summary>The kind a name of <see cref="KindName"/> spells; <see cref="ForecastKind.None"/> for any other.</summary>
    public static ForecastKind KindNamed(string? name) => Enum.GetValues<ForecastKind>().FirstOrDefault(k => NameOf(k) == name);

    static string NameOf(ForecastKind kind) => kind == ForecastKind.NotAtThisRate ? "not-at-this-rate" : kind.ToString().ToLowerInvariant();

}
