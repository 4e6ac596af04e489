using System.Net;
using System.Net.Sockets;

namespace DataLogger.Testing;

/// <summary>A free TCP port on 127.0.0.1, for a server a test starts: the one place the tests find one.</summary>
public static class FreePort
{
    /// <summary>A port nothing listens on now (the system's choice, released at once).</summary>
    public static int Next()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
