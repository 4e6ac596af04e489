using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using QRCoder;

namespace DataLogger.Cli.Output;

/// <summary>
/// Where a phone on the same network opens the page <c>run</c> serves: each LAN address of this machine (IPv4, up, not
/// loopback or link-local) and its mDNS name (<c>hostname.local</c>, which Raspberry Pi OS announces), when it listens
/// on every address (<c>--bind 0.0.0.0</c>) or on one of them; none when it listens on loopback only. The first is
/// also drawn as a QR code in the terminal (QRCoder, in Unicode half blocks) for the phone's camera.
/// </summary>
static class PhoneAddresses
{
    /// <summary>The addresses a phone can open, LAN addresses first; empty when <paramref name="bind"/> is loopback.</summary>
    public static IReadOnlyList<string> Of(string bind, int port, IEnumerable<IPAddress>? lan = null, string? host = null)
    {
        ArgumentNullException.ThrowIfNull(bind);
        var everywhere = bind is "0.0.0.0" or "::" or "*" or "+";
        if (!everywhere && (!IPAddress.TryParse(bind, out var one) || IPAddress.IsLoopback(one)))
        {
            return [];
        }

        var addresses = everywhere ? (lan ?? LanAddresses()).ToList() : [IPAddress.Parse(bind)];
        var urls = addresses.Select(a => string.Create(CultureInfo.InvariantCulture, $"http://{a}:{port}/")).ToList();
        if (everywhere && (host ?? Dns.GetHostName()) is { Length: > 0 } name && !name.Contains('.', StringComparison.Ordinal))
        {
            urls.Add(string.Create(CultureInfo.InvariantCulture, $"http://{name.ToLowerInvariant()}.local:{port}/"));
        }

        return urls;
    }

    /// <summary>A QR code of <paramref name="url"/> for a terminal: two rows of modules a line, with its quiet zone.</summary>
    public static string Qr(string url)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.L);
        using var code = new AsciiQRCode(data);
        return code.GetGraphicSmall(drawQuietZones: true, invert: false, endOfLine: "\n");
    }

    // This machine's IPv4 addresses on interfaces that are up, not loopback and not link-local (169.254.x.x).
    static IEnumerable<IPAddress> LanAddresses() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses.Select(u => u.Address))
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a) && !a.ToString().StartsWith("169.254.", StringComparison.Ordinal))
            .Distinct();
}
