using DataLogger.Charts.Site;
using DataLogger.Ports;
using DataLogger.Readings;

namespace DataLogger.Functions;

/// <summary>
/// A state series (a relay's on/off, a Tasmota's <c>POWER</c> at every teleperiod) repeats one state for hours, and
/// drawing it for each reading costs what a temperature's chart does (its partitions' LISTs, its five site files).
/// Start-query leaves a state series out of a batch when each of its new readings repeats the state drawn last (the
/// series' newest reading in <c>latest.json</c>) and that drawing is less than <see cref="Redraw"/> older than them.
/// Nothing is lost: the readings are stored and are drawn with the next change, or with the hourly redraw that
/// carries the span on to now.
/// </summary>
static class RepeatedStates
{
    /// <summary>How long a repeated state goes undrawn at most.</summary>
    public static TimeSpan Redraw { get; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The series of <paramref name="states"/> (each state series' new objects' keys) that need no drawing now, each
    /// with why: one GET of <c>latest.json</c>, and one of each new object. With a refresh (<paramref name="slot"/>, the
    /// batch's refresh slot), the hour is counted to the slot's end, and a state drawn within the slot stays in its
    /// batches: the slot's later batches then name the same series, so Athena answers them with the slot's one query.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string>> FindAsync(
        Station station,
        IObjectStore data,
        IObjectStore site,
        IReadOnlyDictionary<string, IReadOnlyList<string>> states,
        (DateTimeOffset Start, DateTimeOffset End)? slot,
        CancellationToken cancellationToken)
    {
        var repeated = new Dictionary<string, string>(StringComparer.Ordinal);
        var index = await SiteIndex.LoadAsync(site, TimeZoneInfo.Utc, cancellationToken).ConfigureAwait(false);
        foreach (var (series, keys) in states)
        {
            if (index.Series.FirstOrDefault(s => s.Series == series)?.Latest is not { } drawn || drawn.Time >= slot?.Start)
            {
                continue;
            }

            var readings = await ReadAsync(data, keys, cancellationToken).ConfigureAwait(false);
            if (readings is { Count: > 0 }
                && readings.All(r => r.Value == drawn.Value && r.Unit == drawn.Unit && r.Timestamp >= drawn.Timestamp)
                && (slot?.End ?? readings.Max(r => r.Time)) - drawn.Time < Redraw)
            {
                repeated[series] = $"'{series}' left out ({(readings.Count == 1 ? "its new reading repeats" : $"its {readings.Count} new readings repeat")} {station.QuantityOf(series).Format(drawn.Value)}, drawn at {drawn.Time.UtcDateTime:HH:mm} UTC; drawn again when it changes or within {Time.Durations.Format(Redraw)})";
            }
        }

        return repeated;
    }

    // The readings of the new objects, or null when one is gone or unreadable (then the series is drawn, as before).
    static async Task<List<Reading>?> ReadAsync(IObjectStore data, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var readings = new List<Reading>(keys.Count);
        foreach (var key in keys)
        {
            try
            {
                if (await data.GetAsync(key, cancellationToken).ConfigureAwait(false) is not { } body)
                {
                    return null;
                }

                readings.Add(ReadingJson.Decode(body));
            }
            catch (ReadingFormatException)
            {
                return null;
            }
        }

        return readings;
    }
}
