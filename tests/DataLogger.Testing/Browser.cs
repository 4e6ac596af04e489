using System.Diagnostics;
using System.Text.Json;

namespace DataLogger.Testing;

/// <summary>
/// Debian's Chromium driven by npm's playwright-core, installed when missing: <c>apt-get install chromium</c> (as
/// root) and <c>npm install playwright-core@1.64.1</c> into a shared cache folder.
/// </summary>
public static class Browser
{
    public const string Package = "playwright-core@1.64.1";

    /// <summary>The node_modules folder that holds playwright-core, after making sure Chromium is there.</summary>
    public static async Task<string> EnsureAsync()
    {
        await DebianPackages.EnsureAsync("Chromium", ["/usr/bin/chromium"], "chromium");
        return await NpmPackages.InstallAsync("playwright-1.64.1", "playwright-core/package.json", Package);
    }

    /// <summary>
    /// Runs a Node script that drives Chromium (playwright-core on its module path) with <paramref name="arguments"/>
    /// and returns the JSON report it prints; fails with what it wrote to stderr when it exits otherwise than 0.
    /// </summary>
    public static async Task<JsonElement> RunAsync(string script, IEnumerable<string> arguments, TimeSpan? within = null)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["NODE_PATH"] = await EnsureAsync();
        using var node = Process.Start(start)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var error = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync().WaitAsync(within ?? TimeSpan.FromMinutes(2));
        if (node.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(script)} exited with {node.ExitCode}: {await error}");
        }

        using var json = JsonDocument.Parse(await output);
        return json.RootElement.Clone();
    }
}
