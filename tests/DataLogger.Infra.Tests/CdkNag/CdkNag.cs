using System.Text.Json;
using System.Text.Json.Nodes;
using DataLogger.Testing;

namespace DataLogger.Infra.Tests.CdkNag;

/// <summary>
/// cdk-nag's <c>AwsSolutions</c> pack run over a synthesized template: npm's <c>cdk-nag@2.38.2</c> with
/// <c>aws-cdk-lib@2.276.0</c> and <c>constructs@10</c> (installed into the test cache on first use), and
/// <c>check.js</c>, which includes the template into a stack with <c>CfnInclude</c>, so the suppressions written into
/// the template's <c>Metadata</c> (<c>cdk_nag.rules_to_suppress</c>) are honoured as cdk-nag honours them.
/// </summary>
static class CdkNagCheck
{
    public const string Version = "2.38.2";

    /// <summary>Every finding, suppressed or not.</summary>
    public static async Task<IReadOnlyList<Finding>> RunAsync(JsonObject template, string folder)
    {
        var modules = await NpmPackages.InstallAsync($"cdk-nag-{Version}", "cdk-nag/package.json", $"cdk-nag@{Version}", "aws-cdk-lib@2.276.0", "constructs@10");
        Directory.CreateDirectory(folder);
        var path = Path.Join(folder, $"template-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, template.ToJsonString());
        var start = new System.Diagnostics.ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        start.ArgumentList.Add(Path.Join(AppContext.BaseDirectory, "CdkNag", "check.js"));
        start.ArgumentList.Add(path);
        start.Environment["NODE_PATH"] = modules;
        start.Environment["JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION"] = "1";
        start.Environment["TMPDIR"] = folder;
        using var node = System.Diagnostics.Process.Start(start)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var error = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        Assert.True(node.ExitCode == 0, $"cdk-nag did not run: {await error}{await output}");
        return [.. (await output).Split('\n').Where(l => l.StartsWith('{')).Select(l => JsonSerializer.Deserialize<Finding>(l, Json)!)];
    }

    static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    /// <summary>A rule's finding on a resource (<c>Checked/Template/LOGICALID</c>), with its finding id for rules such as IAM5.</summary>
    public sealed record Finding(string Rule, string Level, string Resource, [property: System.Text.Json.Serialization.JsonPropertyName("finding")] string? FindingId, bool Suppressed, string? Reason)
    {
        public string LogicalId => Resource.Split('/')[^1];

        public override string ToString() => $"{Rule} ({Level}) on {LogicalId}{(string.IsNullOrEmpty(FindingId) ? string.Empty : " " + FindingId)}: {Reason}";
    }
}
