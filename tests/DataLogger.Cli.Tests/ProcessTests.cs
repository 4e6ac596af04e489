using System.Diagnostics;
using DataLogger.Testing;

namespace DataLogger.Cli.Tests;

/// <summary>Runs the real <c>datalogger</c> executable, as a user would.</summary>
public sealed class ProcessTests : IDisposable
{
    readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    static async Task<(int Exit, string Out, string Error)> RunAsync(params string[] args)
    {
        // The test project references the CLI, so datalogger.dll and its runtimeconfig sit beside the tests.
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Join(AppContext.BaseDirectory, "datalogger.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    [Fact]
    public async Task Generate_then_query_through_the_executable()
    {
        var generate = await RunAsync("generate", "--data", _data.Path, "--days", "2", "--end", "2025-11-27T12:00:00Z");
        Assert.True(generate.Exit == 0, generate.Error);
        var query = await RunAsync("query", "--data", _data.Path, "--end", "2025-11-27T12:00:00Z", "--format", "csv");
        Assert.True(query.Exit == 0, query.Error);
        Assert.Equal(289, query.Out.TrimEnd().Split('\n').Length);
        Assert.Contains("288 readings", query.Error);
    }

    [Fact]
    public async Task A_bad_flag_exits_2_without_a_stack_trace()
    {
        var result = await RunAsync("query", "--data", _data.Path, "--last", "forever");
        Assert.Equal(2, result.Exit);
        Assert.Contains("not a duration", result.Error);
        Assert.DoesNotContain("Exception", result.Error);
    }
}
