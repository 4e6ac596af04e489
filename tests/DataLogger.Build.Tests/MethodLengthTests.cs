using DataLogger.Testing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DataLogger.Build.Tests;

/// <summary>
/// No method in src/ or infra/ (the CDK stack included) is longer than 60 lines, its signature and body with the
/// lambdas and local functions inside it: a longer one is several steps waiting for their names. Read with the C#
/// parser, so strings and comments never confuse the count.
/// </summary>
public sealed class MethodLengthTests
{
    const int Longest = 60;

    [Fact]
    public void No_method_is_longer_than_60_lines()
    {
        var tooLong = SourceFiles().SelectMany(LongMethods).ToList();
        Assert.True(tooLong.Count == 0, $"{tooLong.Count} methods are longer than {Longest} lines; split them:\n" + string.Join('\n', tooLong));
    }

    [Fact]
    public void The_count_finds_a_long_method_and_its_lambdas_count_toward_it()
    {
        var body = string.Join('\n', Enumerable.Range(0, 61).Select(i => $"        var x{i} = {i};"));
        var source = $"class C\n{{\n    void Long()\n    {{\n        System.Action a = () =>\n        {{\n{body}\n        }};\n    }}\n\n    void Short() {{ }}\n}}\n";
        var found = LongMethods(("C.cs", source)).ToList();
        Assert.Equal(["C.cs:3 Long (67 lines)"], found); // from its signature to its closing brace, the lambda in it included
    }

    static IEnumerable<(string Path, string Text)> SourceFiles() =>
        new[] { "src", "infra" }
            .SelectMany(area => Directory.EnumerateFiles(Path.Join(RepositoryRoot.Path, area), "*.cs", SearchOption.AllDirectories))
            .Where(p => !p.Contains("/obj/", StringComparison.Ordinal) && !p.Contains("/bin/", StringComparison.Ordinal))
            .Select(p => (Path.GetRelativePath(RepositoryRoot.Path, p), File.ReadAllText(p)));

    static IEnumerable<string> LongMethods((string Path, string Text) file)
    {
        var tree = CSharpSyntaxTree.ParseText(file.Text, path: file.Path);
        foreach (var member in tree.GetRoot().DescendantNodes().OfType<BaseMethodDeclarationSyntax>())
        {
            var span = member.GetLocation().GetLineSpan();
            var lines = span.EndLinePosition.Line - span.StartLinePosition.Line + 1;
            if (lines > Longest)
            {
                yield return $"{file.Path}:{span.StartLinePosition.Line + 1} {Name(member)} ({lines} lines)";
            }
        }
    }

    static string Name(BaseMethodDeclarationSyntax member) => member switch
    {
        MethodDeclarationSyntax method => method.Identifier.Text,
        ConstructorDeclarationSyntax constructor => constructor.Identifier.Text + " (constructor)",
        _ => member.Kind().ToString(),
    };
}
