using System.Globalization;

namespace DataLogger.Time;

/// <summary>
/// A time as a person types it, on the command line or in a form: ISO 8601 with an offset, or Unix seconds; a date
/// and time without an offset (<c>2026-12-06 18:00</c>), or a time of day alone (<c>18:00</c>, today), in the station's
/// time zone. One reader for the CLI's <c>--at</c> of a note and the notes a device or the page posts.
/// </summary>
public static class TypedTime
{
    /// <summary>What a time may be written as, for messages.</summary>
    public const string Forms = "18:00 (today), 2026-12-06 18:00 (the station's time), ISO 8601 such as 2026-12-06T18:00:00Z, or Unix seconds";

    /// <summary>The time <paramref name="text"/> says, or null when it says none.</summary>
    public static DateTimeOffset? TryParse(string? text, TimeZoneInfo zone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        var culture = CultureInfo.InvariantCulture;
        if (long.TryParse(text, NumberStyles.None, culture, out var unix))
        {
            return unix <= 253402300799 ? DateTimeOffset.FromUnixTimeSeconds(unix) : null;
        }

        if (!text.Contains('-', StringComparison.Ordinal) && TimeOnly.TryParse(text, culture, DateTimeStyles.None, out var clock))
        {
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
            return InZone(today.ToDateTime(clock), zone);
        }

        if (DateTime.TryParse(text, culture, DateTimeStyles.None, out var local) && local.Kind == DateTimeKind.Unspecified)
        {
            return InZone(local, zone);
        }

        return DateTimeOffset.TryParse(text, culture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;
    }

    static DateTimeOffset InZone(DateTime local, TimeZoneInfo zone) => new(local, zone.GetUtcOffset(local));
}
