using System.Net;
using System.Net.Sockets;
using DataLogger.Storage.S3;
using DataLogger.Testing;

namespace DataLogger.Cli.Tests;

/// <summary>
/// <c>datalogger doctor</c> against real parts: a fake 1-Wire tree, the S3 test server (the test object put, read back
/// and gone), Mosquitto, a webhook receiver; and each failure with its fix, the exit code 1.
/// </summary>
public sealed class DoctorTests : IAsyncLifetime, IDisposable
{
    readonly TempDirectory _temp = new();
    S3Server _s3 = null!;

    public async Task InitializeAsync() => _s3 = await S3Server.StartAsync(_temp.Combine("s3"));

    public async Task DisposeAsync() => await _s3.DisposeAsync();

    public void Dispose() => _temp.Dispose();

    string Config(string json)
    {
        var path = _temp.Combine("datalogger.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public async Task With_everything_in_place_each_check_holds_and_it_exits_0()
    {
        var w1 = new FakeW1Tree(_temp.Combine("w1")).Probe(FakeW1Tree.GoodId, FakeW1Tree.Good(27125)).Probe("28-00000a1b2c3d", FakeW1Tree.Good(18500));
        await using var broker = await Mosquitto.StartAsync(_temp.Combine("mqtt"));
        using var hook = new TcpListener(IPAddress.Loopback, 0);
        hook.Start();
        var port = FreePort.Next();
        var config = Config($$"""
            {
              "w1Root": "{{w1.Root}}", "clock": "trusted", "port": {{port}},
              "probes": [{"id": "{{FakeW1Tree.GoodId}}", "series": "pool"}, {"id": "28-00000a1b2c3d", "series": "air"}],
              "store": "s3://data/house", "s3Endpoint": "{{_s3.Endpoint}}",
              "mqtt": "{{broker.Url}}",
              "alerts": {"below": 10, "notify": ["http://127.0.0.1:{{((IPEndPoint)hook.LocalEndpoint).Port}}/hook"]}
            }
            """);

        var (exit, output, error) = await CliRunner.RunAsync("doctor", "--config", config, "--data", _temp.Combine("data"));

        Assert.True(exit == 0, output + error);
        var lines = output.TrimEnd().Split('\n');
        Assert.Equal($"datalogger {ProductVersion.Current}", lines[0]);
        Assert.Contains($"✓ settings: {config} read", lines);
        Assert.Contains($"✓ 1-Wire: 2 thermometers at {w1.Root}", lines);
        Assert.Contains($"✓ probe {FakeW1Tree.GoodId} (pool): 27.125 °C now", lines);
        Assert.Contains("✓ probe 28-00000a1b2c3d (air): 18.5 °C now", lines);
        Assert.Contains("✓ clock: trusted by the clock setting (a real-time clock)", lines);
        Assert.Contains(lines, l => l.StartsWith($"✓ data folder: {_temp.Combine("data")} is writable, ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("✓ store: s3://data/house/: a test object put, read back and deleted (pool/doctor/", StringComparison.Ordinal));
        Assert.Contains($"✓ mqtt: mqtt://127.0.0.1:{broker.Port} took a connection", lines);
        Assert.Contains(lines, l => l.StartsWith("✓ alerts: http://127.0.0.1:", StringComparison.Ordinal) && l.EndsWith("takes connections", StringComparison.Ordinal));
        Assert.Contains($"✓ port: 127.0.0.1:{port} is free for the page", lines);
        Assert.Equal("All checks hold.", lines[^1]);

        // The test object is gone again.
        using var bucket = S3ObjectStore.Create(new S3StoreOptions { Bucket = "data", Endpoint = _s3.Endpoint });
        Assert.Empty(await bucket.ListAsync("house/pool/doctor/").ToListAsync());
    }

    [Fact]
    public async Task Each_failure_says_what_to_do_and_it_exits_1()
    {
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var taken = ((IPEndPoint)busy.LocalEndpoint).Port;
        var closed = FreePort.Next();
        var w1 = new FakeW1Tree(_temp.Combine("w1")).Probe(FakeW1Tree.GoodId, FakeW1Tree.CrcNo);
        var config = Config($$"""
            {
              "w1Root": "{{w1.Root}}", "sensor": "onewire", "clock": "trusted", "port": {{taken}},
              "store": "s3://nope/house", "s3Endpoint": "{{_s3.Endpoint}}",
              "mqtt": "mqtt://127.0.0.1:{{closed}}",
              "alerts": {"below": 10, "notify": ["http://127.0.0.1:{{closed}}/hook"]}
            }
            """);

        var (exit, output, _) = await CliRunner.RunAsync("doctor", "--config", config, "--data", _temp.Combine("data"));

        Assert.Equal(1, exit);
        var lines = output.TrimEnd().Split('\n');
        Assert.Contains(lines, l => l.StartsWith($"✗ probe {FakeW1Tree.GoodId} (pool): DS18B20 {FakeW1Tree.GoodId}: the probe's CRC check failed", StringComparison.Ordinal) && l.Contains("; fix: check its wiring", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("✗ store: s3://nope/house: ", StringComparison.Ordinal) && l.Contains("; fix: check the bucket's name", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"✗ mqtt: mqtt://127.0.0.1:{closed}: ", StringComparison.Ordinal) && l.Contains("; fix: check the broker's host and port", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"✗ alerts: http://127.0.0.1:{closed}/hook: 127.0.0.1:{closed} refused the connection", StringComparison.Ordinal));
        Assert.Contains($"✗ port: 127.0.0.1:{taken} is in use by another program; fix: stop it (sudo ss -ltnp shows which), or set \"port\" to another", lines);
        Assert.Matches(@"^5 of \d+ checks failed\.$", lines[^1]);
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public async Task A_probe_the_settings_name_that_the_bus_does_not_list_is_a_failure_that_says_so()
    {
        var w1 = new FakeW1Tree(_temp.Combine("w1")).Probe(FakeW1Tree.GoodId, FakeW1Tree.Good(26000));
        var config = Config($$"""
            {
              "w1Root": "{{w1.Root}}", "clock": "trusted", "port": {{FreePort.Next()}},
              "probes": [{"id": "{{FakeW1Tree.GoodId}}", "series": "pool"}, {"id": "28-00000a1b2c3d", "series": "air"}]
            }
            """);

        var (exit, output, _) = await CliRunner.RunAsync("doctor", "--config", config, "--data", _temp.Combine("data"));

        Assert.Equal(1, exit);
        var lines = output.TrimEnd().Split('\n');
        Assert.Contains($"✓ probe {FakeW1Tree.GoodId} (pool): 26.0 °C now", lines);
        Assert.Contains(lines, l => l.StartsWith($"✗ probe 28-00000a1b2c3d (air): set in the settings, but the bus at {w1.Root} does not list it (it lists {FakeW1Tree.GoodId}); fix: check its wiring", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public async Task Without_a_bus_it_says_so_twice_and_still_checks_the_rest()
    {
        var (exit, output, _) = await CliRunner.RunAsync("doctor", "--config", Config("""{"sensor": "onewire", "w1Root": "/nonexistent/w1", "port": 8080}"""), "--data", _temp.Combine("data"));
        Assert.Equal(1, exit);
        var lines = output.TrimEnd().Split('\n');
        Assert.Contains(lines, l => l.StartsWith("✗ settings: no 1-Wire thermometer under /nonexistent/w1", StringComparison.Ordinal) && l.EndsWith("; fix: correct it in " + _temp.Combine("datalogger.json"), StringComparison.Ordinal));
        Assert.Contains("✗ 1-Wire: no 1-Wire bus at /nonexistent/w1; fix: add dtoverlay=w1-gpio to /boot/firmware/config.txt and reboot (data on GPIO 4, a 4.7 kΩ pull-up to 3.3 V)", lines);
        Assert.Contains(lines, l => l.StartsWith("✓ data folder: ", StringComparison.Ordinal));
        Assert.Contains("- store: no \"store\" set: run keeps the readings in the data folder", lines);
    }
}
