using System.Buffers;
using System.Globalization;
using System.Text.Json;
using DataLogger.Ports;
using DataLogger.Readings;

namespace DataLogger.Charts.Site;

/// <summary>
/// A view's data as its page's script reads it (<c>data-24h.json</c>), the one owner of that file: the window, where
/// the plot box lies in each chart image (CSS pixels) with its °C scale, and the readings (<c>[timestamp, celsius]</c>)
/// or bands (<c>[start, min, mean, max, count]</c>), what they are compared with, and the newest reading. The script maps
/// a tap on the chart to the nearest reading with it; the publisher reads another series' file back (the air, for a
/// forecast), so no second query is needed.
/// </summary>
public static class ViewData
{
    /// <summary>Where a chart's plot box lies in its image, in CSS pixels, and the °C its bottom and top stand for.</summary>
    /// <param name="Width">The image's width.</param>
    /// <param name="Height">The image's height.</param>
    /// <param name="Left">The plot box's left edge.</param>
    /// <param name="Top">Its top edge.</param>
    /// <param name="Right">Its right edge.</param>
    /// <param name="Bottom">Its bottom edge.</param>
    /// <param name="Low">The °C at its bottom.</param>
    /// <param name="High">The °C at its top.</param>
    public sealed record Geometry(int Width, int Height, float Left, float Top, float Right, float Bottom, double Low, double High);

    // The notes by the chart's numbers: a tap on a note's line (or in its span) shows it.
    static void WriteNotes(Utf8JsonWriter json, IReadOnlyList<(int Number, Notes.Note Note)> notes)
    {
        if (notes.Count == 0)
        {
            return;
        }

        json.WriteStartArray("notes");
        foreach (var (number, note) in notes)
        {
            json.WriteStartObject();
            json.WriteNumber("number", number);
            Notes.NoteBook.Write(json, note);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>The data file of <paramref name="snapshot"/>, with the geometry of its wide chart and, when drawn, its narrow one.</summary>
    public static byte[] Encode(SiteSnapshot snapshot, Geometry wide, Geometry? narrow)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(wide);
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("series", snapshot.Series);
            json.WriteString("view", snapshot.View.Name);
            json.WriteString("timeZone", snapshot.TimeZone.Id);
            json.WriteString("unit", snapshot.Quantity.Unit); // the page's script says each value in it (°C with °F beside)
            json.WriteNumber("start", snapshot.Window.Start.ToUnixTimeSeconds());
            json.WriteNumber("end", snapshot.Window.End.ToUnixTimeSeconds());
            json.WriteStartObject("charts");
            WriteGeometry(json, "wide", wide);
            if (narrow is not null)
            {
                WriteGeometry(json, "narrow", narrow);
            }

            json.WriteEndObject();
            if (snapshot.Bands.Count > 0)
            {
                WriteRows(json, "bands", snapshot.Bands.Select(b => new double[] { b.Start, b.Min, b.Mean, b.Max, b.Count }));
            }
            else
            {
                WriteRows(json, "readings", snapshot.Readings.Select(r => new[] { r.Timestamp, r.Celsius }));
            }

            if (snapshot.View.Comparison is { } comparison && (snapshot.Compare.Count > 0 || snapshot.CompareBands.Count > 0))
            {
                json.WriteString("compared", comparison.Compared);
                json.WriteNumber("back", (long)comparison.Back.TotalSeconds);
                WriteRows(json, "compare", snapshot.CompareBands.Count > 0
                    ? snapshot.CompareBands.Select(b => new double[] { b.Start, b.Mean })
                    : snapshot.Compare.Select(r => new[] { r.Timestamp, r.Celsius }));
            }

            if (snapshot.Latest is { } newest)
            {
                WriteRows(json, "newest", [[newest.Timestamp, newest.Celsius]]);
            }

            WriteNotes(json, snapshot.NumberedNotes);

            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The readings of a 24-hour view's data file in <paramref name="site"/> (under <paramref name="folder"/>), or none.</summary>
    public static async Task<IReadOnlyList<Reading>> ReadingsAsync(IObjectStore site, string folder, CancellationToken cancellationToken = default) =>
        [.. (await RowsAsync(site, folder, ChartView.Day, cancellationToken).ConfigureAwait(false)).Select(r => Reading.Create(r.Time, r.Value))];

    /// <summary>
    /// The time and value of each row of a series' data file of <paramref name="view"/> in the site (its readings, or
    /// its bands' means), oldest first; none when it has none: what another series' chart draws behind it.
    /// </summary>
    public static async Task<IReadOnlyList<(long Time, double Value)>> RowsAsync(IObjectStore site, string folder, ChartView view, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(view);
        if (await site.GetAsync(folder + view.DataName, cancellationToken).ConfigureAwait(false) is not { } bytes)
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            var root = document.RootElement;
            return root.TryGetProperty("readings", out var rows) && rows.ValueKind == JsonValueKind.Array
                ? [.. rows.EnumerateArray().Select(r => (r[0].GetInt64(), r[1].GetDouble()))]
                : root.TryGetProperty("bands", out var bands) && bands.ValueKind == JsonValueKind.Array
                    ? [.. bands.EnumerateArray().Select(b => ((long)b[0].GetDouble(), b[2].GetDouble()))]
                    : [];
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or ArgumentException or IndexOutOfRangeException)
        {
            return [];
        }
    }

    static void WriteGeometry(Utf8JsonWriter json, string name, Geometry g)
    {
        json.WriteStartObject(name);
        json.WriteNumber("width", g.Width);
        json.WriteNumber("height", g.Height);
        json.WriteStartArray("plot");
        foreach (var edge in new[] { g.Left, g.Top, g.Right, g.Bottom })
        {
            json.WriteNumberValue(Math.Round(edge, 1));
        }

        json.WriteEndArray();
        json.WriteStartArray("celsius");
        json.WriteNumberValue(g.Low);
        json.WriteNumberValue(g.High);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    static void WriteRows(Utf8JsonWriter json, string name, IEnumerable<double[]> rows)
    {
        json.WriteStartArray(name);
        foreach (var row in rows)
        {
            json.WriteStartArray();
            foreach (var value in row)
            {
                if (value == Math.Floor(value) && Math.Abs(value) < 1e15)
                {
                    json.WriteNumberValue((long)value);
                }
                else
                {
                    json.WriteRawValue(value.ToString("0.0##", CultureInfo.InvariantCulture));
                }
            }

            json.WriteEndArray();
        }

        json.WriteEndArray();
    }
}
