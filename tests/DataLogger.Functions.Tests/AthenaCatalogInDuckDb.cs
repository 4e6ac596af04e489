using DataLogger.Aws;
using DataLogger.Query;
using DataLogger.Query.DuckDb;

namespace DataLogger.Functions.Tests;

/// <summary>
/// The Athena stand-in's engine: runs a query (the exact text and parameters the Athena engine sends) over a bucket
/// laid out as Athena's catalog in AWS sees it (<see cref="GlueTable"/>): the JSON objects as the table
/// <see cref="GlueTable.JsonTable"/>, the compacted days' Parquet objects as <see cref="GlueTable.CompactedTable"/>
/// (each one's partition columns from its path, as the projection takes them from the key; read by column name, as
/// Athena reads Parquet: a day compacted before <c>value</c> and <c>unit</c> has them NULL), and the view defined by
/// the view's own SQL (<see cref="GlueTable.ViewSql"/>). This is how the one SQL text is checked against DuckDB.
/// </summary>
static class AthenaCatalogInDuckDb
{
    public static Task<(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows)> QueryAsync(
        DuckDbDatabase database, IReadOnlyList<string> jsonFiles, IReadOnlyList<string> compactedFiles, string view, QueryText query)
    {
        var json = jsonFiles.Count > 0
            ? ReadingsTableSql.JsonReadings + $",\n{GlueTable.JsonTable(view)} AS (SELECT * FROM json_readings)"
            : $"{GlueTable.JsonTable(view)} AS ({ReadingsTableSql.Empty})";
        var compacted = compactedFiles.Count > 0
            ? $"{GlueTable.CompactedTable(view)} AS (\n{ReadingsTableSql.CompactedReadingsByName}\n)"
            : $"{GlueTable.CompactedTable(view)} AS ({ReadingsTableSql.Empty})";
        var text = $"WITH {json},\n{compacted},\n{view} AS (\n{GlueTable.ViewSql(view)}\n)\n{query.Sql}";
        List<object> parameters = [];
        if (jsonFiles.Count > 0)
        {
            parameters.Add(jsonFiles.ToList());
        }

        if (compactedFiles.Count > 0)
        {
            parameters.Add(compactedFiles.ToList());
            parameters.Add(compactedFiles.ToList()); // bound to both of its ?
        }

        return database.QueryAsync(text, [.. parameters, .. query.Parameters]);
    }

    /// <summary>
    /// A query of the notes view: the notes' own objects as <see cref="GlueTable.NotesJsonTable"/>, the compacted months
    /// as <see cref="GlueTable.NotesCompactedTable"/> (each read as Athena's JSON SerDe reads a file: a JSON object a
    /// line), and the view by its own SQL (<see cref="GlueTable.NotesViewSql"/>).
    /// </summary>
    public static Task<(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows)> NotesQueryAsync(
        DuckDbDatabase database, IReadOnlyList<string> noteFiles, IReadOnlyList<string> compactedFiles, QueryText query)
    {
        var json = $"{GlueTable.NotesJsonTable} AS ({(noteFiles.Count > 0 ? NotesTableSql.Objects : NotesTableSql.Empty)})";
        var compacted = $"{GlueTable.NotesCompactedTable} AS ({(compactedFiles.Count > 0 ? NotesTableSql.Compacted : NotesTableSql.Empty)})";
        var text = $"WITH {json},\n{compacted},\n{NotesTable.DefaultName} AS (\n{GlueTable.NotesViewSql}\n)\n{query.Sql}";
        List<object> parameters = [];
        if (noteFiles.Count > 0)
        {
            parameters.Add(noteFiles.ToList());
        }

        if (compactedFiles.Count > 0)
        {
            parameters.Add(compactedFiles.ToList());
        }

        return database.QueryAsync(text, [.. parameters, .. query.Parameters]);
    }
}
