using System.Text.Json.Serialization;
using DataLogger.Device.Sensors;
using DataLogger.Readings;

namespace DataLogger.Cli.Common.Settings;

/// <summary>The probes to read, and, when several were found and none named, how to name them (for the log).</summary>
/// <param name="Probes">The probes, at least one.</param>
/// <param name="Advice">What to write in the settings file to name them, or null.</param>
public sealed record ProbeChoice(IReadOnlyList<Probe> Probes, string? Advice)
{
    /// <summary>The titles the settings give the probes' series (the rest are named after their series).</summary>
    public SeriesTitles Titles { get; init; } = SeriesTitles.None;
}

/// <summary>The example of the advice as JSON (source-generated, so trimmed and NativeAOT builds keep it).</summary>
[JsonSerializable(typeof(List<Dictionary<string, string>>))]
sealed partial class ProbeJson : JsonSerializerContext;
