using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DataLogger.Testing;

/// <summary>
/// A real MQTT broker on 127.0.0.1: Debian's <c>mosquitto</c> (installed with apt-get, as root, when missing), started
/// with a config of its own (<c>listener PORT 127.0.0.1</c>, no persistence; anonymous, or a password file for the
/// refused-login tests). It can be stopped and started again on the same port, as a broker that goes away mid-run.
/// </summary>
public sealed class Mosquitto : IAsyncDisposable
{
    const string Binary = "/usr/sbin/mosquitto";

    readonly string _config;
    Process? _process;

    Mosquitto(int port, string config)
    {
        Port = port;
        _config = config;
    }

    public int Port { get; }

    public string Url => $"mqtt://127.0.0.1:{Port}";

    /// <summary>Starts a broker; with <paramref name="user"/>, only that user and password may connect.</summary>
    public static async Task<Mosquitto> StartAsync(string folder, string? user = null, string? password = null)
    {
        await EnsureInstalledAsync();
        Directory.CreateDirectory(folder);
        var port = FreePort.Next();
        var config = Path.Join(folder, "mosquitto.conf");
        var lines = new List<string> { $"listener {port} 127.0.0.1", "persistence false", "log_dest stderr" };
        if (user is null)
        {
            lines.Add("allow_anonymous true");
        }
        else
        {
            var passwords = Path.Join(folder, "passwords");
            await RunAsync("mosquitto_passwd", ["-b", "-c", passwords, user, password ?? string.Empty]);
            lines.Add("allow_anonymous false");
            lines.Add($"password_file {passwords}");
        }

        await File.WriteAllLinesAsync(config, lines);
        var broker = new Mosquitto(port, config);
        await broker.StartAgainAsync();
        return broker;
    }

    /// <summary>Starts the broker (again), on the same port.</summary>
    public async Task StartAgainAsync()
    {
        var start = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(_config);
        _process = Process.Start(start)!;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        for (var deadline = DateTime.UtcNow.AddSeconds(15); ; await Task.Delay(50))
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
            }
            catch (SocketException)
            {
                throw new InvalidOperationException($"mosquitto did not start on port {Port} (exit {(_process.HasExited ? _process.ExitCode : -1)})");
            }
        }
    }

    /// <summary>Stops the broker, as one that goes away (its clients' connections drop).</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    static Task EnsureInstalledAsync() =>
        DebianPackages.EnsureAsync("mosquitto", [Binary, "/usr/bin/mosquitto_passwd"], "mosquitto", "mosquitto-clients");

    static async Task RunAsync(string file, string[] args)
    {
        var (exit, output) = await DebianPackages.RunAsync(file, args);
        if (exit != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {output}");
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
