using System.Globalization;
using DataLogger.Readings;

namespace DataLogger.Query.DuckDb;

/// <summary>
/// The notes table (<see cref="NotesTable"/>'s columns, in its order) built in DuckDB from the objects: a note's own
/// objects and the compacted months alike read as newline-delimited JSON (a line that is not a note, or a field of the
/// wrong type, is skipped, as Athena's JSON SerDe with <c>ignore.malformed.json</c> makes it a row of NULLs that the
/// query leaves out), the month from each file's path as Athena's projection takes it from its key.
/// </summary>
public static class NotesTableSql
{
    /// <summary>A select of the table's columns from the notes' own objects, the list of files bound to its one <c>?</c>.</summary>
    public static string Objects { get; } = From(-4);

    /// <summary>A select of the table's columns from compacted months, the list of files bound to its one <c>?</c>.</summary>
    public static string Compacted { get; } = From(-3);

    /// <summary>A select of no rows with the table's columns and types.</summary>
    public static string Empty { get; } =
        "SELECT " + string.Join(", ", NotesTable.Columns.Select(c => $"CAST(NULL AS {c.SqlType}) AS {NotesTable.Quote(c.Name)}")) + " WHERE false";

    /// <summary>
    /// The table over <paramref name="objects"/> and <paramref name="compacted"/> (either may be empty), their
    /// <c>UNION</c> as Athena's view is (a note in both, the moments between a compaction's write and its deletes, is one
    /// row): SQL to put after <c>WITH {name} AS</c>, and the values of its <c>?</c>.
    /// </summary>
    public static (string Sql, IReadOnlyList<object> Parameters) Table(IReadOnlyList<string> objects, IReadOnlyList<string> compacted)
    {
        ArgumentNullException.ThrowIfNull(objects);
        ArgumentNullException.ThrowIfNull(compacted);
        var parts = new List<string>();
        var parameters = new List<object>();
        if (objects.Count > 0)
        {
            parts.Add(Objects);
            parameters.Add(objects.ToList());
        }

        if (compacted.Count > 0)
        {
            parts.Add(Compacted);
            parameters.Add(compacted.ToList());
        }

        return (parts.Count == 0 ? Empty : string.Join("\nUNION\n", parts), parameters);
    }

    // The year at parts[yearAt] of the path split at '/', the month after it.
    static string From(int yearAt)
    {
        var columns = string.Join(", ", NotesTable.DataColumns.Select(c => $"{NotesTable.Quote(c.Name)}: '{c.SqlType.ToUpperInvariant()}'"));
        return string.Create(CultureInfo.InvariantCulture, $"""
            SELECT TRY_CAST(parts[{yearAt}] AS INTEGER) AS {ReadingKey.Folders[1]}, TRY_CAST(parts[{yearAt + 1}] AS INTEGER) AS {ReadingKey.Folders[2]}, {NotesTable.Select(NotesTable.DataColumns)}
            FROM (SELECT string_split(filename, '/') AS parts, * FROM read_json(?, format = 'newline_delimited', columns = {"{"}{columns}{"}"}, filename = true, ignore_errors = true))
            """);
    }
}
