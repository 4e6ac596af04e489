using System.Globalization;
using System.Text.RegularExpressions;
using DataLogger.Testing;

namespace DataLogger.Cli.Tests;

/// <summary>
/// The Debian packages as the README builds them (<c>deploy/debian/build-deb</c>, Debian's <c>dpkg-deb</c>), checked
/// with Debian's <c>lintian</c>, installed on this machine with <c>dpkg -i</c> (the files, the user, the conffile), the
/// installed executable run (<c>doctor</c>, <c>run --once</c> against a fake 1-Wire tree), the units checked with
/// <c>systemd-analyze</c>, upgraded to a second build whose conffile changed (the user's edit kept), removed (the data
/// kept) and purged; and the arm64 package's executable run under qemu-user with Debian's arm64 libraries. The
/// fixture installs what is missing (as root); systemd is not PID 1 here, so the services are not started.
/// </summary>
[Collection(DebianPackageTests.Name)]
public sealed class DebianPackageTests : IDisposable
{
    public const string Name = "dpkg: one package operation at a time";

    readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    static string Version => PackageBuilds.Version;

    static async Task<string> RunAsync(string file, params string[] args)
    {
        var (exit, output) = await DebianPackages.RunAsync(file, args);
        Assert.True(exit == 0, $"{file} {string.Join(' ', args)} exited {exit}:\n{output}");
        return output;
    }

    static async Task<string> BuildAsync(string arch)
    {
        var deb = await PackageBuilds.ForAsync(arch);
        Assert.EndsWith($"datalogger_{Version}_{arch}.deb", deb, StringComparison.Ordinal);
        return deb;
    }

    static async Task EnsureToolsAsync()
    {
        Assert.True(Environment.UserName == "root", "the package tests install a package with dpkg: run them as root (as CI does)");
        await DebianPackages.EnsureAsync("dpkg-deb, lintian and systemd-analyze", ["/usr/bin/dpkg-deb", "/usr/bin/lintian", "/usr/bin/systemd-analyze"], "dpkg", "lintian", "systemd");
        await DebianPackages.EnsureAsync("the native toolchain", ["/usr/bin/clang", "/usr/bin/ld.lld", "/usr/bin/strip"], "clang", "lld", "zlib1g-dev", "binutils");
    }

    [Fact]
    public async Task The_amd64_package_is_lintian_clean_installs_runs_upgrades_keeping_the_edit_and_removes_and_purges()
    {
        await EnsureToolsAsync();
        var deb = await BuildAsync("amd64");

        // lintian: no error and no warning left (each exception overridden in the package, with why, and in the guide's install page).
        var (_, lint) = await DebianPackages.RunAsync("lintian", ["--pedantic", deb]);
        Assert.DoesNotMatch(new Regex("^[EW]: ", RegexOptions.Multiline), lint);
        var readme = await File.ReadAllTextAsync(Path.Join(RepositoryRoot.Path, "docs", "guide", "1-install.md"));
        foreach (Match overridden in Regex.Matches(await File.ReadAllTextAsync(Path.Join(RepositoryRoot.Path, "deploy", "debian", "lintian-overrides")), @"^datalogger: (\S+)", RegexOptions.Multiline))
        {
            Assert.Contains($"`{overridden.Groups[1].Value}`", readme);
        }

        await PurgeAsync(); // a package left by an earlier run
        try
        {
            await InstallAsync(deb);
            await RunInstalledAsync();
            await UnitsAsync();
            await UpgradeKeepingTheEditAsync(deb);
            await RemoveAndPurgeAsync();
        }
        finally
        {
            await PurgeAsync();
        }
    }

    static async Task PurgeAsync() => await DebianPackages.RunAsync("dpkg", ["--purge", "datalogger"]);

    static async Task InstallAsync(string deb)
    {
        await RunAsync("dpkg", "-i", deb);
        Assert.Equal("install ok installed " + Version, (await RunAsync("dpkg-query", "-W", "-f=${Status} ${Version}", "datalogger")).Trim());
        Assert.Equal("/usr/lib/datalogger/datalogger", Path.GetFullPath(File.ResolveLinkTarget("/usr/bin/datalogger", returnFinalTarget: true)!.FullName));
        foreach (var file in new[] { "/usr/lib/datalogger/libduckdb.so", "/usr/lib/datalogger/libSkiaSharp.so", "/lib/systemd/system/datalogger-agent.service",
            "/lib/systemd/system/datalogger.service", "/usr/share/man/man1/datalogger.1.gz", "/usr/share/doc/datalogger/copyright", "/etc/datalogger/datalogger.json" })
        {
            Assert.True(File.Exists(file), file);
        }

        Assert.Contains("/etc/datalogger/datalogger.json", await RunAsync("dpkg-query", "-W", "-f=${Conffiles}", "datalogger"));
        Assert.Matches("^datalogger:x:\\d+:\\d+:.*:/var/lib/datalogger:/usr/sbin/nologin$", (await RunAsync("getent", "passwd", "datalogger")).Trim());
        Assert.Equal("datalogger datalogger 750", (await RunAsync("stat", "-c", "%U %G %a", "/var/lib/datalogger")).Trim());
    }

    // The installed executable: its version, the doctor and one reading through the page, with the installed settings.
    async Task RunInstalledAsync()
    {
        Assert.StartsWith(Version, await RunAsync("/usr/bin/datalogger", "--version"), StringComparison.Ordinal);
        var w1 = new FakeW1Tree(_temp.Combine("w1")).Probe(FakeW1Tree.GoodId, FakeW1Tree.Good(26875));
        var settings = new[] { "--config", "/etc/datalogger/datalogger.json", "--data", _temp.Combine("data"), "--w1-root", w1.Root, "--clock", "trusted", "--port", "0" };
        var doctor = await RunAsync("/usr/bin/datalogger", ["doctor", .. settings]);
        Assert.Contains($"✓ probe {FakeW1Tree.GoodId} (pool): 26.875 °C now", doctor);
        Assert.EndsWith("All checks hold.", doctor.TrimEnd(), StringComparison.Ordinal);
        var once = await RunAsync("/usr/bin/datalogger", ["run", "--once", .. settings]);
        Assert.Contains($"Stored 26.875 °C (80.375 °F) from DS18B20 {FakeW1Tree.GoodId}", once);

        // The units' MemoryDenyWriteExecute: the kernel's own refusal of writable-and-executable memory (PR_SET_MDWE),
        // set before the installed executable starts, and a reading through DuckDB and Skia all the same.
        var mdwe = _temp.Combine("mdwe");
        await RunAsync("clang", "-o", mdwe, Path.Join(RepositoryRoot.Path, "tests", "DataLogger.Cli.Tests", "Native", "mdwe.c"));
        var (exit, denied) = await DebianPackages.RunAsync(mdwe, ["/usr/bin/datalogger", "run", "--once", .. settings]);
        if (exit != 125) // 125: a kernel before 6.3, which cannot say
        {
            Assert.True(exit == 0, denied);
            Assert.Contains("Stored 26.875 °C", denied);
        }
        Assert.Contains($"DataLogger {Version}</p>", await File.ReadAllTextAsync(_temp.Combine("data", "site", "index.html")));
    }

    // Both units verify, and their exposure (systemd-analyze security) stays "OK" (the README records the score).
    static async Task UnitsAsync()
    {
        await RunAsync("systemd-analyze", "verify", "/lib/systemd/system/datalogger-agent.service", "/lib/systemd/system/datalogger.service");
        foreach (var unit in new[] { "datalogger-agent.service", "datalogger.service" })
        {
            var (_, report) = await DebianPackages.RunAsync("systemd-analyze", ["security", "--offline=true", "/lib/systemd/system/" + unit]);
            var score = Regex.Match(report, @"Overall exposure level for \S+: (\d+\.\d)");
            Assert.True(score.Success, report);
            Assert.InRange(double.Parse(score.Groups[1].Value, CultureInfo.InvariantCulture), 0, 2.0);
            Assert.Contains($"{unit}` {score.Groups[1].Value}", await File.ReadAllTextAsync(Path.Join(RepositoryRoot.Path, "docs", "guide", "1-install.md")));
        }
    }

    // A second build (the first repacked with a higher version and a changed default conffile), installed over the
    // first as apt does without asking: the user's edit stays, the new default lands beside it, the data stays.
    async Task UpgradeKeepingTheEditAsync(string deb)
    {
        const string conffile = "/etc/datalogger/datalogger.json";
        await File.WriteAllTextAsync(conffile, (await File.ReadAllTextAsync(conffile)).Replace("  // \"title\": \"Pool\",", "  \"title\": \"Our pool\",", StringComparison.Ordinal));
        await File.WriteAllTextAsync("/var/lib/datalogger/kept.txt", "readings");

        var second = await PackageBuilds.SecondAsync(deb, _temp.Path);
        await RunAsync("dpkg", "-i", "--force-confold", second);
        Assert.Equal($"install ok installed {Version}+second", (await RunAsync("dpkg-query", "-W", "-f=${Status} ${Version}", "datalogger")).Trim());
        Assert.Contains("  \"title\": \"Our pool\",", await File.ReadAllTextAsync(conffile));
        Assert.Contains("// A setting the second version documents.", await File.ReadAllTextAsync(conffile + ".dpkg-dist"));
        Assert.Equal("readings", await File.ReadAllTextAsync("/var/lib/datalogger/kept.txt"));
    }

    static async Task RemoveAndPurgeAsync()
    {
        await RunAsync("dpkg", "--remove", "datalogger");
        Assert.False(File.Exists("/usr/lib/datalogger/datalogger"));
        Assert.False(File.Exists("/lib/systemd/system/datalogger-agent.service"));
        Assert.True(File.Exists("/etc/datalogger/datalogger.json")); // remove keeps the settings ...
        Assert.Equal("readings", await File.ReadAllTextAsync("/var/lib/datalogger/kept.txt")); // ... and the data

        await RunAsync("dpkg", "--purge", "datalogger");
        Assert.False(Directory.Exists("/etc/datalogger"));
        Assert.False(Directory.Exists("/var/lib/datalogger"));
        Assert.NotEqual(0, (await DebianPackages.RunAsync("getent", ["passwd", "datalogger"])).Exit);
    }

    [Fact]
    public async Task The_arm64_package_holds_an_aarch64_executable_that_runs_under_qemu_with_debians_arm64_libraries()
    {
        await EnsureToolsAsync();
        const string qemu = "/usr/bin/qemu-aarch64-static";
        await DebianPackages.EnsureAsync("the linux-arm64 cross toolchain and qemu-user", ["/usr/aarch64-linux-gnu/lib/crt1.o", "/usr/bin/aarch64-linux-gnu-strip", qemu],
            "gcc-aarch64-linux-gnu", "binutils-aarch64-linux-gnu", "qemu-user-static");
        string[] pi = ["/lib/ld-linux-aarch64.so.1", "/usr/lib/aarch64-linux-gnu/libssl.so.3", "/usr/lib/aarch64-linux-gnu/libstdc++.so.6"];
        if (!pi.All(File.Exists))
        {
            await DebianPackages.RunAsync("dpkg", ["--add-architecture", "arm64"]);
        }

        await DebianPackages.EnsureAsync("Debian's arm64 libc, libstdc++ and OpenSSL (dpkg --add-architecture arm64)", pi, "libssl3:arm64", "libstdc++6:arm64");
        var deb = await BuildAsync("arm64");
        var (_, lint) = await DebianPackages.RunAsync("lintian", ["--pedantic", deb]);
        Assert.DoesNotMatch(new Regex("^[EW]: ", RegexOptions.Multiline), lint);
        Assert.Equal("arm64", (await RunAsync("dpkg-deb", "-f", deb, "Architecture")).Trim());

        // Unpacked as dpkg would, and run as a Pi would: its version, and one reading through the page.
        var root = _temp.Combine("arm64");
        await RunAsync("dpkg-deb", "-x", deb, root);
        var executable = Path.Join(root, "usr", "lib", "datalogger", "datalogger");
        var header = new byte[20];
        await using (var stream = File.OpenRead(executable))
        {
            await stream.ReadExactlyAsync(header);
        }

        Assert.Equal(0xB7, header[18]); // EM_AARCH64
        Assert.StartsWith(Version, await RunAsync(qemu, executable, "--version"), StringComparison.Ordinal);
        var w1 = new FakeW1Tree(_temp.Combine("w1")).Probe(FakeW1Tree.GoodId, FakeW1Tree.Good(25500));
        var once = await RunAsync(qemu, executable, "run", "--once", "--config", Path.Join(root, "etc", "datalogger", "datalogger.json"), "--data", _temp.Combine("data"),
            "--w1-root", w1.Root, "--clock", "trusted");
        Assert.Contains($"Stored 25.50 °C (77.90 °F) from DS18B20 {FakeW1Tree.GoodId}", once);
        Assert.True(File.Exists(_temp.Combine("data", "site", "chart-24h.png")));
    }
}

[CollectionDefinition(DebianPackageTests.Name, DisableParallelization = true)]
public sealed class DebianPackageOperations;
