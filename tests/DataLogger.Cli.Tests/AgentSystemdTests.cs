using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using DataLogger.Testing;

namespace DataLogger.Cli.Tests;

/// <summary>
/// The agent as a systemd <c>Type=notify</c> service: started by a parent process named <c>systemd</c> (how .NET
/// recognises one) with <c>NOTIFY_SOCKET</c> set, it reports <c>READY=1</c> on that socket once it runs, and
/// <c>STOPPING=1</c> when it is stopped with SIGTERM, as systemd does.
/// </summary>
public sealed class AgentSystemdTests : IDisposable
{
    readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    // The agent with these arguments started by a shell named "systemd" (/proc/<ppid>/comm is what .NET checks), with
    // NOTIFY_SOCKET on the socket returned, and the environment given.
    (Process Service, Socket Socket) StartUnderSystemd(string agentArguments, params (string Name, string Value)[] environment)
    {
        var fakeSystemd = _temp.Combine("systemd");
        File.Copy("/bin/sh", fakeSystemd);
        var dll = Path.Join(AppContext.BaseDirectory, "datalogger.dll");
        return Start(fakeSystemd, $"dotnet '{dll}' agent --data '{_temp.Path}' {agentArguments}; true", "notify.sock", environment);
    }

    // The command started as systemd 248 and later start a service: SYSTEMD_EXEC_PID is its own id (set by a shell that
    // then execs it), NOTIFY_SOCKET names the socket, and its parent is not named systemd (ProtectProc=invisible hides
    // the parent's /proc entry under the package's units, so that cannot be what tells).
    (Process Service, Socket Socket) StartAsExecPid(string arguments, params (string Name, string Value)[] environment) =>
        Start("sh", $"export SYSTEMD_EXEC_PID=$$; exec dotnet '{Path.Join(AppContext.BaseDirectory, "datalogger.dll")}' {arguments}", "notify-exec.sock", environment);

    (Process Service, Socket Socket) Start(string shell, string script, string socketName, (string Name, string Value)[] environment)
    {
        var socketPath = _temp.Combine(socketName);
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));
        var start = new ProcessStartInfo(shell) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.Environment["NOTIFY_SOCKET"] = socketPath;
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return (Process.Start(start)!, socket);
    }

    [Fact]
    public async Task Tells_systemd_when_it_is_ready_and_when_it_stops()
    {
        var (service, socket) = StartUnderSystemd("--interval 1s --sensor simulated");
        using var serviceScope = service;
        using var socketScope = socket;
        var output = service.StandardOutput.ReadToEndAsync();
        try
        {
            var messages = new StringBuilder();
            var buffer = new byte[4096];
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (!messages.ToString().Contains("READY=1", StringComparison.Ordinal))
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                messages.Append(Encoding.UTF8.GetString(buffer, 0, n)).Append('\n');
            }

            // A reading is taken and uploaded while it runs.
            await WaitUntil(() => Directory.Exists(_temp.Combine("bucket")) && Directory.GetFiles(_temp.Combine("bucket"), "*.json", SearchOption.AllDirectories).Length > 0);

            // systemctl stop: SIGTERM to the service's process (the dotnet child of the fake systemd).
            var child = FindChild(service.Id);
            using (var kill = Process.Start("kill", ["-TERM", child.ToString()]))
            {
                await kill.WaitForExitAsync();
            }

            while (!messages.ToString().Contains("STOPPING=1", StringComparison.Ordinal))
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                messages.Append(Encoding.UTF8.GetString(buffer, 0, n)).Append('\n');
            }

            await service.WaitForExitAsync(timeout.Token);
            var log = await output;
            Assert.Contains("<6>datalogger.agent", log); // journal priorities, the systemd console format
            Assert.Contains("Stopped:", log);
        }
        finally
        {
            if (!service.HasExited)
            {
                service.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public async Task Tells_the_watchdog_it_is_alive_while_it_samples_and_stops_when_a_read_hangs_so_systemd_restarts_it()
    {
        var w1 = new FakeW1Tree(_temp.Combine("w1")).Probe(FakeW1Tree.GoodId, FakeW1Tree.Good(26875));
        var (service, socket) = StartUnderSystemd($"--interval 1s --sensor onewire --w1-root '{w1.Root}'", ("WATCHDOG_USEC", "2000000")); // WatchdogSec=2
        using var serviceScope = service;
        using var socketScope = socket;
        _ = service.StandardOutput.ReadToEndAsync();
        try
        {
            // Alive: a WATCHDOG=1 every second while readings are taken.
            Assert.True(await CountAsync(socket, "WATCHDOG=1", TimeSpan.FromSeconds(30), atLeast: 3) >= 3);

            // A read that never returns (the probe's file a pipe no one writes): the pings stop within the timeout.
            var slave = Path.Join(w1.Root, FakeW1Tree.GoodId, "w1_slave");
            File.Delete(slave);
            using (var mkfifo = Process.Start("mkfifo", [slave]))
            {
                await mkfifo.WaitForExitAsync();
            }

            await Task.Delay(TimeSpan.FromSeconds(4)); // the next tick reads the pipe and hangs; the pings sent before it drain
            while (socket.Available > 0)
            {
                socket.Receive(new byte[4096]);
            }

            Assert.Equal(0, await CountAsync(socket, "WATCHDOG=1", TimeSpan.FromSeconds(4), atLeast: 1));
        }
        finally
        {
            if (!service.HasExited)
            {
                service.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public async Task Tells_systemd_it_is_ready_when_only_SYSTEMD_EXEC_PID_says_systemd_started_it()
    {
        var (service, socket) = StartAsExecPid($"agent --data '{_temp.Path}' --interval 1s --sensor simulated");
        using var serviceScope = service;
        using var socketScope = socket;
        _ = service.StandardOutput.ReadToEndAsync();
        try
        {
            Assert.Equal(1, await CountAsync(socket, "READY=1", TimeSpan.FromSeconds(60), atLeast: 1));
        }
        finally
        {
            service.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task Run_tells_the_watchdog_it_is_alive_while_it_samples_and_says_so_and_stops_when_a_read_hangs()
    {
        var w1 = new FakeW1Tree(_temp.Combine("w1")).Probe(FakeW1Tree.GoodId, FakeW1Tree.Good(26875));
        var (service, socket) = StartAsExecPid(
            $"run --data '{_temp.Combine("run")}' --port 0 --interval 10s --sensor onewire --clock trusted --w1-root '{w1.Root}'", ("WATCHDOG_USEC", "12000000")); // WatchdogSec=12
        using var serviceScope = service;
        using var socketScope = socket;
        var output = new StringBuilder();
        service.OutputDataReceived += (_, line) => { lock (output) { output.AppendLine(line.Data); } };
        service.BeginOutputReadLine();
        try
        {
            Assert.Equal(1, await CountAsync(socket, "READY=1", TimeSpan.FromSeconds(60), atLeast: 1));
            Assert.True(await CountAsync(socket, "WATCHDOG=1", TimeSpan.FromSeconds(30), atLeast: 2) >= 2);

            var slave = Path.Join(w1.Root, FakeW1Tree.GoodId, "w1_slave");
            File.Delete(slave);
            using (var mkfifo = Process.Start("mkfifo", [slave]))
            {
                await mkfifo.WaitForExitAsync();
            }

            await WaitUntil(() => { lock (output) { return output.ToString().Contains("Sampling has not moved for 12 s", StringComparison.Ordinal); } }, TimeSpan.FromSeconds(45));
            while (socket.Available > 0)
            {
                socket.Receive(new byte[4096]);
            }

            Assert.Equal(0, await CountAsync(socket, "WATCHDOG=1", TimeSpan.FromSeconds(8), atLeast: 1));
        }
        finally
        {
            service.Kill(entireProcessTree: true);
        }
    }

    // How many messages containing text arrive within the time (stopping early at atLeast).
    static async Task<int> CountAsync(Socket socket, string text, TimeSpan within, int atLeast)
    {
        var count = 0;
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(within);
        try
        {
            while (count < atLeast)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                count += Encoding.UTF8.GetString(buffer, 0, n).Contains(text, StringComparison.Ordinal) ? 1 : 0;
            }
        }
        catch (OperationCanceledException)
        {
        }

        return count;
    }

    static int FindChild(int parent)
    {
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid))
            {
                try
                {
                    var stat = File.ReadAllText(Path.Join(dir, "stat"));
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    if (int.Parse(fields[1]) == parent)
                    {
                        return pid;
                    }
                }
                catch (IOException)
                {
                }
            }
        }

        throw new InvalidOperationException($"process {parent} has no child");
    }

    static async Task WaitUntil(Func<bool> condition, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
            await Task.Delay(50);
        }
    }
}
