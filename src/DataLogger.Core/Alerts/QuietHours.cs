using System.Globalization;

namespace DataLogger.Alerts;

/// <summary>
/// The hours no notice is sent (<c>"quietHours": "22:00-07:00"</c>, in the station's zone; across midnight when the
/// end comes before the start): a notice made then waits in the outbox, kept, and goes at the end of them.
/// </summary>
/// <param name="Start">When they begin, local time.</param>
/// <param name="End">When they end, local time.</param>
/// <param name="Zone">The station's zone.</param>
public sealed record QuietHours(TimeOnly Start, TimeOnly End, TimeZoneInfo Zone)
{
    /// <summary>Reads <c>22:00-07:00</c>.</summary>
    /// <exception cref="FormatException">It is not two times of day apart.</exception>
    public static QuietHours Parse(string text, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length != 2
            || !TimeOnly.TryParseExact(parts[0], ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
            || !TimeOnly.TryParseExact(parts[1], ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var end)
            || start == end)
        {
            throw new FormatException($"'{text}' is not quiet hours: write two times of day, such as 22:00-07:00");
        }

        return new QuietHours(start, end, zone);
    }

    /// <summary>When the quiet hours <paramref name="now"/> is in end, or null when it is in none.</summary>
    public DateTimeOffset? EndOf(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, Zone);
        var time = TimeOnly.FromDateTime(local.DateTime);
        var across = End < Start;
        var quiet = across ? time >= Start || time < End : time >= Start && time < End;
        if (!quiet)
        {
            return null;
        }

        var endDay = DateOnly.FromDateTime(local.DateTime).AddDays(across && time >= Start ? 1 : 0);
        var end = endDay.ToDateTime(End, DateTimeKind.Unspecified);
        return new DateTimeOffset(end, Zone.GetUtcOffset(end)); // a gap or repeat of the clock: its offset then
    }

    /// <summary>As written: <c>22:00-07:00</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Start:HH:mm}-{End:HH:mm}");
}
