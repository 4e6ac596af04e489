using System.CommandLine;
using System.Text.RegularExpressions;
using DataLogger.Cli.Common;
using DataLogger.Cli.Common.Settings;
using DataLogger.Cli.Configuration;
using DataLogger.Testing;

namespace DataLogger.Cli.Tests;

/// <summary>
/// The guide's configuration page cannot drift: its table of every setting is the one the settings' own definitions
/// make (<c>DATALOGGER_WRITE_DOCS=1</c> writes it), and its complete example is read by <c>run</c>'s settings as they are.
/// </summary>
public sealed partial class GuideSettingsTests : IDisposable
{
    static readonly string Page = Path.Join(RepositoryRoot.Path, "docs", "guide", "3-commands.md");

    readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_guides_table_of_settings_is_the_schemas()
    {
        var page = File.ReadAllText(Page);
        var generated = $"<!-- settings:begin -->\n{SettingsSchema.Reference()}<!-- settings:end -->";
        if (Environment.GetEnvironmentVariable("DATALOGGER_WRITE_DOCS") == "1")
        {
            File.WriteAllText(Page, Between().Replace(page, generated));
            page = File.ReadAllText(Page);
        }

        Assert.Equal(generated, Between().Match(page).Value);
        Assert.Contains("| `alerts.quietHours` |", page, StringComparison.Ordinal);
        Assert.Contains("| `probes[].id` |", page, StringComparison.Ordinal);
    }

    [Fact]
    public void The_guides_complete_example_is_read_as_it_is()
    {
        var json = Example().Match(File.ReadAllText(Page)).Groups[1].Value;
        var file = _temp.Combine("datalogger.json");
        File.WriteAllText(file, json);
        var settings = RunSettings.From(LayeredConfiguration.Build(new RootCommand().Parse([]), new Dictionary<string, Option>(), file));
        Assert.Equal(["pool", "air", "humidity", "heater", "ph"], settings.Layout.Series);
        Assert.Equal(28, settings.Goals["pool"].Target);
        Assert.Equal(("pool", "air", "heater"), (settings.Alerts.Watch!.Water, settings.Alerts.Watch.Air, settings.Alerts.Watch.Heater));
        Assert.Equal("22:00-07:00", settings.Alerts.Quiet!.ToString());
        Assert.Single(settings.Ingest.Devices);
    }

    [GeneratedRegex("<!-- settings:begin -->.*?<!-- settings:end -->", RegexOptions.Singleline)]
    private static partial Regex Between();

    [GeneratedRegex("<!-- example:begin -->\\s*```json\\s*(.*?)```", RegexOptions.Singleline)]
    private static partial Regex Example();
}
