using System.Globalization;

namespace DataLogger.Device.Sensors;

/// <summary>
/// The temperatures a probe can really report where it is (a pool: about 0 to 40 °C), as weewx's <c>StdQC</c> keeps
/// a range per observation: a value outside it is a fault (a probe out of the water, a bad contact), never a reading.
/// </summary>
/// <param name="Min">The lowest plausible value in °C.</param>
/// <param name="Max">The highest plausible value in °C.</param>
public readonly record struct PlausibleRange(double Min, double Max)
{
    /// <summary>Whether <paramref name="celsius"/> is plausible.</summary>
    public bool Contains(double celsius) => celsius >= Min && celsius <= Max;

    /// <summary>Parses <c>MIN..MAX</c> in °C, such as <c>0..40</c> or <c>-5.5..45</c>.</summary>
    /// <exception cref="FormatException">The text is no such range.</exception>
    public static PlausibleRange Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split("..", 2, StringSplitOptions.TrimEntries);
        return parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var min)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var max)
            && min < max && min >= Readings.Reading.MinCelsius && max <= Readings.Reading.MaxCelsius
                ? new PlausibleRange(min, max)
                : throw new FormatException($"'{text}' is not a range of °C: write MIN..MAX within {Readings.Reading.MinCelsius} to {Readings.Reading.MaxCelsius}, such as 0..40 for a pool");
    }

    /// <summary>The range as its setting is written: <c>0..40</c>.</summary>
    public override string ToString() => FormattableString.Invariant($"{Min}..{Max}");
}
