using System.Text.Json.Nodes;
using DataLogger.Infra.Tests.CdkNag;

namespace DataLogger.Infra.Tests;

/// <summary>
/// cdk-nag's AwsSolutions pack over the synthesized stack: every finding is fixed or suppressed in the template with a
/// reason a reviewer can read, and the README lists each exception.
/// </summary>
[Collection(SynthesizedApp.Collection)]
public sealed class CdkNagTests(SynthesizedApp stack)
{
    string Folder => stack.Folder("cdk-nag");

    static void AssertClean(IReadOnlyList<CdkNagCheck.Finding> findings)
    {
        var open = findings.Where(f => !f.Suppressed).ToList();
        Assert.True(open.Count == 0, $"{open.Count} findings are neither fixed nor suppressed:\n" + string.Join("\n", open));
        Assert.All(findings, f => Assert.True(f.Reason is { Length: >= 40 }, $"the suppression of {f} says too little about why"));
    }

    [Fact]
    public async Task The_stack_passes_the_AwsSolutions_pack_every_exception_with_its_reason()
    {
        var findings = await CdkNagCheck.RunAsync(stack.Json, Folder);

        AssertClean(findings);
        Assert.Contains(findings, f => f.Rule == "AwsSolutions-CFR4"); // the default certificate: TLS 1.0 cannot be turned off
    }

    [Fact]
    public async Task With_a_domain_and_its_certificate_cloudfront_needs_no_tls_exception()
    {
        var (_, json) = stack.Synthesize(new Dictionary<string, object>
        {
            ["domainName"] = "pool.example.org",
            ["certificateArn"] = "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
        });

        var findings = await CdkNagCheck.RunAsync(json, Folder);

        AssertClean(findings);
        Assert.DoesNotContain(findings, f => f.Rule == "AwsSolutions-CFR4");
    }

    [Theory]
    [InlineData("token")]
    [InlineData("iam")]
    public async Task With_the_ingest_function_and_its_url_the_stack_is_as_clean(string auth)
    {
        var file = stack.Folder($"ingest-{auth}.json");
        await File.WriteAllTextAsync(file, """{"devices": [{"name": "pool-esp", "token": "5f3a9c1e7b2d4f6a8c0e2b4d6f8a1c3e", "series": "pool"}]}""");
        var (_, json) = stack.Synthesize(new Dictionary<string, object> { ["ingest"] = file, ["ingestAuth"] = auth });

        var findings = await CdkNagCheck.RunAsync(json, Folder);

        AssertClean(findings);
        Assert.Contains(json["Resources"]!.AsObject(), r => r.Value!["Type"]!.GetValue<string>() == "AWS::Lambda::Url");
    }

    [Fact]
    public async Task A_finding_that_is_neither_fixed_nor_suppressed_fails_the_check()
    {
        // Every suppression taken out of the template: each finding it covered is open again.
        var bare = stack.Json.DeepClone().AsObject();
        foreach (var (_, resource) in bare["Resources"]!.AsObject())
        {
            resource!["Metadata"]?.AsObject().Remove("cdk_nag");
        }

        var findings = await CdkNagCheck.RunAsync(bare, Folder);

        Assert.NotEmpty(findings);
        Assert.All(findings, f => Assert.False(f.Suppressed, f.ToString()));
    }

    [Fact]
    public async Task The_readme_lists_every_exception()
    {
        var readme = await File.ReadAllTextAsync(Path.Join(DataLogger.Testing.RepositoryRoot.Path, "docs", "guide", "8-aws.md"));
        var exceptions = readme[readme.IndexOf("### What cdk-nag says", StringComparison.Ordinal)..];
        exceptions = exceptions[..exceptions.IndexOf("\n### ", 4, StringComparison.Ordinal)];
        var suppressed = Suppressions(stack.Json).Select(s => s.Rule).Distinct();

        Assert.All(suppressed, rule => Assert.Contains($"`{rule}`", exceptions));
    }

    static IEnumerable<(string Resource, string Rule, string Reason)> Suppressions(JsonObject template) =>
        template["Resources"]!.AsObject()
            .SelectMany(r => r.Value!["Metadata"]?["cdk_nag"]?["rules_to_suppress"]?.AsArray() is { } rules
                ? rules.Select(s => (r.Key, s!["id"]!.GetValue<string>(), s["reason"]!.GetValue<string>()))
                : []);
}
