using System.Diagnostics;
using System.IO.Compression;
using DataLogger.Testing;

namespace DataLogger.Functions.Tests;

/// <summary>The deployment package the CDK stack uploads: built by the publish step, for the managed dotnet10 runtime on arm64.</summary>
public sealed class PackageTests : IDisposable
{
    readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Publish_builds_a_zip_for_dotnet10_on_arm64_precompiled_and_without_duckdb()
    {
        var zip = _temp.Combine("functions.zip");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "publish", Path.Join(RepositoryRoot.Path, "src", "DataLogger.Functions"), "-c", "Release", "-r", "linux-arm64",
            $"-p:FunctionsZip={zip}", "-o", _temp.Combine("publish") })
        {
            start.ArgumentList.Add(arg);
        }

        using var publish = Process.Start(start)!;
        var output = publish.StandardOutput.ReadToEndAsync();
        var error = publish.StandardError.ReadToEndAsync();
        await publish.WaitForExitAsync();
        Assert.True(publish.ExitCode == 0, await output + await error);

        using var archive = ZipFile.OpenRead(zip);
        var names = archive.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("DataLogger.Functions.dll", names);
        Assert.Contains("DataLogger.Functions.runtimeconfig.json", names);
        Assert.Contains("libSkiaSharp.so", names);
        Assert.DoesNotContain(names, n => n.Contains("duckdb", StringComparison.OrdinalIgnoreCase));

        await using (var runtimeConfig = archive.GetEntry("DataLogger.Functions.runtimeconfig.json")!.Open())
        {
            var text = await new StreamReader(runtimeConfig).ReadToEndAsync();
            Assert.Contains("\"tfm\": \"net10.0\"", text);
            Assert.Contains("Microsoft.NETCore.App", text);
        }

        // Our assemblies and the SDK's are precompiled (ReadyToRun): each has a managed native header.
        foreach (var name in new[] { "DataLogger.Functions.dll", "DataLogger.Core.dll", "DataLogger.Charts.dll", "AWSSDK.S3.dll", "Parquet.dll" })
        {
            await using var entry = archive.GetEntry(name)!.Open();
            using var copy = new MemoryStream();
            await entry.CopyToAsync(copy);
            copy.Position = 0;
            using var pe = new System.Reflection.PortableExecutable.PEReader(copy);
            Assert.True(pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0, $"{name} is not ReadyToRun");
        }

        // The native Skia is the arm64 one: ELF, machine 0xB7 (AArch64).
        await using var skia = archive.GetEntry("libSkiaSharp.so")!.Open();
        var header = new byte[20];
        await skia.ReadExactlyAsync(header);
        Assert.Equal([0x7F, (byte)'E', (byte)'L', (byte)'F'], header[..4]);
        Assert.Equal(0xB7, header[18]);
    }
}
