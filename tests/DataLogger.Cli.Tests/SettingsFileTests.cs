using DataLogger.Testing;

namespace DataLogger.Cli.Tests;

/// <summary>
/// The settings file, by the real executable: a JSON mistake is one line that says its line and column and what is
/// wrong, exit 2, for run, agent and doctor alike; comments and trailing commas are read as before.
/// </summary>
public sealed class SettingsFileTests : IDisposable
{
    readonly TempDirectory _temp = new();
    readonly FakeW1Tree _w1;

    public SettingsFileTests() => _w1 = new FakeW1Tree(_temp.Combine("w1")).Probe(FakeW1Tree.GoodId, FakeW1Tree.Good(27125));

    public void Dispose() => _temp.Dispose();

    Task<(int Exit, string Out, string Error)> RunAsync(string command, string config) => command switch
    {
        "run" => Executable.RunAsync(["run", "--once", "--config", config, "--data", _temp.Combine("data"), "--port", "0"]),
        "agent" => Executable.RunAsync(["agent", "--once", "--config", config, "--data", _temp.Combine("data"), "--store", "file://" + _temp.Combine("bucket")]),
        _ => Executable.RunAsync(["doctor", "--config", config, "--data", _temp.Combine("data")]),
    };

    [Theory]
    [InlineData("run")]
    [InlineData("agent")]
    [InlineData("doctor")]
    public async Task A_JSON_mistake_says_its_line_and_column_and_what_is_wrong(string command)
    {
        var config = _temp.Combine("datalogger.json");
        await File.WriteAllTextAsync(config, """
            {
              "sensor": "simulated", // a comment
              "title": "Pool °C" "series": "pool"
            }
            """);

        var result = await RunAsync(command, config);

        // The column counts characters (° is two bytes): the second " on line 3 is the 22nd.
        Assert.Equal(2, result.Exit);
        Assert.Equal($"error: the configuration file {config} cannot be read: line 3, column 22: '\"' is invalid after a value. Expected either ',', '}}', or ']'.", result.Error.TrimEnd());
    }

    [Fact]
    public async Task Comments_and_trailing_commas_are_still_read()
    {
        var config = _temp.Combine("datalogger.json");
        await File.WriteAllTextAsync(config, $$"""
            // The pool.
            {
              "sensor": "onewire", "w1Root": "{{_w1.Root}}", "clock": "trusted",
              "probes": [ { "id": "{{FakeW1Tree.GoodId}}", "series": "pool", }, ], /* one probe */
            }
            """);

        var (exit, output, error) = await RunAsync("run", config);

        Assert.True(exit == 0, output + error);
    }
}
