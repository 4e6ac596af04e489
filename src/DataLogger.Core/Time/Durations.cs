using System.Globalization;

namespace DataLogger.Time;

/// <summary>
/// Parses and formats the short durations used on the command line and in configuration:
/// <c>90s</c>, <c>5m</c>, <c>24h</c>, <c>7d</c>, <c>2w</c>, and combinations such as <c>1h30m</c>.
/// </summary>
public static class Durations
{
    /// <summary>Parses a duration; returns false with a message that shows the accepted forms.</summary>
    public static bool TryParse(string? text, out TimeSpan value, out string? error)
    {
        value = TimeSpan.Zero;
        var s = text?.Trim() ?? string.Empty;
        if (s.Length == 0)
        {
            error = "a duration is required, for example 24h, 7d, 5m or 90s";
            return false;
        }

        if (!TrySumParts(text, s, out var total, out error))
        {
            return false;
        }

        if (total <= 0 || total > TimeSpan.FromDays(36_500).TotalSeconds)
        {
            error = $"'{text}' must be longer than zero and at most 100 years";
            return false;
        }

        value = TimeSpan.FromSeconds(Math.Round(total));
        if (value == TimeSpan.Zero)
        {
            error = $"'{text}' is shorter than one second";
            return false;
        }

        return true;
    }

    // The seconds of every number-and-unit part of s (1h30m is 5400), or false with what is wrong.
    static bool TrySumParts(string? text, string s, out double total, out string? error)
    {
        total = 0.0;
        error = null;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            if (i == start || i == s.Length
                || !double.TryParse(s.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                error = $"'{text}' is not a duration: write a number and a unit (s, m, h, d or w), for example 24h, 7d, 5m or 90s";
                return false;
            }

            if (UnitSeconds(s[i]) is not { } seconds)
            {
                error = $"'{text}' has an unknown unit '{s[i]}': use s, m, h, d or w, for example 24h, 7d, 5m or 90s";
                return false;
            }

            total += number * seconds;
            i++;
        }

        return true;
    }

    static double? UnitSeconds(char unit) => char.ToLowerInvariant(unit) switch
    {
        's' => 1.0,
        'm' => 60.0,
        'h' => 3600.0,
        'd' => 86400.0,
        'w' => 604800.0,
        _ => null,
    };

    /// <summary>Parses a duration or throws <see cref="FormatException"/> with a message that shows the accepted forms.</summary>
    public static TimeSpan Parse(string? text) =>
        TryParse(text, out var value, out var error) ? value : throw new FormatException(error);

    /// <summary>
    /// Formats a duration in the same short form: whole days from two days up as <c>7d</c>, whole hours as <c>24h</c>,
    /// anything else as a combination such as <c>1h30m</c>.
    /// </summary>
    public static string Format(TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            return "0s";
        }

        if (value.Ticks % TimeSpan.TicksPerDay == 0 && value.Days >= 2)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{value.Days}d");
        }

        if (value.Ticks % TimeSpan.TicksPerHour == 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{(long)value.TotalHours}h");
        }

        var parts = new List<string>(4);
        if (value.Days > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{value.Days}d"));
        }

        if (value.Hours > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{value.Hours}h"));
        }

        if (value.Minutes > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{value.Minutes}m"));
        }

        if (value.Seconds > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{value.Seconds}s"));
        }

        return string.Concat(parts);
    }

    /// <summary>A time gone by as a person says it: <c>47 minutes</c> (up to two hours), <c>30 hours</c> (up to two days), <c>3 days</c>.</summary>
    public static string Spoken(TimeSpan age) => age.TotalHours >= 48
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalDays} days")
        : age.TotalMinutes >= 120
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalHours} hours")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalMinutes} minutes");
}
