using DataLogger.Testing;

namespace DataLogger.Build.Tests;

/// <summary>
/// The native build's first step (src/NativeAot.props): on a machine without the C toolchain it stops with one line
/// naming what is missing and the apt-get line that brings it, before any compiling; with it, it says nothing.
/// </summary>
[Trait("Category", "System")]
public sealed class NativeToolchainTests
{
    static Task<(int Exit, string Output)> CheckAsync(string project, string runtime, string path)
    {
        var dotnet = Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "/usr/bin/dotnet";
        return DebianPackages.RunAsync(File.Exists(dotnet) ? dotnet : "dotnet",
            ["msbuild", Path.Join(RepositoryRoot.Path, "src", project, project + ".csproj"), "-t:CheckNativeToolchain", "-p:PublishAot=true", $"-p:RuntimeIdentifier={runtime}", "-nologo", "-v:q"],
            new Dictionary<string, string> { ["PATH"] = path });
    }

    [Theory]
    [InlineData("DataLogger.Agent", "linux-arm64")]
    [InlineData("DataLogger.Cli", "linux-x64")]
    public async Task Without_clang_the_native_build_says_what_to_install(string project, string runtime)
    {
        // A PATH with no clang and no ld.lld on it (dotnet is started by its full path).
        var empty = Directory.CreateTempSubdirectory("no-toolchain").FullName;
        var (exit, output) = await CheckAsync(project, runtime, empty);
        Assert.NotEqual(0, exit);
        Assert.Contains("needs a C toolchain this machine lacks (clang, lld", output);
        Assert.Contains(runtime == "linux-arm64" ? "sudo apt-get install clang lld zlib1g-dev gcc-aarch64-linux-gnu" : "sudo apt-get install clang lld zlib1g-dev.", output);
        Assert.Contains("Or publish without -p:PublishAot=true", output);
    }

    [Fact]
    public async Task With_the_toolchain_the_check_passes()
    {
        await DebianPackages.EnsureAsync("the native toolchain", ["/usr/bin/clang", "/usr/bin/ld.lld"], "clang", "lld", "zlib1g-dev");

        var (exit, output) = await CheckAsync("DataLogger.Cli", "linux-x64", Environment.GetEnvironmentVariable("PATH")!);
        Assert.True(exit == 0, output);
    }
}
