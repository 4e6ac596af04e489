using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace DataLogger.Cli.Tests;

/// <summary>The real <c>datalogger</c> executable, run as a user would (the test project references the CLI, so datalogger.dll sits beside the tests).</summary>
static class Executable
{
    public static async Task<(int Exit, string Out, string Error)> RunAsync(string[] args, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory };
        start.ArgumentList.Add(Path.Join(AppContext.BaseDirectory, "datalogger.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}

/// <summary>
/// The real <c>datalogger</c> executable left running (<c>run</c> serving, <c>agent</c> as a service): its output
/// collected, waited on line by line, stopped with Ctrl+C's signal or killed outright.
/// </summary>
sealed class Running : IDisposable
{
    readonly Process _process;
    readonly ConcurrentQueue<string> _output = new();

    Running(Process process) => _process = process;

    public IReadOnlyCollection<string> Output => _output;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public int Pid => _process.Id;

    /// <summary>Waits for it to exit by itself (after a signal sent another way); returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan within)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(within);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"it did not stop within {within.TotalSeconds:0} s. Its output:\n{this}");
        }

        return _process.ExitCode;
    }

    public override string ToString() => string.Join("\n", _output);

    /// <summary>Starts it; Ctrl+C's signal reaches it whatever this test run inherited (<c>env --default-signal</c>).</summary>
    public static Running Start(string[] args, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory };
        start.ArgumentList.Add("--default-signal=INT");
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(Path.Join(AppContext.BaseDirectory, "datalogger.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var running = new Running(new Process { StartInfo = start });
        running._process.OutputDataReceived += (_, e) => { if (e.Data is not null) { running._output.Enqueue(e.Data); } };
        running._process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { running._output.Enqueue("stderr: " + e.Data); } };
        running._process.Start();
        running._process.BeginOutputReadLine();
        running._process.BeginErrorReadLine();
        return running;
    }

    /// <summary>Waits for a line of its output that matches <paramref name="pattern"/>; returns the match.</summary>
    public async Task<Match> WaitForLineAsync(string pattern, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            foreach (var line in _output)
            {
                if (Regex.Match(line, pattern) is { Success: true } match)
                {
                    return match;
                }
            }

            Assert.True(DateTime.UtcNow < deadline && !_process.HasExited, $"no line matching '{pattern}'. Its output:\n{this}");
            await Task.Delay(100);
        }
    }

    /// <summary>SIGINT, as Ctrl+C, then waits for it to stop; returns the exit code.</summary>
    public async Task<int> InterruptAsync()
    {
        using (var kill = Process.Start("kill", ["-INT", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            Assert.Fail("it did not stop within 30 s of SIGINT. Its output:\n" + this);
        }

        return _process.ExitCode;
    }

    /// <summary>
    /// SIGINT, as Ctrl+C, then waits for it to stop, whatever its exit code: under libfaketime, whose interposed waits
    /// cut .NET's graceful stop short (exit 130), the tests rely on what is on disk, never on the goodbye.
    /// </summary>
    public async Task StopAsync()
    {
        using (var kill = Process.Start("kill", ["-INT", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>SIGKILL: no cleanup, no goodbye.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
