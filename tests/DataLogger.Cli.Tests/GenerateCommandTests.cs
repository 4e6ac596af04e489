using DataLogger.Readings;
using DataLogger.Testing;

namespace DataLogger.Cli.Tests;

public sealed class GenerateCommandTests : IDisposable
{
    readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Writes_valid_readings_every_5_minutes_ending_at_the_end()
    {
        var (exit, _, error) = await CliRunner.RunAsync("generate", "--data", _data.Path, "--days", "2", "--end", "2025-11-27T12:03:00Z");
        Assert.Equal(0, exit);
        Assert.Contains("Wrote 576 simulated readings", error);
        var files = Directory.GetFiles(_data.Combine("bucket", "pool"), "*.json", SearchOption.AllDirectories);
        Assert.Equal(576, files.Length);
        var keys = files.Select(f => Path.GetRelativePath(_data.Combine("bucket"), f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();
        Assert.Equal("pool/2025/11/27/1764244800.json", keys[^1]);
        Assert.All(keys, k => Assert.True(ReadingKey.TryParse(k, out _), k));
        foreach (var file in files.Take(50))
        {
            var reading = ReadingJson.Decode(await File.ReadAllBytesAsync(file));
            Assert.Equal(0, reading.Timestamp % 300);
        }
    }

    [Fact]
    public async Task Never_overwrites_a_reading_that_is_already_there()
    {
        var bucket = _data.Combine("bucket");
        var real = HistoryWriter.Write(bucket, "pool", Reading.Create(1764244800, 31.5, "28-real"));
        var (exit, _, error) = await CliRunner.RunAsync("generate", "--data", _data.Path, "--days", "1", "--end", "2025-11-27T12:00:00Z");
        Assert.Equal(0, exit);
        Assert.Contains("kept 1 that were already there", error);
        Assert.Equal(Reading.Create(1764244800, 31.5, "28-real"), ReadingJson.Decode(await File.ReadAllBytesAsync(real)));
    }

    [Fact]
    public async Task Another_series_goes_into_its_own_folder()
    {
        var (exit, _, _) = await CliRunner.RunAsync("generate", "--data", _data.Path, "--days", "0.5", "--series", "spa", "--interval", "10m");
        Assert.Equal(0, exit);
        Assert.Equal(72, Directory.GetFiles(_data.Combine("bucket", "spa"), "*.json", SearchOption.AllDirectories).Length);
        Assert.False(Directory.Exists(_data.Combine("bucket", "pool")));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("99999")]
    public async Task Refuses_a_bad_number_of_days(string days)
    {
        var (exit, _, error) = await CliRunner.RunAsync("generate", "--data", _data.Path, "--days", days);
        Assert.Equal(2, exit);
        Assert.Contains("--days", error);
    }
}
