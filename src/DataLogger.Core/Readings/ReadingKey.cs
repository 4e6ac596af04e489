using System.Globalization;

namespace DataLogger.Readings;

/// <summary>
/// Where a reading is stored: <c>{series}/{yyyy}/{MM}/{dd}/{unixSeconds}.json</c>, with the date parts taken
/// from the reading's UTC time and zero-padded. The same reading always maps to the same key, so a retried
/// upload overwrites itself and never makes a duplicate.
/// </summary>
/// <param name="Series">The series the reading belongs to.</param>
/// <param name="Timestamp">The reading's time in Unix seconds (UTC).</param>
public sealed record ReadingKey(string Series, long Timestamp)
{
    /// <summary>The file extension of every reading object.</summary>
    public const string Extension = ".json";

    /// <summary>The key of <paramref name="reading"/> in <paramref name="series"/>.</summary>
    public static ReadingKey For(string series, Reading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        return new ReadingKey(Readings.Series.Validate(series), reading.Timestamp);
    }

    /// <summary>The UTC day the key's reading belongs to.</summary>
    public DateOnly Day => DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(Timestamp).UtcDateTime);

    /// <summary>The prefix of every key of <paramref name="series"/> on <paramref name="day"/>, ending in <c>/</c>.</summary>
    public static string DayPrefix(string series, DateOnly day) =>
        string.Create(CultureInfo.InvariantCulture, $"{series}/{day.Year:D4}/{day.Month:D2}/{day.Day:D2}/");

    /// <summary>The key as text: <c>pool/2025/11/27/1764201600.json</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{DayPrefix(Series, Day)}{Timestamp}{Extension}");

    /// <summary>Parses a key; returns false for anything that is not exactly a reading key (wrong date folders included).</summary>
    public static bool TryParse(string? key, out ReadingKey? result)
    {
        result = null;
        if (key is null || !key.EndsWith(Extension, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = key.Split('/');
        if (parts.Length != 5 || !Readings.Series.IsValid(parts[0]))
        {
            return false;
        }

        var stem = parts[4].AsSpan(0, parts[4].Length - Extension.Length);
        if (stem.IsEmpty || stem[0] == '-' || stem[0] == '+'
            || !long.TryParse(stem, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp)
            || timestamp > Reading.MaxTimestamp)
        {
            return false;
        }

        var candidate = new ReadingKey(parts[0], timestamp);
        if (!string.Equals(candidate.ToString(), key, StringComparison.Ordinal))
        {
            return false; // date folders that do not match the timestamp, or leading zeros
        }

        result = candidate;
        return true;
    }
}
