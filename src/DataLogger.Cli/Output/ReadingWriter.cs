using System.Globalization;
using DataLogger.Readings;
using Spectre.Console;

namespace DataLogger.Cli.Output;

/// <summary>Writes readings (or notes) as a table, CSV or JSON, times in the display time zone.</summary>
static class ReadingWriter
{
    /// <summary>Writes <paramref name="readings"/> in <paramref name="format"/>.</summary>
    public static async Task WriteAsync(IReadOnlyList<Reading> readings, ReadingFormat format, TimeZoneInfo zone, TextWriter output, IAnsiConsole console)
    {
        switch (format)
        {
            case ReadingFormat.Csv:
                await output.WriteLineAsync(readings.Count > 0 && !readings[0].IsTemperature ? ReadingCsv.ValueHeader : ReadingCsv.Header).ConfigureAwait(false);
                foreach (var r in readings)
                {
                    await output.WriteLineAsync(ReadingCsv.Row(r, zone)).ConfigureAwait(false);
                }

                break;
            case ReadingFormat.Json:
                await output.WriteAsync('[').ConfigureAwait(false);
                for (var i = 0; i < readings.Count; i++)
                {
                    await output.WriteAsync(i == 0 ? "\n  " : ",\n  ").ConfigureAwait(false);
                    await output.WriteAsync(ReadingJson.ToJson(readings[i])).ConfigureAwait(false);
                }

                await output.WriteLineAsync(readings.Count == 0 ? "]" : "\n]").ConfigureAwait(false);
                break;
            default:
                console.Write(Table(readings, zone));
                break;
        }

        await output.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>Writes <paramref name="notes"/> in <paramref name="format"/>: CSV as the page's download, JSON as stored, or a table.</summary>
    public static async Task WriteAsync(IReadOnlyList<Notes.Note> notes, ReadingFormat format, TimeZoneInfo zone, TextWriter output, IAnsiConsole console)
    {
        switch (format)
        {
            case ReadingFormat.Csv:
                await output.WriteAsync(ReadingCsv.Of(notes, zone)).ConfigureAwait(false);
                break;
            case ReadingFormat.Json:
                await output.WriteAsync('[').ConfigureAwait(false);
                for (var i = 0; i < notes.Count; i++)
                {
                    await output.WriteAsync(i == 0 ? "\n  " : ",\n  ").ConfigureAwait(false);
                    await output.WriteAsync(System.Text.Encoding.UTF8.GetString(Notes.NoteBook.Encode(notes[i])).TrimEnd('\n')).ConfigureAwait(false);
                }

                await output.WriteLineAsync(notes.Count == 0 ? "]" : "\n]").ConfigureAwait(false);
                break;
            default:
                var table = new Table().Border(TableBorder.Rounded)
                    .AddColumn(new TableColumn($"time ({zone.Id})")).AddColumn("until").AddColumn("series").AddColumn("note");
                foreach (var note in notes)
                {
                    table.AddRow(
                        TimeZoneInfo.ConvertTime(note.Time, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                        note.EndTime is { } end ? TimeZoneInfo.ConvertTime(end, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : string.Empty,
                        Markup.Escape(note.Series ?? "station"),
                        Markup.Escape(note.Text));
                }

                console.Write(table);
                break;
        }

        await output.FlushAsync().ConfigureAwait(false);
    }

    // A temperature in °C and °F; another quantity in its unit, one column.
    static Table Table(IReadOnlyList<Reading> readings, TimeZoneInfo zone)
    {
        var temperature = readings.Count == 0 || readings[0].IsTemperature;
        var table = new Table().Border(TableBorder.Rounded).AddColumn(new TableColumn($"time ({zone.Id})"));
        if (temperature)
        {
            table.AddColumn(new TableColumn("°C").RightAligned()).AddColumn(new TableColumn("°F").RightAligned());
        }
        else
        {
            table.AddColumn(new TableColumn(Markup.Escape(readings[0].Unit)).RightAligned());
        }

        foreach (var r in readings)
        {
            var time = LocalTime(r, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            if (temperature)
            {
                table.AddRow(time, r.Celsius.ToString("0.00#", CultureInfo.InvariantCulture), r.Fahrenheit.ToString("0.00#", CultureInfo.InvariantCulture));
            }
            else
            {
                table.AddRow(time, r.Unit == Quantity.State.Unit ? (r.Value >= 0.5 ? "on" : "off") : r.Value.ToString("0.0##", CultureInfo.InvariantCulture));
            }
        }

        return table;
    }

    static DateTimeOffset LocalTime(Reading reading, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(reading.Time, zone);
}
