using System.Globalization;
using DataLogger.Notes;
using DataLogger.Readings;
using DataLogger.Time;

namespace DataLogger.Query;

/// <summary>
/// The station's notes as a table both engines read with one SQL text (<see cref="Sql"/>): a row per note, from the
/// notes' own objects (<c>notes/{yyyy}/{MM}/{dd}/{unix}-{id}.json</c>) and the compacted months
/// (<c>notes/compacted/{yyyy}/{MM}/notes.json</c>, a note a line: <see cref="NoteBook.CompactAsync"/>), the fields of
/// <see cref="NoteBook.Encode"/> as columns and the month as the partition columns. Athena's Glue tables and view have
/// exactly these columns (<c>GlueTable</c>); the DuckDB engine builds a table of the same shape from the folder.
/// </summary>
public static class NotesTable
{
    /// <summary>The table's (Athena's view's) name.</summary>
    public const string DefaultName = "notes";

    /// <summary>The data columns: the fields of a stored note.</summary>
    public static IReadOnlyList<ReadingsTable.Column> DataColumns { get; } =
    [
        new("timestamp", "bigint", "When the note is for (or its span starts), Unix seconds (UTC)."),
        new("end", "bigint", "When its span ends, Unix seconds (UTC); NULL for a moment."),
        new("series", "string", "The series it is about; NULL for the whole station."),
        new("text", "string", "What happened, at most 500 characters."),
    ];

    /// <summary>The partition columns: the UTC year and month of the note (its start).</summary>
    public static IReadOnlyList<ReadingsTable.Column> PartitionColumns { get; } =
    [
        new(ReadingKey.Folders[1], "int", "UTC year of the note."),
        new(ReadingKey.Folders[2], "int", "UTC month of the note."),
    ];

    /// <summary>Every column, partitions first.</summary>
    public static IReadOnlyList<ReadingsTable.Column> Columns => [.. PartitionColumns, .. DataColumns];

    /// <summary>The columns as the view and <see cref="Sql"/> select them, quoted (<c>timestamp</c> and <c>end</c> are reserved words).</summary>
    public static string Select(IEnumerable<ReadingsTable.Column> columns) => string.Join(", ", columns.Select(c => Quote(c.Name)));

    /// <summary>A column's name as SQL text: quoted when it is a reserved word.</summary>
    public static string Quote(string name) => name is "timestamp" or "end" ? $"\"{name}\"" : name;

    /// <summary>
    /// The notes any of which falls in <paramref name="window"/> (a span that started up to 31 days before it and reaches
    /// into it included), oldest first: the months they can be in as partition conditions, the window's bounds as
    /// parameters. Rows that are no note (a malformed object is a row of NULLs in both engines) are left out.
    /// </summary>
    public static QueryText Sql(string table, TimeWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        var months = Note.MonthsOf(window).Select(month => string.Create(CultureInfo.InvariantCulture, $"(year = {month.Year} AND month = {month.Month})"));

        return new(
            $"""
            SELECT {Select(DataColumns)}
            FROM {table}
            WHERE ({string.Join(" OR ", months)})
              AND "timestamp" <= ? AND COALESCE("end", "timestamp") > ?
              AND text IS NOT NULL AND "timestamp" IS NOT NULL
            ORDER BY "timestamp", text
            """,
            [window.End.ToUnixTimeSeconds(), window.Start.ToUnixTimeSeconds()]);
    }

    /// <summary>A row of <see cref="Sql"/> as a note (null when it is not one a note's checks would let in), whichever engine read it.</summary>
    public static Note? NoteOf(object? timestamp, object? end, object? series, object? text)
    {
        if (Number(timestamp) is not { } start || text is not string { Length: > 0 and <= Note.MaxLength } line)
        {
            return null;
        }

        return new Note(start, Number(end) is { } until && until > start ? until : null, series is string name && Series.IsValid(name) ? name : null, line);

        static long? Number(object? value) => value switch
        {
            long l => l,
            int i => i,
            string s when long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
    }
}
