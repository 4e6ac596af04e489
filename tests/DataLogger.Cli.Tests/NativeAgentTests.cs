using DataLogger.Readings;
using DataLogger.Storage.S3;
using DataLogger.Testing;

namespace DataLogger.Cli.Tests;

/// <summary>
/// The Pi agent as the README tells you to build it: one NativeAOT file for linux-arm64, cross-compiled on this x64
/// machine, run under qemu-user (Debian's <c>qemu-user-static</c>) against a fake 1-Wire tree and the S3 test server.
/// The fixture installs the cross toolchain and qemu from Debian when they are missing (as root); where it cannot, the
/// test fails saying what to install.
/// </summary>
public sealed class NativeAgentTests : IAsyncLifetime, IDisposable
{
    const string Qemu = "/usr/bin/qemu-aarch64-static";
    const string Sysroot = "/usr/aarch64-linux-gnu";

    // What "the Pi" has that the cross toolchain's sysroot lacks: OpenSSL (the agent signs its S3 requests with it), from
    // Debian's arm64 packages beside this machine's own (multiarch); qemu then runs the file with them, as a Pi would.
    static readonly string[] PiLibraries = ["/lib/ld-linux-aarch64.so.1", "/usr/lib/aarch64-linux-gnu/libssl.so.3"];

    readonly TempDirectory _temp = new();
    S3Server _server = null!;

    public async Task InitializeAsync() => _server = await S3Server.StartAsync(_temp.Combine("s3"));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task The_arm64_agent_is_one_native_file_that_reads_a_probe_and_uploads_under_qemu()
    {
        await DebianPackages.EnsureAsync(
            "the linux-arm64 native toolchain and qemu-user",
            ["/usr/bin/clang", "/usr/bin/ld.lld", Path.Join(Sysroot, "lib", "crt1.o"), Qemu],
            "clang", "lld", "zlib1g-dev", "gcc-aarch64-linux-gnu", "qemu-user-static");
        if (!PiLibraries.All(File.Exists))
        {
            await DebianPackages.RunAsync("dpkg", ["--add-architecture", "arm64"]);
        }

        await DebianPackages.EnsureAsync("Debian's arm64 libc and OpenSSL (dpkg --add-architecture arm64)", PiLibraries, "libssl3:arm64");

        // The README's command, with a folder of its own for the build's intermediate files.
        var output = _temp.Combine("out");
        var (published, log) = await DebianPackages.RunAsync("dotnet", ["publish", Path.Join(RepositoryRoot.Path, "src", "DataLogger.Agent"), "-c", "Release", "-r", "linux-arm64",
            "-p:PublishAot=true", "--artifacts-path", _temp.Combine("artifacts"), "-o", output]);
        Assert.True(published == 0, log);

        // One file and nothing beside it: an AArch64 ELF executable.
        var file = Assert.Single(Directory.GetFiles(output));
        Assert.Equal("datalogger", Path.GetFileName(file));
        var header = new byte[20];
        await using (var stream = File.OpenRead(file))
        {
            await stream.ReadExactlyAsync(header);
        }

        Assert.Equal([0x7F, (byte)'E', (byte)'L', (byte)'F'], header[..4]);
        Assert.Equal(0xB7, header[18]);
        Assert.InRange(new FileInfo(file).Length, 5_000_000, 30_000_000);

        // On "the Pi": a probe on the 1-Wire bus, one reading uploaded to the bucket.
        var w1 = new FakeW1Tree(_temp.Combine("w1")).Probe(FakeW1Tree.GoodId, FakeW1Tree.Good(26875));
        var (exit, said) = await DebianPackages.RunAsync(Qemu, [file,
            "agent", "--once", "--store", "s3://data/native", "--s3-endpoint", _server.Endpoint.ToString(), "--spool", _temp.Combine("spool"), "--w1-root", w1.Root]);
        Assert.True(exit == 0, said);
        Assert.Contains("uploaded 1 to s3://data/native/", said);

        using var store = S3ObjectStore.Create(new S3StoreOptions { Bucket = S3Server.Bucket, Prefix = "native", Endpoint = _server.Endpoint });
        var keys = new List<string>();
        await foreach (var key in store.ListAsync(""))
        {
            keys.Add(key);
        }

        var reading = ReadingJson.Decode((await store.GetAsync(Assert.Single(keys)))!);
        Assert.Equal((26.875, FakeW1Tree.GoodId), (reading.Celsius, reading.SensorId));

        // A probe that is not there: one clear line, the native build as the managed one.
        var (missing, why) = await DebianPackages.RunAsync(Qemu, [file,
            "agent", "--once", "--store", "s3://data/native", "--s3-endpoint", _server.Endpoint.ToString(), "--spool", _temp.Combine("spool2"), "--w1-root", _temp.Combine("no-bus"), "--sensor", "ds18b20"]);
        Assert.Equal(2, missing);
        Assert.DoesNotContain("   at ", why); // no stack trace
        Assert.Contains("no 1-Wire thermometer under", why);
        Assert.Contains("dtoverlay=w1-gpio", why);
    }
}
