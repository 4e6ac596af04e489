using System.Xml.Linq;
using DataLogger.Testing;

namespace DataLogger.Build.Tests;

/// <summary>
/// The dependency arrows point toward Core, and each host carries only what it runs (docs/ARCHITECTURE.md), read from the project
/// files themselves: a project reference that breaks a rule fails here before anyone notices a 70 MB agent.
/// </summary>
public sealed class DependencyTests
{
    static readonly string Src = Path.Join(RepositoryRoot.Path, "src");

    [Theory]
    [InlineData("DataLogger.Core")]
    [InlineData("DataLogger.Files")]
    public void The_innermost_projects_reference_no_other_project(string project) => Assert.Empty(References(project));

    [Theory]
    [InlineData("DataLogger.Device", "DataLogger.Storage")] // the spool writes through the atomic file writer, not the bucket adapter
    [InlineData("DataLogger.Device", "DataLogger.Query.DuckDb")]
    [InlineData("DataLogger.Device", "DataLogger.Charts")]
    [InlineData("DataLogger.Query.DuckDb", "DataLogger.Storage")] // the compactor too
    [InlineData("DataLogger.Query", "DataLogger.Storage")]
    [InlineData("DataLogger.Agent", "DataLogger.Query.DuckDb")] // the Pi's executable: no DuckDB, no SkiaSharp, no web server
    [InlineData("DataLogger.Agent", "DataLogger.Charts")]
    [InlineData("DataLogger.Agent", "DataLogger.Cli")]
    [InlineData("DataLogger.Functions", "DataLogger.Query.DuckDb")] // the Lambda package: no DuckDB
    [InlineData("DataLogger.CommandLine", "DataLogger.Query.DuckDb")]
    [InlineData("DataLogger.Aws", "DataLogger.Storage")] // what the stack and the functions share about AWS: no SDK, no engine
    [InlineData("DataLogger.Aws", "DataLogger.Query.Athena")]
    [InlineData("DataLogger.Aws", "DataLogger.Charts")]
    [InlineData("DataLogger.Infra", "DataLogger.Charts")] // the CDK app: the site's names come from Core, not the renderer
    [InlineData("DataLogger.Infra", "DataLogger.Functions")]
    [InlineData("DataLogger.Infra", "DataLogger.Storage")]
    [InlineData("DataLogger.Charts", "DataLogger.Storage")] // the site publishes through the object-store port
    public void A_project_does_not_depend_on(string project, string forbidden) =>
        Assert.DoesNotContain(forbidden, Closure(project));

    [Theory]
    [InlineData("DataLogger.Agent", "DuckDB.NET.Data.Full")]
    [InlineData("DataLogger.Agent", "SkiaSharp")]
    [InlineData("DataLogger.Functions", "DuckDB.NET.Data.Full")]
    [InlineData("DataLogger.Infra", "SkiaSharp")]
    [InlineData("DataLogger.Infra", "DuckDB.NET.Data.Full")]
    [InlineData("DataLogger.Infra", "AWSSDK.S3")]
    public void A_host_does_not_carry_the_package(string project, string package) =>
        Assert.DoesNotContain(package, Closure(project).SelectMany(Packages));

    [Fact]
    public void Every_internals_visible_to_names_a_project_that_exists()
    {
        var projects = Directory.EnumerateFiles(RepositoryRoot.Path, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains("/obj/", StringComparison.Ordinal) && !p.Contains("/bin/", StringComparison.Ordinal))
            .Select(Path.GetFileNameWithoutExtension)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var project in Directory.EnumerateDirectories(Src).Select(Path.GetFileName))
        {
            foreach (var friend in XDocument.Load(ProjectFile(project!)).Descendants("InternalsVisibleTo").Select(r => r.Attribute("Include")!.Value))
            {
                Assert.True(projects.Contains(friend), $"{project} lets {friend} see its internals, but there is no such project");
            }
        }
    }

    static string ProjectFile(string name) =>
        name == "DataLogger.Infra" ? Path.Join(RepositoryRoot.Path, "infra", name, name + ".csproj") : Path.Join(Src, name, name + ".csproj");

    static List<string> References(string name) =>
        [.. XDocument.Load(ProjectFile(name)).Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))];

    static IEnumerable<string> Packages(string name) =>
        XDocument.Load(ProjectFile(name)).Descendants("PackageReference").Select(r => r.Attribute("Include")!.Value);

    // The project and everything it references, directly or not.
    static HashSet<string> Closure(string name)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var next = new Stack<string>([name]);
        while (next.TryPop(out var project))
        {
            if (seen.Add(project))
            {
                foreach (var reference in References(project))
                {
                    next.Push(reference);
                }
            }
        }

        return seen;
    }
}
