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

    // What must not be in a project's closure (a project, or a package any project of it references), and why.
    static readonly (string Project, string Forbidden, string Why)[] Rules =
    [
        ("DataLogger.Device", "DataLogger.Storage", "the spool writes through the atomic file writer, not the bucket adapter"),
        ("DataLogger.Device", "DataLogger.Query.DuckDb", "what runs on the Pi samples; it queries nothing"),
        ("DataLogger.Device", "DataLogger.Charts", "what runs on the Pi draws nothing"),
        ("DataLogger.Query.DuckDb", "DataLogger.Storage", "the engine reads a folder; moving the older layout deletes with the atomic file helpers"),
        ("DataLogger.Query.DuckDb", "DataLogger.Compaction", "the engine reads the compacted layout; the host joins it to the compactor"),
        ("DataLogger.Compaction", "DataLogger.Storage", "the one compactor works through the object-store port, on S3 and on the folder alike"),
        ("DataLogger.Compaction", "DuckDB.NET.Data.Full", "the functions run the compactor: no DuckDB"),
        ("DataLogger.Agent", "DataLogger.Compaction", "the Pi's executable compacts nothing: no Parquet"),
        ("DataLogger.Query", "DataLogger.Storage", "the SQL text knows no store"),
        ("DataLogger.Agent", "DataLogger.Query.DuckDb", "the Pi's executable: no DuckDB"),
        ("DataLogger.Agent", "DataLogger.Charts", "the Pi's executable: no SkiaSharp"),
        ("DataLogger.Agent", "DataLogger.Cli", "the Pi's executable: no web server"),
        ("DataLogger.Agent", "DuckDB.NET.Data.Full", "70 MB the Pi never runs"),
        ("DataLogger.Agent", "SkiaSharp", "the Pi draws nothing"),
        ("DataLogger.Functions", "DataLogger.Query.DuckDb", "the Lambda package: Athena queries, not DuckDB"),
        ("DataLogger.Functions", "DuckDB.NET.Data.Full", "the Lambda package: no DuckDB"),
        ("DataLogger.Cli.Common", "DataLogger.Query.DuckDb", "the agent's command line is shared with the Pi's executable"),
        ("DataLogger.Aws", "DataLogger.Storage", "what the stack and the functions share about AWS: no SDK"),
        ("DataLogger.Aws", "DataLogger.Query.Athena", "what the stack and the functions share about AWS: no engine"),
        ("DataLogger.Aws", "DataLogger.Charts", "what the stack and the functions share about AWS: no renderer"),
        ("DataLogger.Infra", "DataLogger.Charts", "the CDK app: the site's names come from Core, not the renderer"),
        ("DataLogger.Infra", "DataLogger.Functions", "the CDK app deploys the functions' package; it does not carry it"),
        ("DataLogger.Infra", "DataLogger.Storage", "the CDK app writes no object"),
        ("DataLogger.Infra", "SkiaSharp", "the CDK app draws nothing"),
        ("DataLogger.Infra", "DuckDB.NET.Data.Full", "the CDK app queries nothing"),
        ("DataLogger.Infra", "AWSSDK.S3", "the CDK app calls no AWS API itself"),
        ("DataLogger.Charts", "DataLogger.Storage", "the site publishes through the object-store port"),
    ];

    [Fact]
    public void No_project_carries_what_the_rules_forbid()
    {
        var broken = Rules
            .Where(r => Closure(r.Project) is var closure && (closure.Contains(r.Forbidden) || closure.SelectMany(Packages).Contains(r.Forbidden)))
            .Select(r => $"{r.Project} carries {r.Forbidden}: {r.Why}")
            .ToList();
        Assert.True(broken.Count == 0, string.Join('\n', broken));
    }

    [Fact]
    public void The_closure_finds_references_and_packages_at_any_depth()
    {
        Assert.Contains("DataLogger.Core", Closure("DataLogger.Agent")); // through Cli.Common and Device
        Assert.Contains("DuckDB.NET.Data.Full", Closure("DataLogger.Cli").SelectMany(Packages));
        Assert.Contains("Amazon.CDK.Lib", Closure("DataLogger.Infra").SelectMany(Packages));
    }

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
