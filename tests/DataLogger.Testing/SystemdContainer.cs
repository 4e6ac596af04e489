using System.Diagnostics;

namespace DataLogger.Testing;

/// <summary>
/// A Debian 12 machine with systemd 252 as PID 1, booted with <c>systemd-nspawn -b</c> from a root made by
/// <c>debootstrap</c> from Debian's mirror: where the package's services really run. The root is made once (3-11 min)
/// and kept as a tarball in <see cref="CacheFolder"/>; each container unpacks a fresh copy. Needs root, Debian's
/// <c>debootstrap</c> and <c>systemd-container</c> (installed when missing).
/// </summary>
/// <remarks>
/// What this machine needs (its PID 1 is not systemd): nspawn runs with <c>--register=no --keep-unit</c>, in control
/// groups of its own made before it starts (under <c>/sys/fs/cgroup/unified</c> and <c>/sys/fs/cgroup/systemd</c>), and
/// lets the container ask the clock (<c>--system-call-filter</c>, which its own seccomp filter refuses otherwise). The
/// container shares the host's network (use free ports) and its kernel clock.
/// </remarks>
public sealed class SystemdContainer : IAsyncDisposable
{
    /// <summary>Where the root's tarball is kept between runs.</summary>
    public const string CacheFolder = "/var/cache/datalogger-tests";

    const string Packages = "systemd,systemd-sysv,dbus,ca-certificates,libicu72,adduser,libssl3,libstdc++6,curl,procps,iproute2";
    static readonly string Tarball = Path.Join(CacheFolder, "bookworm-systemd-1.tar");
    static readonly SemaphoreSlim Making = new(1, 1);

    readonly string _name;
    readonly Process _nspawn;

    SystemdContainer(string folder, string name, Process nspawn, int leader)
    {
        Folder = folder;
        _name = name;
        _nspawn = nspawn;
        Leader = leader;
    }

    /// <summary>The folder holding the root and the boot log.</summary>
    public string Folder { get; }

    /// <summary>The container's root folder, as the host sees it.</summary>
    public string Root => Path.Join(Folder, "root");

    /// <summary>The container's systemd, as the host numbers it.</summary>
    public int Leader { get; }

    /// <summary>A path inside the container, as the host sees it.</summary>
    public string HostPath(string path) => Path.Join(Root, path.TrimStart('/'));

    /// <summary>Boots a fresh container in <paramref name="folder"/> (made if missing) and waits until its systemd has finished starting.</summary>
    public static async Task<SystemdContainer> BootAsync(string folder)
    {
        if (Environment.UserName != "root")
        {
            throw new InvalidOperationException("a systemd container needs root (nspawn, control groups): run these tests as root, as CI does");
        }

        await DebianPackages.EnsureAsync("debootstrap and systemd-nspawn", ["/usr/sbin/debootstrap", "/usr/bin/systemd-nspawn", "/usr/bin/nsenter"], "debootstrap", "systemd-container", "util-linux");
        await MakeRootAsync();
        var root = Path.Join(folder, "root");
        Directory.CreateDirectory(root);
        await MustAsync("tar", "-C", root, "-xf", Tarball);

        var name = "datalogger-" + Guid.NewGuid().ToString("N")[..8];
        var log = Path.Join(folder, "boot.log");
        var script = $"""
            set -e
            for h in unified systemd; do mkdir -p /sys/fs/cgroup/$h/{name}; echo $$ > /sys/fs/cgroup/$h/{name}/cgroup.procs; done
            exec systemd-nspawn -D '{root}' -b --register=no --keep-unit --console=read-only --system-call-filter='clock_adjtime adjtimex' </dev/null >'{log}' 2>&1
            """;
        var nspawn = Process.Start(new ProcessStartInfo("sh", ["-c", script]))!;
        var leader = await FindLeaderAsync(nspawn, log);
        var container = new SystemdContainer(folder, name, nspawn, leader);
        for (var i = 0; ; i++)
        {
            var (_, state) = await container.RunAsync("systemctl", "is-system-running", "--wait");
            if (state.Trim() is "running" or "degraded")
            {
                return container;
            }

            if (i > 20)
            {
                await container.DisposeAsync();
                throw new InvalidOperationException($"the container's systemd did not finish starting ({state.Trim()}): {await File.ReadAllTextAsync(log)}");
            }

            await Task.Delay(500);
        }
    }

    // systemd as nspawn's child, once the container has started it.
    static async Task<int> FindLeaderAsync(Process nspawn, string log)
    {
        for (var i = 0; i < 300; i++)
        {
            if (nspawn.HasExited)
            {
                throw new InvalidOperationException($"systemd-nspawn exited {nspawn.ExitCode}: {(File.Exists(log) ? await File.ReadAllTextAsync(log) : string.Empty)}");
            }

            var (exit, pid) = await DebianPackages.RunAsync("pgrep", ["-P", nspawn.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "-x", "systemd"]);
            if (exit == 0 && int.TryParse(pid.Trim(), out var leader))
            {
                return leader;
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException("the container's systemd did not start within 30 s");
    }

    // The root's tarball, made with debootstrap from Debian's mirror the first time (a name and an empty machine-id set).
    static async Task MakeRootAsync()
    {
        await Making.WaitAsync();
        try
        {
            if (File.Exists(Tarball))
            {
                return;
            }

            Directory.CreateDirectory(CacheFolder);
            var building = Path.Join(CacheFolder, $"root-{Environment.ProcessId}");
            try
            {
                var (exit, output) = await DebianPackages.RunAsync("debootstrap", ["--variant=minbase", $"--include={Packages}", "bookworm", building, "http://deb.debian.org/debian"]);
                if (exit != 0)
                {
                    throw new InvalidOperationException($"debootstrap could not make a Debian 12 root from Debian's mirror (exit {exit}): {output[^Math.Min(output.Length, 2000)..]}");
                }

                await File.WriteAllTextAsync(Path.Join(building, "etc", "hostname"), "pi\n");
                await File.WriteAllTextAsync(Path.Join(building, "etc", "machine-id"), string.Empty);
                await MustAsync("tar", "-C", building, "-cf", Tarball + ".part", ".");
                File.Move(Tarball + ".part", Tarball);
            }
            finally
            {
                await DebianPackages.RunAsync("rm", ["-rf", building]);
            }
        }
        finally
        {
            Making.Release();
        }
    }

    /// <summary>Runs a command in the container (all its namespaces, a clean environment): its exit code and output.</summary>
    public Task<(int Exit, string Output)> RunAsync(params string[] command) =>
        DebianPackages.RunAsync("nsenter", ["-t", Leader.ToString(System.Globalization.CultureInfo.InvariantCulture), "-a", "env", "-i", "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8", .. command]);

    /// <summary>Runs a command in the container; one that fails fails the test with its output.</summary>
    public async Task<string> MustRunAsync(params string[] command)
    {
        var (exit, output) = await RunAsync(command);
        return exit == 0 ? output : throw new InvalidOperationException($"{string.Join(' ', command)} exited {exit} in the container:\n{output}");
    }

    /// <summary>A unit's property (<c>systemctl show -p NAME --value</c>).</summary>
    public async Task<string> PropertyAsync(string unit, string property) =>
        (await MustRunAsync("systemctl", "show", unit, "-p", property, "--value")).Trim();

    /// <summary>What the journal holds of <paramref name="unit"/>.</summary>
    public async Task<string> JournalAsync(string unit) =>
        (await RunAsync("journalctl", "-u", unit, "--no-pager", "-o", "cat")).Output;

    static async Task MustAsync(string file, params string[] args)
    {
        var (exit, output) = await DebianPackages.RunAsync(file, args);
        if (exit != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {exit}: {output}");
        }
    }

    /// <summary>Powers the container off (killing it if it does not stop), removes its control groups and its root.</summary>
    public async ValueTask DisposeAsync()
    {
        await RunAsync("systemctl", "poweroff", "--no-block");
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            try
            {
                await _nspawn.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _nspawn.Kill(entireProcessTree: true);
                await _nspawn.WaitForExitAsync();
            }
        }

        _nspawn.Dispose();
        foreach (var hierarchy in new[] { "unified", "systemd" })
        {
            var group = Path.Join("/sys/fs/cgroup", hierarchy, _name);
            if (Directory.Exists(group))
            {
                // Deepest first: rmdir of each control group the container left.
                await DebianPackages.RunAsync("sh", ["-c", $"find '{group}' -depth -type d -exec rmdir {{}} \\; 2>/dev/null; true"]);
            }
        }

        await DebianPackages.RunAsync("rm", ["-rf", "--one-file-system", Folder]);
    }
}
