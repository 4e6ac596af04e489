namespace DataLogger.Testing;

/// <summary>
/// Debian's Chromium driven by npm's playwright-core, installed when missing: <c>apt-get install chromium</c> (as
/// root) and <c>npm install playwright-core@1.64.1</c> into a shared cache folder.
/// </summary>
static class Browser
{
    public const string Package = "playwright-core@1.64.1";
    static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>The node_modules folder that holds playwright-core, after making sure Chromium is there.</summary>
    public static async Task<string> EnsureAsync()
    {
        await Gate.WaitAsync();
        try
        {
            await DebianPackages.EnsureAsync("Chromium", ["/usr/bin/chromium"], "chromium");

            var cache = Path.Join(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "datalogger-tests", "playwright-1.64.1");
            var modules = Path.Join(cache, "node_modules");
            if (!File.Exists(Path.Join(modules, "playwright-core", "package.json")))
            {
                Directory.CreateDirectory(cache);
                await RunAsync("npm", ["install", "--no-audit", "--no-fund", "--no-save", "--prefix", cache, Package], $"npm install {Package} failed (Node.js and npm are needed)");
            }

            return modules;
        }
        finally
        {
            Gate.Release();
        }
    }

    static async Task RunAsync(string file, string[] args, string failure)
    {
        var (exit, output) = await DebianPackages.RunAsync(file, args);
        if (exit != 0)
        {
            throw new InvalidOperationException($"{failure}: {output}");
        }
    }
}
