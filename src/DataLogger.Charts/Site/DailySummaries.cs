using System.Buffers;
using System.Text.Json;
using DataLogger.Ports;
using DataLogger.Readings;
using DataLogger.Time;

namespace DataLogger.Charts.Site;

/// <summary>
/// A series' daily summaries (<see cref="DaySummary"/>), kept in the site beside its pages (<c>days.json</c>) so the
/// records cost one small query a day, not a scan of every reading: the first time every day of the last ten years is
/// asked for, then on each refresh (when the longer views are redrawn) the last 8 days, merged in, each day's newest
/// summary winning. Today's comes from the 24-hour view's own readings, so the records are never behind the page.
/// </summary>
public static class DailySummaries
{
    /// <summary>The file's name in a series' folder.</summary>
    public const string FileName = DataLogger.Site.SiteFiles.DaySummaries;

    /// <summary>How far back the first query looks.</summary>
    public static TimeSpan FirstLook { get; } = TimeSpan.FromDays(3653);

    /// <summary>
    /// How far back a refresh looks: late readings of the last week are taken in (an import removes the kept summaries,
    /// so older history it brings is asked for whole).
    /// </summary>
    public static TimeSpan RefreshLook { get; } = TimeSpan.FromDays(8);

    /// <summary>
    /// The records of <paramref name="day"/>'s series, from the summaries kept in <paramref name="site"/>, asked of
    /// <paramref name="engine"/> again when <paramref name="refresh"/> or none are kept.
    /// </summary>
    public static async Task<Records> RecordsAsync(IQueryEngine engine, IObjectStore site, SiteSnapshot day, bool refresh, double? target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(day);
        var now = day.Window.End;
        var offset = day.TimeZone.GetUtcOffset(now);
        var name = day.Folder + FileName;
        var stored = await site.GetAsync(name, cancellationToken).ConfigureAwait(false) is { } bytes ? Decode(bytes) : null;
        var today = DaySummary.DayOf(now.ToUnixTimeSeconds(), offset);
        var days = stored ?? [];
        if (stored is null || refresh)
        {
            // From a local midnight, so the first day asked for is whole.
            var first = today.AddDays(-(int)(stored is null ? FirstLook : RefreshLook).TotalDays);
            var start = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), offset).AddSeconds(-1);
            var fresh = await engine.DaysAsync(day.Series, new TimeWindow(start, now), offset, cancellationToken).ConfigureAwait(false);
            days = Merge(days, fresh);
            await site.PutAsync(name, Encode(days), "application/json", cancellationToken).ConfigureAwait(false);
        }

        var todays = day.Readings.Where(r => DaySummary.DayOf(r.Timestamp, offset) == today).ToList();
        if (todays.Count > 0)
        {
            days = Merge(days, [DaySummary.Of(today, todays)]);
        }

        return Records.Of(days, today, target);
    }

    /// <summary><paramref name="days"/> with <paramref name="newer"/> in place of the same days, oldest first.</summary>
    public static IReadOnlyList<DaySummary> Merge(IReadOnlyList<DaySummary> days, IReadOnlyList<DaySummary> newer)
    {
        ArgumentNullException.ThrowIfNull(days);
        ArgumentNullException.ThrowIfNull(newer);
        var byDay = days.ToDictionary(d => d.Day);
        foreach (var d in newer)
        {
            byDay[d.Day] = d;
        }

        return [.. byDay.Values.OrderBy(d => d.Day)];
    }

    /// <summary>The summaries as the file holds them: <c>[["2026-12-04", min, minAt, max, maxAt, count], …]</c>.</summary>
    public static byte[] Encode(IReadOnlyList<DaySummary> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        var buffer = new ArrayBufferWriter<byte>(days.Count * 64 + 16);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var d in days)
            {
                json.WriteStartArray();
                json.WriteStringValue(d.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                json.WriteNumberValue(d.Min);
                json.WriteNumberValue(d.MinAt);
                json.WriteNumberValue(d.Max);
                json.WriteNumberValue(d.MaxAt);
                json.WriteNumberValue(d.Count);
                json.WriteEndArray();
            }

            json.WriteEndArray();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The summaries of a file; null when it is not one (it is then built again).</summary>
    public static IReadOnlyList<DaySummary>? Decode(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes);
            return [.. document.RootElement.EnumerateArray().Select(d => new DaySummary(
                DateOnly.ParseExact(d[0].GetString()!, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                d[1].GetDouble(), d[2].GetInt64(), d[3].GetDouble(), d[4].GetInt64(), d[5].GetInt32()))];
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or IndexOutOfRangeException or ArgumentException)
        {
            return null;
        }
    }
}
