using System.Net;
using DataLogger.Cli.Output;
using DataLogger.Testing;

namespace DataLogger.Cli.Tests;

/// <summary><c>run --bind 0.0.0.0</c> says where a phone opens the page: each LAN address and <c>hostname.local</c>, and a QR code of the first.</summary>
public sealed class PhoneAddressesTests
{
    [Fact]
    public void Every_address_gives_the_lan_ones_and_the_mdns_name_and_loopback_gives_none()
    {
        IPAddress[] lan = [IPAddress.Parse("192.168.1.23"), IPAddress.Parse("10.0.0.5")];
        Assert.Equal(["http://192.168.1.23:8080/", "http://10.0.0.5:8080/", "http://poolpi.local:8080/"], PhoneAddresses.Of("0.0.0.0", 8080, lan, "PoolPi"));
        Assert.Equal(["http://192.168.1.23:8080/"], PhoneAddresses.Of("192.168.1.23", 8080, lan, "poolpi"));
        Assert.Empty(PhoneAddresses.Of("127.0.0.1", 8080, lan, "poolpi"));
        Assert.Empty(PhoneAddresses.Of("::1", 8080, lan, "poolpi"));
    }

    [Fact]
    public void The_qr_code_is_square_blocks_with_its_quiet_zone()
    {
        var lines = PhoneAddresses.Qr("http://192.168.1.23:8080/").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.Matches("^[█▀▄ ]+$", l));
        Assert.Equal(33, lines[0].Length); // version 2 (25 modules) and a quiet zone of 4 on each side
        Assert.Equal(17, lines.Length); // two rows of modules a line
    }

    [Fact]
    public async Task Run_on_every_address_prints_where_a_phone_opens_it_and_its_qr_code()
    {
        using var temp = new TempDirectory();
        using var run = Running.Start(["run", "--data", temp.Combine("data"), "--bind", "0.0.0.0", "--port", "0"], workingDirectory: temp.Path);
        await run.WaitForLineAsync(@"^On a phone on this network, open http://\d+\.\d+\.\d+\.\d+:\d+/ .*or http://[a-z0-9-]+\.local:\d+/ \(or scan\):$");
        await run.WaitForLineAsync("^█{33}$");
    }
}
