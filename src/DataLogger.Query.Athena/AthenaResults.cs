using System.Globalization;
using DataLogger.Readings;
using DataLogger.Time;
using nietras.SeparatedValues;

namespace DataLogger.Query.Athena;

/// <summary>Reads the CSV Athena writes for <see cref="ReadingsQuery"/>: a quoted header, quoted values, NULL as an empty field.</summary>
public static class AthenaResults
{
    /// <summary>The readings in a result CSV, in its order; rows that are not valid readings are skipped and counted.</summary>
    public static (List<Reading> Readings, int Skipped) Parse(ReadOnlySpan<byte> csv)
    {
        var all = ParseBySeries(csv, [string.Empty]);
        return (all[string.Empty].Readings, all[string.Empty].Skipped);
    }

    /// <summary>
    /// The readings of each of <paramref name="series"/> in a result CSV: a query of several has a <c>series</c> column
    /// (<see cref="ReadingsQuery.Sql(string, IReadOnlyList{string}, TimeWindow)"/>), one of one series has none and
    /// every row is the first's. Each series is in the answer, with no readings when the result has none of its rows.
    /// </summary>
    public static Dictionary<string, (List<Reading> Readings, int Skipped)> ParseBySeries(ReadOnlySpan<byte> csv, IReadOnlyList<string> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var answer = series.ToDictionary(s => s, _ => (Readings: new List<Reading>(), Skipped: 0), StringComparer.Ordinal);
        if (csv.IsEmpty)
        {
            return answer;
        }

        using var reader = Sep.Reader(o => o with { Unescape = true, HasHeader = true }).From(csv.ToArray());
        if (!reader.Header.TryIndexOf("timestamp", out var timestampIndex) || !reader.Header.TryIndexOf("celsius", out var celsiusIndex))
        {
            throw new AthenaException($"the query result has no timestamp and celsius columns (it has: {string.Join(", ", reader.Header.ColNames)})");
        }

        var hasSensor = reader.Header.TryIndexOf("sensor", out var sensorIndex);
        var hasSeries = reader.Header.TryIndexOf("series", out var seriesIndex);
        var hasValue = reader.Header.TryIndexOf("value", out var valueIndex) & reader.Header.TryIndexOf("unit", out var unitIndex);
        foreach (var row in reader)
        {
            var name = hasSeries ? row[seriesIndex].ToString() : series[0];
            if (!answer.TryGetValue(name, out var of))
            {
                continue; // a series the query did not ask for: not ours to draw
            }

            var reading = long.TryParse(row[timestampIndex].Span, NumberStyles.Integer, CultureInfo.InvariantCulture, out var timestamp)
                ? ReadingsQuery.ReadingOf(
                    timestamp,
                    Number(row[celsiusIndex].ToString()),
                    hasSensor ? row[sensorIndex].ToString() : null,
                    hasValue ? Number(row[valueIndex].ToString()) : null,
                    hasValue ? row[unitIndex].ToString() : null)
                : null;
            if (reading is not null)
            {
                of.Readings.Add(reading);
            }
            else
            {
                answer[name] = (of.Readings, of.Skipped + 1);
            }
        }

        return answer;
    }

    // A CSV field as a number, or null when empty (NULL) or not one.
    static double? Number(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : null;

    /// <summary>The bands in a result CSV of <see cref="ReadingsQuery.BandsSql"/>.</summary>
    public static List<ReadingBand> ParseBands(ReadOnlySpan<byte> csv)
    {
        var bands = new List<ReadingBand>();
        if (csv.IsEmpty)
        {
            return bands;
        }

        using var reader = Sep.Reader(o => o with { Unescape = true, HasHeader = true }).From(csv.ToArray());
        var columns = ReadingsQuery.BandColumns.Select(reader.Header.IndexOf).ToArray();
        foreach (var row in reader)
        {
            bands.Add(new ReadingBand(
                long.Parse(row[columns[0]].Span, CultureInfo.InvariantCulture),
                double.Parse(row[columns[1]].Span, CultureInfo.InvariantCulture),
                Math.Round(double.Parse(row[columns[2]].Span, CultureInfo.InvariantCulture), 2),
                double.Parse(row[columns[3]].Span, CultureInfo.InvariantCulture),
                int.Parse(row[columns[4]].Span, CultureInfo.InvariantCulture)));
        }

        return bands;
    }

    /// <summary>The rows of a <see cref="ReadingsQuery.DaysSql"/> result, each day's summary.</summary>
    public static List<DaySummary> ParseDays(ReadOnlySpan<byte> csv, TimeSpan offset)
    {
        var days = new List<DaySummary>();
        if (csv.IsEmpty)
        {
            return days;
        }

        using var reader = Sep.Reader(o => o with { Unescape = true, HasHeader = true }).From(csv.ToArray());
        var columns = ReadingsQuery.DayColumns.Select(reader.Header.IndexOf).ToArray();
        foreach (var row in reader)
        {
            var values = new string[columns.Length];
            for (var i = 0; i < columns.Length; i++)
            {
                values[i] = row[columns[i]].ToString();
            }

            days.Add(ReadingsQuery.DayOf(values, offset));
        }

        return days;
    }

    /// <summary>The notes in a result CSV of <see cref="NotesTable.Sql"/> (a NULL is an empty field); a row that is no note is skipped.</summary>
    public static List<Notes.Note> ParseNotes(ReadOnlySpan<byte> csv)
    {
        var notes = new List<Notes.Note>();
        if (csv.IsEmpty)
        {
            return notes;
        }

        using var reader = Sep.Reader(o => o with { Unescape = true, HasHeader = true }).From(csv.ToArray());
        var columns = NotesTable.DataColumns.Select(c => reader.Header.IndexOf(c.Name)).ToArray();
        foreach (var row in reader)
        {
            var fields = new string?[columns.Length];
            for (var i = 0; i < columns.Length; i++)
            {
                fields[i] = row[columns[i]].ToString() is { Length: > 0 } text ? text : null;
            }

            if (NotesTable.NoteOf(fields[0], fields[1], fields[2], fields[3]) is { } note)
            {
                notes.Add(note);
            }
        }

        return notes;
    }

    /// <summary>Splits <c>s3://bucket/key</c> into its bucket and key.</summary>
    public static (string Bucket, string Key) SplitS3Uri(string uri)
    {
        ArgumentException.ThrowIfNullOrEmpty(uri);
        if (!uri.StartsWith("s3://", StringComparison.Ordinal) || uri.IndexOf('/', 5) is var slash && slash < 0)
        {
            throw new AthenaException($"'{uri}' is not an s3://bucket/key location");
        }

        return (uri[5..slash], uri[(slash + 1)..]);
    }
}
