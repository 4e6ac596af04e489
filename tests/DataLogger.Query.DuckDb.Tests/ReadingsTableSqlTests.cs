using DataLogger.Query;
using DataLogger.Query.DuckDb;

namespace DataLogger.Query.DuckDb.Tests;

/// <summary>The DuckDB table of readings takes its columns from ReadingsTable: a column added there is read everywhere.</summary>
public sealed class ReadingsTableSqlTests
{
    [Fact]
    public void The_column_lists_are_the_tables_own_in_its_order()
    {
        var names = ReadingsTable.PartitionColumns.Concat(ReadingsTable.DataColumns).Select(c => c.Name.Replace("timestamp", "\"timestamp\"", StringComparison.Ordinal));
        Assert.Equal(string.Join(", ", names), ReadingsTableSql.Columns);
        Assert.All(ReadingsTable.DataColumns, c => Assert.Contains($"'$.{c.Name}'", ReadingsTableSql.JsonReadings));
        Assert.Contains(ReadingsTableSql.Columns, ReadingsTableSql.ParquetReadings);
    }

    [Fact]
    public async Task The_empty_table_has_every_column_with_its_type_and_no_row()
    {
        using var database = new DuckDbDatabase();
        var (columns, rows) = await database.QueryAsync(ReadingsTableSql.Empty, []);
        Assert.Equal(ReadingsTable.PartitionColumns.Concat(ReadingsTable.DataColumns).Select(c => c.Name), columns);
        Assert.Empty(rows);
    }
}
