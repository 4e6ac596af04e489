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
}
