using DataLogger.Testing;

namespace DataLogger.Cli.Tests;

public sealed class CompactCommandTests : IDisposable
{
    readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Compacts_the_finished_days_merges_the_finished_months_and_queries_answer_the_same()
    {
        // 45 days ending yesterday: whole finished months among them whatever today is.
        var end = DateTimeOffset.UtcNow.Date.AddMinutes(-5).ToString("O");
        Assert.Equal(0, (await CliRunner.RunAsync("generate", "--data", _data.Path, "--days", "45", "--end", end)).Exit);
        var (_, before, _) = await CliRunner.RunAsync("query", "--data", _data.Path, "--last", "60d", "--format", "csv");

        var (exit, _, error) = await CliRunner.RunAsync("compact", "--data", _data.Path, "--prune");

        Assert.Equal(0, exit);
        Assert.Matches(@"^Compacted 45 of 45 finished days of 'pool' \(0 had nothing new; 12,960 readings in Parquet files; removed 12,960 JSON objects\); merged [12] finished months? into month files in [0-9.]+ s\.", error.Trim());
        Assert.Empty(Directory.GetFiles(_data.Combine("bucket"), "*.json", SearchOption.AllDirectories));
        Assert.NotEmpty(Directory.GetFiles(_data.Combine("bucket"), "month.parquet", SearchOption.AllDirectories));
        var (_, after, _) = await CliRunner.RunAsync("query", "--data", _data.Path, "--last", "60d", "--format", "csv");
        Assert.Equal(before, after);

        var (again, _, second) = await CliRunner.RunAsync("compact", "--data", _data.Path);
        Assert.Equal(0, again);
        Assert.StartsWith("Compacted 0 of 45 finished days of 'pool' (45 had nothing new; 12,960 readings in Parquet files) in", second.Trim(), StringComparison.Ordinal);
    }
}
