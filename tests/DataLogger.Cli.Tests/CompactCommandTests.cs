using DataLogger.Testing;

namespace DataLogger.Cli.Tests;

public sealed class CompactCommandTests : IDisposable
{
    readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    string[] Files(string pattern) => Directory.GetFiles(_data.Combine("bucket"), pattern, SearchOption.AllDirectories);

    [Fact]
    public async Task Compacts_every_finished_day_into_the_bucket_layout_and_queries_answer_the_same()
    {
        // 45 days ending yesterday.
        var end = DateTimeOffset.UtcNow.Date.AddMinutes(-5).ToString("O");
        Assert.Equal(0, (await CliRunner.RunAsync("generate", "--data", _data.Path, "--days", "45", "--end", end)).Exit);
        var (_, before, _) = await CliRunner.RunAsync("query", "--data", _data.Path, "--last", "60d", "--format", "csv");

        // --prune is what earlier versions needed to remove the JSON objects; it is still accepted.
        var (exit, _, error) = await CliRunner.RunAsync("compact", "--data", _data.Path, "--prune");

        Assert.Equal(0, exit);
        Assert.Matches(@"^Compacted pool: 45 days written \(12,960 readings merged, 12,960 in those days\) in [0-9.]+ s\.", error.Trim());
        Assert.Empty(Files("*.json"));
        Assert.Equal(45, Files("readings.parquet").Length);
        Assert.All(Files("readings.parquet"), f => Assert.Contains($"{Path.DirectorySeparatorChar}compacted{Path.DirectorySeparatorChar}", f, StringComparison.Ordinal));
        var (_, after, _) = await CliRunner.RunAsync("query", "--data", _data.Path, "--last", "60d", "--format", "csv");
        Assert.Equal(before, after);

        var (again, _, second) = await CliRunner.RunAsync("compact", "--data", _data.Path);
        Assert.Equal(0, again);
        Assert.StartsWith("Compacted pool: nothing to merge in", second.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bucket_an_earlier_version_compacted_is_read_as_it_was_and_moved_into_the_bucket_layout()
    {
        // Written by `datalogger compact --prune` of the version before (day.parquet, month.parquet and their manifests).
        var older = Path.Join(AppContext.BaseDirectory, "OlderLayout");
        CopyFolder(Path.Join(older, "bucket"), _data.Combine("bucket"));
        var answered = await File.ReadAllTextAsync(Path.Join(older, "query.csv"));
        string[] query = ["query", "--data", _data.Path, "--last", "4d", "--end", "2025-11-02T00:00:00Z", "--format", "csv"];
        Assert.Equal(answered, (await CliRunner.RunAsync(query)).Out);

        var (exit, _, error) = await CliRunner.RunAsync("compact", "--data", _data.Path);

        Assert.Equal(0, exit);
        Assert.Matches(@"^Compacted pool: nothing to merge, 3 days moved from the old layout in", error.Trim());
        Assert.Empty(Files("*.manifest"));
        Assert.Equal(["readings.parquet"], Files("*.parquet").Select(Path.GetFileName).Distinct());
        Assert.Equal(answered, (await CliRunner.RunAsync(query)).Out);
    }

    [Fact]
    public async Task While_another_compaction_holds_the_folder_compact_says_so_and_changes_nothing()
    {
        var end = DateTimeOffset.UtcNow.Date.AddMinutes(-5).ToString("O");
        Assert.Equal(0, (await CliRunner.RunAsync("generate", "--data", _data.Path, "--days", "2", "--end", end)).Exit);
        var json = Files("*.json").Length;

        using (new FileStream(_data.Combine("bucket", ".compaction.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var (exit, _, error) = await CliRunner.RunAsync("compact", "--data", _data.Path);
            Assert.Equal(2, exit);
            Assert.Contains("another compaction is running in", error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
            Assert.Equal(json, Files("*.json").Length);
        }

        Assert.Equal(0, (await CliRunner.RunAsync("compact", "--data", _data.Path)).Exit);
        Assert.Empty(Files("*.json"));
    }

    static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Join(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
