using System.Diagnostics;

namespace DataLogger.Testing;

/// <summary>
/// The tests' Debian packages (Chromium, mosquitto, aiosmtpd, the native toolchain and qemu), installed with apt-get (as root) when missing,
/// one install at a time, with <c>apt-get update</c> first only when the plain install fails; a machine without them
/// and without apt-get gets one line saying what to install.
/// </summary>
public static class DebianPackages
{
    static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>Makes sure <paramref name="present"/> holds (checked again after installing); else installs <paramref name="packages"/>.</summary>
    /// <param name="what">What is missing, for the message: <c>mosquitto</c>, <c>the SMTP test server</c>.</param>
    /// <param name="present">Whether it is there already.</param>
    /// <param name="packages">The Debian packages that bring it.</param>
    /// <exception cref="InvalidOperationException">It is missing and could not be installed; the message says what to run.</exception>
    public static async Task EnsureAsync(string what, Func<Task<bool>> present, params string[] packages)
    {
        await Gate.WaitAsync();
        try
        {
            if (await present())
            {
                return;
            }

            var advice = $"{what} is missing and could not be installed: run 'apt-get install {string.Join(' ', packages)}' as root";
            var (installed, output) = await InstallAsync(packages);
            if (installed != 0 && (await RunAsync("apt-get", ["update", "-qq"])).Exit == 0)
            {
                (installed, output) = await InstallAsync(packages);
            }

            if (installed != 0 || !await present())
            {
                throw new InvalidOperationException($"{advice} ({output.Trim()})");
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    // apt-get install, waiting while another test process (another test assembly) holds dpkg's lock.
    static async Task<(int Exit, string Output)> InstallAsync(string[] packages)
    {
        for (var attempt = 0; ; attempt++)
        {
            var result = await RunAsync("apt-get", ["install", "-y", "-qq", .. packages]);
            if (result.Exit == 0 || attempt >= 100 || !result.Output.Contains("Could not get lock", StringComparison.Ordinal))
            {
                return result;
            }

            await Task.Delay(TimeSpan.FromSeconds(3));
        }
    }

    /// <summary>The same, for a program at a known path.</summary>
    public static Task EnsureAsync(string what, string[] files, params string[] packages) =>
        EnsureAsync(what, () => Task.FromResult(files.All(File.Exists)), packages);

    /// <summary>Runs a program to its end (with <paramref name="environment"/> added): its exit code (-1 when it is not there) and what it printed.</summary>
    public static async Task<(int Exit, string Output)> RunAsync(string file, string[] args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await error + await output);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, $"{file}: {e.Message}");
        }
    }
}
