using System.Text.Json;
using DataLogger.Testing;

namespace DataLogger.Cli.Tests;

public sealed class QueryCommandTests : IDisposable
{
    const string End = "2025-11-27T12:00:00Z";
    readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    async Task GenerateAsync(string days = "3")
    {
        var (exit, _, error) = await CliRunner.RunAsync("generate", "--data", _data.Path, "--days", days, "--end", End);
        Assert.True(exit == 0, error);
    }

    [Fact]
    public async Task Csv_prints_the_last_24_hours_with_local_times()
    {
        await GenerateAsync();
        var (exit, output, error) = await CliRunner.RunAsync("query", "--data", _data.Path, "--last", "24h", "--end", End, "--format", "csv", "--tz", "Europe/Berlin");
        Assert.Equal(0, exit);
        var lines = output.TrimEnd().Split('\n');
        Assert.Equal("time,timestamp,celsius,fahrenheit", lines[0]);
        Assert.Equal(289, lines.Length);
        Assert.StartsWith("2025-11-26T13:05:00+01:00,1764158700,", lines[1]);
        Assert.StartsWith("2025-11-27T13:00:00+01:00,1764244800,", lines[^1]);
        Assert.Contains("288 readings of 'pool'", error);
        Assert.Contains("(Europe/Berlin)", error);
    }

    [Fact]
    public async Task Json_prints_the_stored_reading_objects()
    {
        await GenerateAsync();
        var (exit, output, _) = await CliRunner.RunAsync("query", "--data", _data.Path, "--last", "1h", "--end", End, "--format", "json");
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        var items = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(12, items.Count);
        Assert.Equal(1764244800, items[^1].GetProperty("timestamp").GetInt64());
        var c = items[^1].GetProperty("celsius").GetDouble();
        Assert.Equal(Math.Round(c * 9 / 5 + 32, 3), items[^1].GetProperty("fahrenheit").GetDouble());
    }

    [Fact]
    public async Task Table_is_the_default()
    {
        await GenerateAsync("1");
        var (exit, output, _) = await CliRunner.RunAsync("query", "--data", _data.Path, "--last", "15m", "--end", End, "--tz", "UTC");
        Assert.Equal(0, exit);
        Assert.Contains("°C", output);
        Assert.Contains("2025-11-27 12:00", output);
        Assert.Contains("2025-11-27 11:50", output);
        Assert.DoesNotContain("11:45", output);
    }

    [Fact]
    public async Task An_empty_window_prints_a_header_and_says_so()
    {
        await GenerateAsync("1");
        var (exit, output, error) = await CliRunner.RunAsync("query", "--data", _data.Path, "--end", "2020-01-01T00:00:00Z", "--format", "csv");
        Assert.Equal(0, exit);
        Assert.Equal("time,timestamp,celsius,fahrenheit", output.Trim());
        Assert.Contains("0 readings", error);
    }

    [Fact]
    public async Task Malformed_objects_are_skipped_and_reported()
    {
        await GenerateAsync("1");
        HistoryWriter.WriteRaw(Path.Join(_data.Path, "bucket"), "pool/2025/11/27/1764244799.json", "{oops");
        var (exit, _, error) = await CliRunner.RunAsync("query", "--data", _data.Path, "--end", End, "--format", "csv");
        Assert.Equal(0, exit);
        Assert.Contains("skipped 1 malformed object", error);
    }

    [Theory]
    [InlineData("--last", "5x", "unknown unit 'x'")]
    [InlineData("--last", "0h", "longer than zero")]
    [InlineData("--tz", "Mars/Olympus", "not a time zone")]
    [InlineData("--series", "Pool", "not a valid series name")]
    [InlineData("--format", "xml", "xml")]
    [InlineData("--end", "yesterday", "not a time")]
    public async Task A_bad_flag_gets_one_clear_message_and_exit_code_2(string flag, string value, string expected)
    {
        await GenerateAsync("1");
        var (exit, output, error) = await CliRunner.RunAsync("query", "--data", _data.Path, flag, value);
        Assert.Equal(2, exit);
        Assert.Contains(expected, error);
        Assert.Contains("See 'datalogger query --help'", error);
        Assert.DoesNotContain("   at ", error);
        Assert.Equal(string.Empty, output);
    }

    [Fact]
    public async Task Version_is_the_repositorys_version_file_and_the_commit()
    {
        var (exit, output, _) = await CliRunner.RunAsync("--version");
        Assert.Equal(0, exit);
        Assert.Matches("^" + System.Text.RegularExpressions.Regex.Escape(File.ReadAllText(Path.Join(RepositoryRoot.Path, "VERSION")).Trim()) + @"(\+[0-9a-f]{7,40})?\s*$", output);
    }

    [Fact]
    public async Task A_data_folder_without_readings_says_what_to_do()
    {
        var (exit, _, error) = await CliRunner.RunAsync("query", "--data", _data.Combine("empty"));
        Assert.Equal(2, exit);
        Assert.Contains("there are no readings", error);
        Assert.Contains("datalogger generate", error);
    }
}
