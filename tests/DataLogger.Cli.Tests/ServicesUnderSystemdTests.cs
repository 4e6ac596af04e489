using System.Diagnostics;
using DataLogger.Device.Clock;
using DataLogger.Testing;
using Xunit.Abstractions;

namespace DataLogger.Cli.Tests;

/// <summary>
/// The package's two services where they really run: a Debian 12 machine with systemd 252 as PID 1 (a container booted by
/// <c>systemd-nspawn</c> from a <c>debootstrap</c>ped root, <see cref="SystemdContainer"/>), the amd64 package installed
/// with apt, the shipped units as they are but for a drop-in each that points them at a fake 1-Wire tree, a ten-second
/// interval and a 30-second watchdog (the shipped two minutes would make a slow test). Checks that both become active
/// and stay so, that the page answers and readings are stored, that the agent under the shipped unit waits for an
/// unsynchronized clock, that a hung probe gets each restarted by the watchdog, that <c>systemctl stop</c> returns at
/// once, and an upgrade, a remove and a purge while they run.
/// </summary>
[Collection(DebianPackageTests.Name)]
public sealed class ServicesUnderSystemdTests(ITestOutputHelper output) : IDisposable
{
    const string Run = "datalogger.service";
    const string Agent = "datalogger-agent.service";

    readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Both_services_become_active_store_readings_wait_for_the_clock_restart_when_a_probe_hangs_and_upgrade_remove_and_purge_while_running()
    {
        var deb = await PackageBuilds.ForAsync("amd64");
        var second = await PackageBuilds.SecondAsync(deb, _temp.Path);
        await using var container = await SystemdContainer.BootAsync(_temp.Combine("container"));
        File.Copy(deb, container.HostPath("/var/tmp/datalogger.deb"));
        File.Copy(second, container.HostPath("/var/tmp/datalogger-second.deb"));
        await container.MustRunAsync("apt-get", "install", "-y", "-q", "/var/tmp/datalogger.deb");

        var port = FreePort.Next();
        var runProbe = new FakeW1Tree(container.HostPath("/srv/w1-run")).Probe(FakeW1Tree.GoodId, FakeW1Tree.Good(26875));
        var agentProbe = new FakeW1Tree(container.HostPath("/srv/w1-agent")).Probe(FakeW1Tree.GoodId, FakeW1Tree.Good(24500));
        // run trusts the clock (its page must show a reading whatever the host's clock says); the agent keeps the shipped
        // "synchronized" and uploads into a folder of its own.
        await DropInAsync(container, Run, "DATALOGGER__W1ROOT=/srv/w1-run", "DATALOGGER__CLOCK=trusted", $"DATALOGGER__PORT={port}");
        await DropInAsync(container, Agent, "DATALOGGER__W1ROOT=/srv/w1-agent", "DATALOGGER__STORE=file:///var/lib/datalogger/agent-bucket");

        var started = Stopwatch.StartNew();
        await container.MustRunAsync("systemctl", "enable", "--now", Run, Agent);
        await WaitAsync(async () => await container.PropertyAsync(Run, "ActiveState") == "active" && await container.PropertyAsync(Agent, "ActiveState") == "active", TimeSpan.FromSeconds(30),
            async () => await container.JournalAsync(Run) + await container.JournalAsync(Agent));
        output.WriteLine($"both services active after {started.Elapsed.TotalSeconds:0.0} s");

        // The page answers, and run's readings are stored (the shared network: the host reaches the container's port).
        using var http = new HttpClient();
        await WaitAsync(async () => Files(container, "/var/lib/datalogger/bucket/pool").Length > 0, TimeSpan.FromSeconds(30), () => container.JournalAsync(Run));
        // Until the first render, latest.json is not there yet (404): wait through it rather than fail on it.
        await WaitAsync(async () => (await LatestAsync(http, port)).Contains("26.875", StringComparison.Ordinal), TimeSpan.FromSeconds(30),
            async () => await LatestAsync(http, port) + await container.JournalAsync(Run));

        await TheAgentWaitsForTheClockAsync(container);
        var rest = TimeSpan.FromSeconds(40) - started.Elapsed;
        await Task.Delay(rest > TimeSpan.Zero ? rest : TimeSpan.Zero); // past the watchdog's 30 seconds: fed all along
        foreach (var unit in new[] { Run, Agent })
        {
            Assert.Equal("active", await container.PropertyAsync(unit, "ActiveState"));
            Assert.Equal("0", await container.PropertyAsync(unit, "NRestarts"));
        }

        await AHungProbeGetsBothRestartedAsync(container, runProbe, agentProbe);
        await StopReturnsPromptlyAsync(container);
        await UpgradeRemoveAndPurgeWhileRunningAsync(container);
    }

    // Under the shipped unit (its system-call filter as shipped), the agent asks the kernel and is answered: on a host
    // whose clock no time service has synchronized, it says so in one line and stores nothing.
    async Task TheAgentWaitsForTheClockAsync(SystemdContainer container)
    {
        var journal = await container.JournalAsync(Agent);
        Assert.DoesNotContain(KernelClock.RefusedMessage, journal);
        if (KernelClock.Ask() != ClockState.Unsynchronized)
        {
            output.WriteLine($"SKIPPED (in part): this host's kernel clock is {KernelClock.Ask()}, so the agent's wait for an unsynchronized clock cannot be shown here");
            return;
        }

        await WaitAsync(async () => (await container.JournalAsync(Agent)).Contains(ClockCheck.WaitingMessage, StringComparison.Ordinal), TimeSpan.FromSeconds(20), () => container.JournalAsync(Agent));
        await Task.Delay(TimeSpan.FromSeconds(12)); // past the first tick
        Assert.Empty(Files(container, "/var/lib/datalogger/agent-bucket"));
        Assert.Empty(Files(container, "/var/lib/datalogger/spool"));

        // Trusted (a real-time clock), the same agent takes and stores readings.
        await DropInAsync(container, Agent, "DATALOGGER__W1ROOT=/srv/w1-agent", "DATALOGGER__STORE=file:///var/lib/datalogger/agent-bucket", "DATALOGGER__CLOCK=trusted");
        await container.MustRunAsync("systemctl", "restart", Agent);
        await WaitAsync(async () => Files(container, "/var/lib/datalogger/agent-bucket").Length > 0, TimeSpan.FromSeconds(30), () => container.JournalAsync(Agent));
        await container.MustRunAsync("systemctl", "reset-failed", Agent); // NRestarts counts from here
    }

    // A probe read that never returns (its w1_slave a pipe no one writes): the watchdog is no longer fed, the line says
    // why, and systemd kills and restarts each service.
    async Task AHungProbeGetsBothRestartedAsync(SystemdContainer container, FakeW1Tree runProbe, FakeW1Tree agentProbe)
    {
        foreach (var tree in new[] { runProbe, agentProbe })
        {
            var slave = Path.Join(tree.Root, FakeW1Tree.GoodId, "w1_slave");
            File.Delete(slave);
            Assert.Equal(0, (await DebianPackages.RunAsync("mkfifo", ["-m", "0644", slave])).Exit);
        }

        foreach (var unit in new[] { Run, Agent })
        {
            await WaitAsync(async () => int.Parse(await container.PropertyAsync(unit, "NRestarts"), System.Globalization.CultureInfo.InvariantCulture) >= 1, TimeSpan.FromSeconds(90), () => container.JournalAsync(unit));
            var journal = await container.JournalAsync(unit);
            Assert.Contains("Sampling has not moved for 30 s", journal);
            Assert.Contains("Watchdog timeout", journal);
            output.WriteLine($"{unit}: restarted by the watchdog");
        }

        // The probes answer again: both come back active.
        File.Delete(Path.Join(runProbe.Root, FakeW1Tree.GoodId, "w1_slave"));
        File.Delete(Path.Join(agentProbe.Root, FakeW1Tree.GoodId, "w1_slave"));
        runProbe.Probe(FakeW1Tree.GoodId, FakeW1Tree.Good(27000));
        agentProbe.Probe(FakeW1Tree.GoodId, FakeW1Tree.Good(24000));
        // A restarted process may have opened the pipe before it was replaced: the watchdog restarts it again. Both are
        // back when each has taken a reading of the new values.
        await WaitAsync(async () => (await container.JournalAsync(Run)).Contains("latest 27.00 °C", StringComparison.Ordinal), TimeSpan.FromSeconds(120),
            () => container.JournalAsync(Run));
        await WaitAsync(async () => Files(container, "/var/lib/datalogger/agent-bucket").Any(f => File.ReadAllText(f).Contains("\"celsius\":24,", StringComparison.Ordinal)), TimeSpan.FromSeconds(120),
            () => container.JournalAsync(Agent));
    }

    async Task StopReturnsPromptlyAsync(SystemdContainer container)
    {
        var stopping = Stopwatch.StartNew();
        await container.MustRunAsync("systemctl", "stop", Run, Agent);
        output.WriteLine($"systemctl stop returned after {stopping.Elapsed.TotalSeconds:0.0} s");
        foreach (var unit in new[] { Run, Agent })
        {
            Assert.Equal("inactive", await container.PropertyAsync(unit, "ActiveState"));
            Assert.Equal("success", await container.PropertyAsync(unit, "Result")); // not killed after TimeoutStopSec
            Assert.Contains("Stopped:", await container.JournalAsync(unit));
        }

        await container.MustRunAsync("systemctl", "start", Run, Agent);
    }

    static async Task UpgradeRemoveAndPurgeWhileRunningAsync(SystemdContainer container)
    {
        await WaitAsync(async () => await container.PropertyAsync(Run, "ActiveState") == "active" && await container.PropertyAsync(Agent, "ActiveState") == "active", TimeSpan.FromSeconds(30),
            async () => await container.JournalAsync(Run) + await container.JournalAsync(Agent));
        var before = await container.PropertyAsync(Run, "MainPID");
        await container.MustRunAsync("apt-get", "install", "-y", "-q", "-o", "Dpkg::Options::=--force-confold", "/var/tmp/datalogger-second.deb");
        Assert.StartsWith($"{PackageBuilds.Version}+second", await container.MustRunAsync("dpkg-query", "-W", "-f=${Version}", "datalogger"), StringComparison.Ordinal);
        await WaitAsync(async () => await container.PropertyAsync(Run, "ActiveState") == "active" && await container.PropertyAsync(Agent, "ActiveState") == "active", TimeSpan.FromSeconds(30),
            async () => await container.JournalAsync(Run) + await container.JournalAsync(Agent));
        Assert.NotEqual(before, await container.PropertyAsync(Run, "MainPID")); // restarted into the new version

        await container.MustRunAsync("apt-get", "remove", "-y", "-q", "datalogger");
        Assert.Equal("inactive", await container.PropertyAsync(Run, "ActiveState"));
        Assert.NotEqual(0, (await container.RunAsync("pgrep", "-x", "datalogger")).Exit);
        Assert.NotEmpty(Files(container, "/var/lib/datalogger/bucket/pool")); // remove keeps the readings
        Assert.True(File.Exists(container.HostPath("/etc/datalogger/datalogger.json")));

        await container.MustRunAsync("apt-get", "purge", "-y", "-q", "datalogger");
        Assert.False(Directory.Exists(container.HostPath("/var/lib/datalogger")));
        Assert.False(Directory.Exists(container.HostPath("/etc/datalogger")));
        Assert.NotEqual(0, (await container.RunAsync("getent", "passwd", "datalogger")).Exit);
    }

    // A drop-in for the unit: the settings as environment, the shortest interval (10 s) and a 30-second watchdog.
    static async Task DropInAsync(SystemdContainer container, string unit, params string[] environment)
    {
        var folder = container.HostPath($"/etc/systemd/system/{unit}.d");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Join(folder, "test.conf"),
            $"[Service]\nEnvironment={string.Join(' ', environment)} DATALOGGER__INTERVAL=10s\nWatchdogSec=30\n");
        await container.MustRunAsync("systemctl", "daemon-reload");
    }

    static async Task<string> LatestAsync(HttpClient http, int port)
    {
        using var response = await http.GetAsync($"http://127.0.0.1:{port}/latest.json");
        return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
    }

    static string[] Files(SystemdContainer container, string folder) =>
        Directory.Exists(container.HostPath(folder)) ? Directory.GetFiles(container.HostPath(folder), "*.json", SearchOption.AllDirectories) : [];

    static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan within, Func<Task<string>> explain)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > within)
            {
                Assert.Fail($"not within {within.TotalSeconds:0} s:\n{await explain()}");
            }

            await Task.Delay(250);
        }
    }
}
