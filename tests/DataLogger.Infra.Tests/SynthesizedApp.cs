using System.Diagnostics;
using System.Text.Json.Nodes;
using Amazon.CDK;
using Amazon.CDK.Assertions;
using DataLogger.Testing;

namespace DataLogger.Infra.Tests;

/// <summary>
/// The stack synthesized in process, once per test class, from the functions' package built by the publish step
/// (dotnet publish ... -p:FunctionsZip=...). jsii runs on the machine's Node; its temporary files go to a folder that is
/// deleted afterwards (jsii never deletes them itself).
/// </summary>
public sealed class SynthesizedApp : IAsyncLifetime, IDisposable
{
    /// <summary>The test classes that share one synthesized stack (and one publish of the functions).</summary>
    public const string Collection = "Synthesized stack";

    readonly TempDirectory _temp = new();

    /// <summary>A folder of the fixture's, deleted with it.</summary>
    public string Folder(string name) => _temp.Combine(name);

    public Template Template { get; private set; } = null!;

    public JsonObject Json { get; private set; } = null!;

    public string Zip => _temp.Combine("functions.zip");

    public async Task InitializeAsync()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "publish", Path.Join(RepositoryRoot.Path, "src", "DataLogger.Functions"), "-c", "Release", "-r", "linux-arm64", $"-p:FunctionsZip={Zip}", "-o", _temp.Combine("publish") })
        {
            start.ArgumentList.Add(arg);
        }

        using (var publish = Process.Start(start)!)
        {
            var output = publish.StandardOutput.ReadToEndAsync();
            var error = publish.StandardError.ReadToEndAsync();
            await publish.WaitForExitAsync();
            Assert.True(publish.ExitCode == 0, await output + await error);
        }

        (Template, Json) = Synthesize(new Dictionary<string, object>());
    }

    /// <summary>Synthesizes the stack with the given CDK context.</summary>
    public (Template Template, JsonObject Json) Synthesize(Dictionary<string, object> context)
    {
        System.Environment.SetEnvironmentVariable("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
        var jsiiTemp = _temp.Combine("jsii-tmp");
        Directory.CreateDirectory(jsiiTemp);
        System.Environment.SetEnvironmentVariable("TMPDIR", jsiiTemp);
        var app = new App(new AppProps { Outdir = _temp.Combine("cdk.out-" + Guid.NewGuid().ToString("N")[..8]), Context = context });
        var settings = DataLoggerSettings.FromContext(app, Zip);
        var stack = new DataLoggerStack(app, "DataLogger", settings);
        var template = Template.FromStack(stack);
        var json = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(template.ToJSON()))!.AsObject();
        return (template, json);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _temp.Dispose();
}

[CollectionDefinition(SynthesizedApp.Collection)]
public sealed class SynthesizedStackShared : ICollectionFixture<SynthesizedApp>;
