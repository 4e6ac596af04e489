namespace DataLogger.Query.DuckDb;

/// <summary>Parquet files of a query: compacted days and the older local layout's day and month files.</summary>
sealed class ParquetFiles
{
    /// <summary>Compacted days' Parquet objects (partition columns from their paths).</summary>
    public List<string> Compacted { get; } = [];

    /// <summary>The older layout's files (partition columns inside).</summary>
    public List<string> Legacy { get; } = [];

    /// <summary>The shape of the compacted days (<see cref="ParquetShapes"/>): read as they are, with the later columns added, or by name.</summary>
    public DayShape Shape { get; set; }

    /// <summary>Whether there are none.</summary>
    public bool IsEmpty => Compacted.Count == 0 && Legacy.Count == 0;

    /// <summary>A select of the table's rows from each kind of file there is.</summary>
    public IEnumerable<string> Selects =>
        (Compacted.Count > 0 ? [Shape switch { DayShape.Today => ReadingsTableSql.CompactedReadings, DayShape.Before => ReadingsTableSql.CompactedReadingsBefore, _ => ReadingsTableSql.CompactedReadingsByName }] : Array.Empty<string>())
            .Concat(Legacy.Count > 0 ? [ReadingsTableSql.ParquetReadings] : []);

    /// <summary>The values of <see cref="Selects"/>' <c>?</c>, in order (empty lists are left out by the caller).</summary>
    public IEnumerable<List<string>> Parameters => [Compacted, Compacted, Legacy];
}
