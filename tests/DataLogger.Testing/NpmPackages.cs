namespace DataLogger.Testing;

/// <summary>
/// The test servers' npm packages (s3rver, playwright-core, cdk-nag), each installed at a pinned version into a folder
/// of its own under <c>~/.cache/datalogger-tests</c> on first use: one install at a time, across the test projects'
/// parallel processes too (a lock file), and one line saying what to install when Node.js or npm is missing.
/// </summary>
public static class NpmPackages
{
    static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>The <c>node_modules</c> folder that holds <paramref name="packages"/>, installed into the cache folder <paramref name="folder"/> when <paramref name="marker"/> (a path inside node_modules) is missing.</summary>
    public static async Task<string> InstallAsync(string folder, string marker, params string[] packages)
    {
        var cache = Path.Join(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "datalogger-tests", folder);
        var modules = Path.Join(cache, "node_modules");
        if (File.Exists(Path.Join(modules, marker)))
        {
            return modules;
        }

        await Gate.WaitAsync();
        try
        {
            Directory.CreateDirectory(cache);
            await using var lockFile = await LockAsync(Path.Join(cache, ".install.lock"));
            if (!File.Exists(Path.Join(modules, marker)))
            {
                var (exit, output) = await DebianPackages.RunAsync("npm", ["install", "--no-audit", "--no-fund", "--no-save", "--prefix", cache, .. packages]);
                if (exit != 0)
                {
                    throw new InvalidOperationException(exit == -1
                        ? $"npm is missing: install Node.js and npm (Debian's nodejs and npm) to get {string.Join(' ', packages)}"
                        : $"npm install {string.Join(' ', packages)} failed: {output}");
                }
            }

            return modules;
        }
        finally
        {
            Gate.Release();
        }
    }

    static async Task<FileStream> LockAsync(string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (attempt < 600)
            {
                await Task.Delay(200);
            }
        }
    }
}
