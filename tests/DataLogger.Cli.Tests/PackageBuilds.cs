using DataLogger.Testing;

namespace DataLogger.Cli.Tests;

/// <summary>
/// The Debian packages as the README builds them (<c>deploy/debian/build-deb</c>), each built once per test run (the
/// native build takes minutes) into a folder kept until the process ends, for every test that installs one.
/// </summary>
static class PackageBuilds
{
    static readonly string Folder = Path.Join(Path.GetTempPath(), "datalogger-tests", "debs-" + Environment.ProcessId);
    static readonly Dictionary<string, Lazy<Task<string>>> Builds = new(StringComparer.Ordinal)
    {
        ["amd64"] = new(() => BuildAsync("amd64")),
        ["arm64"] = new(() => BuildAsync("arm64")),
    };

    /// <summary>The version the packages carry (the repository's <c>VERSION</c>).</summary>
    public static string Version => File.ReadAllText(Path.Join(RepositoryRoot.Path, "VERSION")).Trim();

    /// <summary>The package for <paramref name="arch"/>, built the first time it is asked for.</summary>
    public static Task<string> ForAsync(string arch) => Builds[arch].Value;

    static PackageBuilds() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    };

    static async Task<string> BuildAsync(string arch)
    {
        var (exit, output) = await DebianPackages.RunAsync(Path.Join(RepositoryRoot.Path, "deploy", "debian", "build-deb"), [arch, Folder]);
        if (exit != 0)
        {
            throw new InvalidOperationException($"build-deb {arch} exited {exit}:\n{output}");
        }

        var deb = output.TrimEnd().Split('\n')[^1];
        return deb == Path.Join(Folder, $"datalogger_{Version}_{arch}.deb") ? deb : throw new InvalidOperationException($"build-deb printed {deb}");
    }

    /// <summary>
    /// A second build of <paramref name="deb"/>: repacked with the version <c>VERSION+second</c> and a line added to the
    /// default settings, as an upgrade whose conffile changed.
    /// </summary>
    public static async Task<string> SecondAsync(string deb, string folder)
    {
        var tree = Path.Join(folder, "second");
        await MustAsync("dpkg-deb", "-R", deb, tree);
        var control = Path.Join(tree, "DEBIAN", "control");
        await File.WriteAllTextAsync(control, (await File.ReadAllTextAsync(control)).Replace($"Version: {Version}\n", $"Version: {Version}+second\n", StringComparison.Ordinal));
        await File.AppendAllTextAsync(Path.Join(tree, "etc", "datalogger", "datalogger.json"), "// A setting the second version documents.\n");
        var (_, sums) = await DebianPackages.RunAsync("sh", ["-c", $"cd '{tree}' && find . -path ./DEBIAN -prune -o -type f -printf '%P\\n' | LC_ALL=C sort | xargs md5sum"]);
        await File.WriteAllTextAsync(Path.Join(tree, "DEBIAN", "md5sums"), sums);
        var second = Path.Join(folder, Path.GetFileName(deb).Replace($"_{Version}_", $"_{Version}+second_", StringComparison.Ordinal));
        await MustAsync("dpkg-deb", "--root-owner-group", "--build", tree, second);
        return second;
    }

    static async Task MustAsync(string file, params string[] args)
    {
        var (exit, output) = await DebianPackages.RunAsync(file, args);
        Assert.True(exit == 0, $"{file} {string.Join(' ', args)} exited {exit}:\n{output}");
    }
}
