using System.Collections.Concurrent;
using System.CommandLine;
using System.Text.RegularExpressions;
using DataLogger.Cli.Common;
using DataLogger.Cli.Common.Commands;
using DataLogger.Cli.Common.Settings;
using DataLogger.Cli.Configuration;
using DataLogger.Testing;
using Microsoft.Extensions.Configuration;

namespace DataLogger.Cli.Tests;

/// <summary>
/// <see cref="SettingsSchema"/> is the one list of the settings file's keys, and the readers are where each is read:
/// every key <c>run</c>'s and the agent's readers ask for, over a file that has every section, must be one it knows;
/// and every setting the Debian package's file documents is one too.
/// </summary>
public sealed partial class SettingsSchemaTests : IDisposable
{
    readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Every_key_the_readers_ask_for_is_one_the_schema_knows()
    {
        var w1 = new FakeW1Tree(_temp.Combine("w1")).Probe(FakeW1Tree.GoodId, FakeW1Tree.Good(27125)).Probe("28-00000a1b2c3d", FakeW1Tree.Good(18500));
        var file = _temp.Combine("datalogger.json");
        // Only what makes each reader read: the keys it asks for are asked whether the file has them or not.
        File.WriteAllText(file, $$$"""
            {
              "sensor": "onewire", "w1Root": "{{{w1.Root}}}", "clock": "trusted", "mqtt": "mqtt://127.0.0.1:1883",
              "probes": [{"id": "{{{FakeW1Tree.GoodId}}}", "series": "pool"}, {"id": "28-00000a1b2c3d", "series": "air"}],
              "alerts": {"notify": ["ntfy://ntfy.sh/our-pool"]},
              "ingest": {
                "devices": [{"name": "shelly", "token": "0b1d5b8a6f2c4e9d0b1d", "series": "spa"}],
                "mqtt": [{"topic": "home/pond", "series": "pond"}]
              }
            }
            """);
        var asked = new KeysAsked();
        var config = LayeredConfiguration.Build(new RootCommand().Parse([]), new Dictionary<string, Option>(), file, asked);

        _ = RunSettings.From(config);
        _ = AgentSettings.From(config);

        // Each reader ran: a probe's own alerts and goal, a device's token, a subscription's path, the flat settings.
        Assert.Superset(new HashSet<string>(["probes:0:alerts:below", "probes:1:ambient", "probes:0:title", "ingest:devices:0:token", "ingest:mqtt:0:path", "alerts:notify:0", "port", "store", "concurrency", "data"]), asked.Keys.ToHashSet());
        var unknown = asked.Keys.Where(k => !SettingsSchema.Knows(k)).Distinct().ToList();
        Assert.True(unknown.Count == 0, $"read but not in SettingsSchema (add them there, or the settings file refuses them): {string.Join(", ", unknown)}");
    }

    [Fact]
    public void Every_setting_the_packages_file_documents_is_known()
    {
        // Its settings are commented out: "// "interval": "5m"," becomes a setting.
        var text = File.ReadAllText(Path.Join(RepositoryRoot.Path, "deploy", "debian", "datalogger.json"));
        var file = _temp.Combine("datalogger.json");
        File.WriteAllText(file, Documented().Replace(text, "$1"));
        var config = LayeredConfiguration.Build(new RootCommand().Parse([]), new Dictionary<string, Option>(), file);

        SettingsSchema.Check(config);
        Assert.Equal("28", config["target"]);
        Assert.Equal("ntfy://ntfy.sh/our-pool", config["alerts:notify:0"]);
    }

    [Theory]
    [InlineData("interval", true)]
    [InlineData("INTERVAL", true)]
    [InlineData("probes:3:alerts:above", true)]
    [InlineData("ingest:devices:0:map:temperature:100", true)]
    [InlineData("alerts:notify", true)]
    [InlineData("alerts:notify:2", true)]
    [InlineData("probes:0:alerts:notify", false)]
    [InlineData("probes:id", false)]
    [InlineData("targt", false)]
    [InlineData("interval:0", false)]
    public void Knows_a_path_as_the_configuration_names_it(string key, bool known) => Assert.Equal(known, SettingsSchema.Knows(key));

    [GeneratedRegex(@"^(\s*)// (?=""\w+"": )", RegexOptions.Multiline)]
    private static partial Regex Documented();

    // The top layer: asked first for every key, answers none, and notes each.
    sealed class KeysAsked : ConfigurationProvider, IConfigurationSource
    {
        public ConcurrentQueue<string> Keys { get; } = new();

        public override bool TryGet(string key, out string? value)
        {
            Keys.Enqueue(key);
            value = null;
            return false;
        }

        public IConfigurationProvider Build(IConfigurationBuilder builder) => this;
    }
}
