namespace DataLogger.Query.Athena;

/// <summary>Where our queries run: the workgroup (which holds the results location) and the Glue database and table.</summary>
/// <param name="WorkGroup">The Athena workgroup.</param>
/// <param name="Database">The Glue database.</param>
/// <param name="Table">The Glue table (or view: <c>readings</c>, over the JSON and the compacted tables).</param>
public sealed record AthenaSettings(string WorkGroup, string Database, string Table);
