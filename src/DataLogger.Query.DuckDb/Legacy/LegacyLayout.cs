using System.Globalization;
using DataLogger.Files;
using DataLogger.Readings;

namespace DataLogger.Query.DuckDb.Legacy;

/// <summary>
/// The local bucket folder's older compaction layout, from the versions before one compactor served both hosts: each
/// finished day's readings in <c>{series}/{yyyy}/{MM}/{dd}/day.parquet</c> beside a <c>day.manifest</c>, and each
/// finished month's days merged into <c>{series}/{yyyy}/{MM}/month.parquet</c> beside a <c>month.manifest</c>. Nothing
/// writes it any more: queries keep reading it (<see cref="Day"/>) until the local compaction moves its days into the
/// bucket layout (<see cref="MoveAsync"/>), after which it is gone.
/// </summary>
public sealed class LegacyLayout
{
    readonly string _root;
    readonly DuckDbDatabase _database;

    internal LegacyLayout(string root, DuckDbDatabase database)
    {
        _root = root;
        _database = database;
    }

    /// <summary>
    /// What a query reads of <paramref name="day"/> in the older layout: the Parquet file that holds it (its own, or its
    /// month's) and its manifest (the objects it accounts for), or null when the day is not in the older layout.
    /// <paramref name="months"/> caches the month manifests of one query.
    /// </summary>
    internal (string File, DayManifest Manifest)? Day(string series, DateOnly day, Dictionary<string, MonthManifest?> months)
    {
        var monthFolder = Path.Join(_root, ReadingKey.MonthPrefix(series, day));
        if (!months.TryGetValue(monthFolder, out var month))
        {
            month = MonthManifest.Read(monthFolder);
            months[monthFolder] = month;
        }

        var merged = month is not null && month.Days.Contains(day.Day);
        var folder = Path.Join(_root, ReadingKey.DayPrefix(series, day));
        var manifest = DayManifest.Read(folder, withParquet: !merged) ?? (merged ? new DayManifest([], []) : null);
        if (manifest is null)
        {
            return null;
        }

        return (merged ? Path.Join(monthFolder, MonthManifest.ParquetName) : Path.Join(folder, DayManifest.ParquetName), manifest);
    }

    /// <summary>
    /// Moves every day of <paramref name="series"/> held in the older layout into the bucket layout: for each, its rows
    /// go to <paramref name="merge"/> (which writes them into the day's compacted object), then the older files go, a
    /// month's manifest first. A crash at any moment leaves each reading readable (twice at most, which queries count
    /// once), and the next move finishes. Returns how many days moved.
    /// </summary>
    public async Task<int> MoveAsync(string series, Func<DateOnly, IReadOnlyCollection<CompactedRow>, CancellationToken, Task> merge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(merge);
        Series.Validate(series);
        var moved = 0;
        foreach (var month in Months(series))
        {
            var monthFolder = Path.Join(_root, ReadingKey.MonthPrefix(series, month));
            var merged = MonthManifest.Read(monthFolder)?.Days ?? new HashSet<int>();
            var days = Enumerable.Range(1, DateTime.DaysInMonth(month.Year, month.Month))
                .Select(d => new DateOnly(month.Year, month.Month, d))
                .Select(d => (Day: d, Folder: Path.Join(_root, ReadingKey.DayPrefix(series, d))))
                .Where(d => merged.Contains(d.Day.Day) || DayManifest.Read(d.Folder, withParquet: true) is not null)
                .ToList();
            foreach (var (day, folder) in days)
            {
                var own = DayManifest.Read(folder, withParquet: true) is not null;
                var file = own ? Path.Join(folder, DayManifest.ParquetName) : Path.Join(monthFolder, MonthManifest.ParquetName);
                await merge(day, await RowsAsync(file, day, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                moved++;
            }

            Remove(monthFolder, MonthManifest.FileName, MonthManifest.ParquetName);
            foreach (var (_, folder) in days)
            {
                Remove(folder, DayManifest.FileName, DayManifest.ParquetName);
            }
        }

        return moved;
    }

    // The months of the series' folder ({yyyy}/{MM}) that hold a file of the older layout (a month's or a day's manifest).
    IEnumerable<DateOnly> Months(string series)
    {
        var seriesFolder = Path.Join(_root, ReadingKey.SeriesPrefix(series));
        if (!Directory.Exists(seriesFolder))
        {
            yield break;
        }

        foreach (var year in Directory.EnumerateDirectories(seriesFolder).Order(StringComparer.Ordinal))
        {
            foreach (var folder in Directory.EnumerateDirectories(year).Order(StringComparer.Ordinal))
            {
                if (DateOnly.TryParseExact($"{Path.GetFileName(year)}-{Path.GetFileName(folder)}-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month)
                    && (File.Exists(Path.Join(folder, MonthManifest.FileName))
                        || Directory.EnumerateFiles(folder, DayManifest.FileName, SearchOption.AllDirectories).Any()))
                {
                    yield return month;
                }
            }
        }
    }

    // The rows of one day in an older layout's Parquet file (its partition columns are in the file).
    async Task<IReadOnlyCollection<CompactedRow>> RowsAsync(string file, DateOnly day, CancellationToken cancellationToken)
    {
        var (_, rows) = await _database.QueryAsync(
            string.Create(CultureInfo.InvariantCulture, $"""
                SELECT "timestamp", celsius, celcius, fahrenheit, sensor FROM read_parquet(?)
                WHERE year = {day.Year} AND month = {day.Month} AND day = {day.Day} AND "timestamp" IS NOT NULL
                """),
            [new List<string> { file }],
            cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => new CompactedRow(Convert.ToInt64(r[0], CultureInfo.InvariantCulture), r[1] as double?, r[2] as double?, r[3] as double?, r[4] as string))];
    }

    // Deletes a manifest, then its Parquet file (the manifest is what makes a file count), pruning emptied folders.
    void Remove(string folder, string manifest, string parquet)
    {
        AtomicFile.DeleteAndPrune(Path.Join(folder, manifest), _root);
        AtomicFile.DeleteAndPrune(Path.Join(folder, parquet), _root);
    }
}
