using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DataLogger.Testing;

/// <summary>
/// A real SMTP server on 127.0.0.1: Debian's <c>python3-aiosmtpd</c> (<c>python3 -m aiosmtpd -n -l 127.0.0.1:PORT</c>),
/// which prints every message it receives; installed with apt-get (as root) when missing. Debian's own Python is used,
/// since the <c>python3</c> on PATH may be another interpreter without Debian's modules.
/// </summary>
public sealed class SmtpServer : IAsyncDisposable
{
    const string Python = "/usr/bin/python3";

    readonly Process _process;
    readonly ConcurrentQueue<string> _lines = new();

    SmtpServer(int port, Process process)
    {
        Port = port;
        _process = process;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) { _lines.Enqueue(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { _lines.Enqueue("stderr: " + e.Data); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Port { get; }

    /// <summary>Everything the server printed: each message's headers and body, between its own markers.</summary>
    public string Output => string.Join("\n", _lines);

    public static async Task<SmtpServer> StartAsync()
    {
        await EnsureInstalledAsync();
        var port = FreePort.Next();
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["PYTHONUNBUFFERED"] = "1";
        var server = new SmtpServer(port, Process.Start(start)!);
        for (var deadline = DateTime.UtcNow.AddSeconds(20); ; await Task.Delay(100))
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return server;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !server._process.HasExited)
            {
            }
            catch (SocketException)
            {
                throw new InvalidOperationException($"aiosmtpd did not start on port {port}: {server.Output}");
            }
        }
    }

    /// <summary>Waits until the output holds <paramref name="text"/>; returns the output.</summary>
    public async Task<string> WaitForAsync(string text, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the SMTP server never received '{text}'. It printed:\n{Output}");
            }

            await Task.Delay(50);
        }

        return Output;
    }

    static Task EnsureInstalledAsync() => DebianPackages.EnsureAsync(
        "the SMTP test server (Debian's python3-aiosmtpd, for /usr/bin/python3)",
        async () => (await DebianPackages.RunAsync(Python, ["-c", "import aiosmtpd"])).Exit == 0,
        "python3-aiosmtpd");

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
