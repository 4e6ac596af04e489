using System.Text.Json;
using DataLogger.Testing;

namespace DataLogger.Cli.Tests;

/// <summary><c>datalogger render</c>: every view from the bucket, one window (<c>--last</c>), a CSV file, a chart file.</summary>
public sealed class RenderCommandTests : IDisposable
{
    static readonly DateTimeOffset End = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    readonly TempDirectory _data = new();

    public RenderCommandTests() => HistoryWriter.WriteHistory(_data.Combine("bucket"), "pool", End, TimeSpan.FromDays(3));

    public void Dispose() => _data.Dispose();

    string[] Args(params string[] more) => ["render", "--data", _data.Path, "--end", End.ToString("O"), "--tz", "UTC", .. more];

    [Fact]
    public async Task Without_flags_it_draws_every_view_into_the_site_and_prints_the_main_page()
    {
        var (exit, output, error) = await CliRunner.RunAsync(Args());

        Assert.True(exit == 0, error);
        Assert.Equal(_data.Combine("site", "index.html"), output.Trim());
        Assert.Matches(@"^Rendered the views 24h \(288 readings\), 7d \(864 readings\), 30d \(864 readings\), 1y \(864 readings\) of 'pool' \(UTC\)", error);
        foreach (var file in new[] { "index.html", "7d.html", "30d.html", "1y.html", "chart-24h.png", "chart-7d.png", "chart-1y.png", "latest.json" })
        {
            Assert.True(File.Exists(_data.Combine("site", file)), file);
        }

        using var latest = JsonDocument.Parse(File.ReadAllBytes(_data.Combine("site", "latest.json")));
        Assert.Equal(288, latest.RootElement.GetProperty("series")[0].GetProperty("window").GetProperty("count").GetInt32());
        Assert.Contains("href=\"7d.html\"", File.ReadAllText(_data.Combine("site", "index.html")));
    }

    [Fact]
    public async Task Last_draws_that_window_into_its_own_page_and_prints_that_page()
    {
        var (exit, output, error) = await CliRunner.RunAsync(Args("--last", "48h"));

        Assert.True(exit == 0, error);
        Assert.Equal(_data.Combine("site", "2d.html"), output.Trim());
        Assert.StartsWith("Rendered 576 readings of 'pool' (last 2d, UTC)", error, StringComparison.Ordinal);
        Assert.True(File.Exists(_data.Combine("site", "chart-2d.png")));
        Assert.False(File.Exists(_data.Combine("site", "index.html")));
        Assert.Contains("last 2d", File.ReadAllText(_data.Combine("site", "2d.html")));
    }

    [Fact]
    public async Task Last_24h_into_another_folder_is_the_main_page_with_its_figures()
    {
        var (exit, output, error) = await CliRunner.RunAsync(Args("--last", "24h", "--out", _data.Combine("out")));

        Assert.True(exit == 0, error);
        Assert.Equal(_data.Combine("out", "index.html"), output.Trim());
        Assert.True(File.Exists(_data.Combine("out", "latest.json")));
        Assert.Contains("Rendered 288 readings of 'pool' (last 24h, UTC)", error);
    }

    [Theory]
    [InlineData("chart.png", new byte[] { 0x89, 0x50, 0x4E, 0x47 })]
    [InlineData("chart.svg", new byte[] { (byte)'<', (byte)'?', (byte)'x', (byte)'m' })]
    public async Task A_csv_file_draws_a_chart_file(string name, byte[] magic)
    {
        var csv = _data.Combine("readings.csv");
        File.WriteAllLines(csv, ["timestamp,celsius", .. Enumerable.Range(0, 50).Select(i => $"{End.AddMinutes(-5 * i).ToUnixTimeSeconds()},{20 + (i % 7) * 0.25}")]);

        var (exit, _, error) = await CliRunner.RunAsync("render", "--data", _data.Path, "--csv", csv, "--chart", _data.Combine(name), "--tz", "UTC");

        Assert.True(exit == 0, error);
        Assert.StartsWith("Drew 50 readings of 'pool' (last 24h, UTC) into", error, StringComparison.Ordinal);
        Assert.Equal(magic, File.ReadAllBytes(_data.Combine(name))[..4]);
        // A chart alone keeps nothing in the site: the CSV's days are not the pool's records.
        var site = _data.Combine("site");
        Assert.Empty(Directory.Exists(site) ? Directory.GetFiles(site, "*", SearchOption.AllDirectories) : []);
    }
}
