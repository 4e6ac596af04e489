namespace DataLogger.Charts;

/// <summary>
/// A time a state series (a heater's relay, a pump's plug) was on, drawn as a shaded span behind another series'
/// chart: from the reading that said on to the next that said off (or the newest), or, on a view of bands, a band
/// whose mean says on for <see cref="Share"/> of its time.
/// </summary>
/// <param name="Title">The state's title (<c>Heater</c>).</param>
/// <param name="Start">When it went on, Unix seconds.</param>
/// <param name="End">When it went off (or the newest reading, or the band's end), Unix seconds.</param>
/// <param name="Share">How much of the span it was on: 1 from readings, a band's mean from bands.</param>
public sealed record StateSpan(string Title, long Start, long End, double Share = 1)
{
    /// <summary>
    /// The spans of a state's rows (each a time and a value, 1 on and 0 off; bands' means when <paramref name="bucket"/>
    /// is set), cut to <paramref name="start"/>..<paramref name="end"/>.
    /// </summary>
    public static IReadOnlyList<StateSpan> Of(string title, IReadOnlyList<(long Time, double Value)> rows, TimeSpan? bucket, long start, long end)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var spans = new List<StateSpan>();
        if (bucket is { } length)
        {
            // Bands next to each other drawn as deep are one span: a heater on for the same hours each day is one shade
            // across the year's view, not 365 (each rectangle costs its rasterising).
            foreach (var band in rows.Where(r => r.Value > 0).Select(r => new StateSpan(title, r.Time, r.Time + (long)length.TotalSeconds, Math.Min(1, r.Value))))
            {
                if (spans.Count > 0 && spans[^1] is var last && last.End == band.Start && last.Alpha == band.Alpha)
                {
                    spans[^1] = last with { End = band.End, Share = ((last.Share * (last.End - last.Start)) + (band.Share * (band.End - band.Start))) / (band.End - last.Start) };
                }
                else
                {
                    spans.Add(band);
                }
            }
        }
        else
        {
            for (var i = 0; i < rows.Count; i++)
            {
                if (rows[i].Value < 0.5)
                {
                    continue;
                }

                var on = rows[i].Time;
                while (i + 1 < rows.Count && rows[i + 1].Value >= 0.5)
                {
                    i++;
                }

                spans.Add(new StateSpan(title, on, i + 1 < rows.Count ? rows[i + 1].Time : rows[i].Time));
            }
        }

        return [.. spans.Where(s => s.End > start && s.Start < end).Select(s => s with { Start = Math.Max(s.Start, start), End = Math.Min(s.End, end) })];
    }

    /// <summary>How opaque its shade is drawn (0-255): deeper the more of its time it was on.</summary>
    public byte Alpha => (byte)(20 + (Math.Clamp(Share, 0, 1) * 45));

    /// <summary>The times a state changed (on or off) in its readings, oldest first, its first reading when it says on: what the page lists under a day's chart.</summary>
    public static IReadOnlyList<(long Time, bool On)> Changes(IReadOnlyList<(long Time, double Value)> rows, long start, long end)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var changes = new List<(long, bool)>();
        bool? last = null;
        foreach (var (time, value) in rows)
        {
            var on = value >= 0.5;
            if (last != on && time > start && time <= end && (last is not null || on))
            {
                changes.Add((time, on));
            }

            last = on;
        }

        return changes;
    }
}
