using System.Diagnostics;
using System.Text.Json;
using DataLogger.Testing;

namespace DataLogger.Build.Tests;

/// <summary>
/// Directory.Build.props decides from a project's place inside the repository whether it gets the trimming and
/// NativeAOT analyzers (src/) or the test and bench settings, never from the folders above the clone. Each check
/// evaluates the real project files through a link whose path is full of misleading folder names
/// (<c>.../src/bench/tests/DataLogger</c>), as a clone in <c>~/src/</c> would be.
/// </summary>
public sealed class ProjectAreaTests : IDisposable
{
    readonly TempDirectory _temp = new();
    readonly string _clone;

    public ProjectAreaTests()
    {
        var parent = _temp.Combine("src", "bench", "tests");
        Directory.CreateDirectory(parent);
        _clone = Path.Join(parent, "DataLogger");
        Directory.CreateSymbolicLink(_clone, RepositoryRoot.Path);
    }

    public static TheoryData<string, string, string> Projects => new()
    {
        // project, IsAotCompatible, IsTestProject
        { "src/DataLogger.Core/DataLogger.Core.csproj", "true", "" },
        { "src/DataLogger.Agent/DataLogger.Agent.csproj", "true", "" },
        { "tests/DataLogger.Core.Tests/DataLogger.Core.Tests.csproj", "", "true" },
        { "tests/DataLogger.Cli.Tests/DataLogger.Cli.Tests.csproj", "", "true" },
        { "bench/DataLogger.Bench/DataLogger.Bench.csproj", "", "" },
        { "infra/DataLogger.Infra/DataLogger.Infra.csproj", "", "" },
    };

    [Theory]
    [MemberData(nameof(Projects))]
    public async Task A_project_gets_the_settings_of_its_folder_in_the_repository_whatever_the_folders_above(string project, string aot, string test)
    {
        foreach (var root in new[] { RepositoryRoot.Path, _clone })
        {
            var properties = await EvaluateAsync(Path.Join(root, project), "IsAotCompatible", "IsTestProject", "MSBuildProjectDirectory");
            Assert.StartsWith(root, properties["MSBuildProjectDirectory"], StringComparison.Ordinal); // the link was not resolved away
            Assert.Equal(aot, properties["IsAotCompatible"]);
            Assert.Equal(test, properties["IsTestProject"]);
        }
    }

    // `dotnet msbuild -getProperty`: evaluates the project (no build) and prints the properties as JSON.
    static async Task<Dictionary<string, string>> EvaluateAsync(string project, params string[] names)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        start.ArgumentList.Add("msbuild");
        start.ArgumentList.Add(project);
        start.ArgumentList.Add("-nologo");
        foreach (var name in names)
        {
            start.ArgumentList.Add("-getProperty:" + name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"dotnet msbuild {project} failed: {await output}{await error}");
        using var json = JsonDocument.Parse(await output);
        return json.RootElement.GetProperty("Properties").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty);
    }

    public void Dispose()
    {
        Directory.Delete(_clone); // the link only, never what it points at
        _temp.Dispose();
    }
}
