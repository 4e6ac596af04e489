using System.Collections.Concurrent;

namespace DataLogger.Query.DuckDb;

/// <summary>
/// Which compacted days have the columns days compacted before other quantities were stored lack
/// (<see cref="ReadingsTable.LaterColumns"/>), each file's footer asked once (DuckDB's <c>parquet_schema</c>) and kept
/// by its path, size and time. DuckDB reads a list of Parquet files by the first one's columns: where days of both
/// shapes meet in one query, they are read by name instead (<c>union_by_name</c>, which asks every footer each time:
/// a year's query takes a third longer), else as one shape.
/// </summary>
sealed class ParquetShapes(DuckDbDatabase database)
{
    readonly ConcurrentDictionary<string, (DateTime Written, long Length, bool Later)> _known = new(StringComparer.Ordinal);

    /// <summary>Marks each list of <paramref name="sources"/> with the shape of its compacted days: today's, the old one, or both.</summary>
    public async Task MarkAsync(DaySources sources, CancellationToken cancellationToken)
    {
        foreach (var files in new[] { sources.Apart, sources.Together })
        {
            var later = files.Compacted.Count == 0 ? [] : (await LaterAsync(files.Compacted, cancellationToken).ConfigureAwait(false)).Distinct().ToList();
            files.Shape = later switch
            {
                [true] or [] => DayShape.Today,
                [false] => DayShape.Before,
                _ => DayShape.Both,
            };
        }
    }

    // Whether each file has the later columns, asking DuckDB only about files not seen in this size and time.
    async Task<IEnumerable<bool>> LaterAsync(IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        var stamps = files.Select(file => (File: file, Info: new FileInfo(file))).Where(f => f.Info.Exists).ToList();
        var unknown = stamps.Where(f => !_known.TryGetValue(f.File, out var seen) || seen.Written != f.Info.LastWriteTimeUtc || seen.Length != f.Info.Length).ToList();
        if (unknown.Count > 0)
        {
            var (_, rows) = await database.QueryAsync(
                $"SELECT file_name, bool_or(name = '{ReadingsTable.LaterColumns[0].Name}') FROM parquet_schema(?) GROUP BY file_name",
                [unknown.Select(f => f.File).ToList()],
                cancellationToken).ConfigureAwait(false);
            var later = rows.ToDictionary(r => (string)r[0]!, r => (bool)r[1]!, StringComparer.Ordinal);
            foreach (var (file, info) in unknown)
            {
                _known[file] = (info.LastWriteTimeUtc, info.Length, later.GetValueOrDefault(file));
            }
        }

        return stamps.Select(f => _known.TryGetValue(f.File, out var seen) && seen.Later);
    }
}

/// <summary>The shape of a query's compacted days.</summary>
enum DayShape
{
    /// <summary>Every day has the later columns: read as they are.</summary>
    Today,

    /// <summary>No day has them (compacted before other quantities were stored): read with them added as NULL.</summary>
    Before,

    /// <summary>Days of both shapes: read by name.</summary>
    Both,
}
