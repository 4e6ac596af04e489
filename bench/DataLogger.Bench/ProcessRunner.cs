using System.Diagnostics;

namespace DataLogger.Bench;

/// <summary>Runs a process to its end and returns its exit code and everything it printed.</summary>
static class ProcessRunner
{
    /// <summary>The full path of <paramref name="name"/> on PATH, or null when it is not there.</summary>
    public static string? OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries).Select(d => Path.Join(d, name)).FirstOrDefault(File.Exists);

    public static async Task<(int ExitCode, string Output)> RunAsync(string file, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}
