using DataLogger.Ports;

namespace DataLogger.Device.Sensors;

/// <summary>A sensor and the series its readings go to: each probe writes its own series, so keys never collide.</summary>
/// <param name="Series">The series.</param>
/// <param name="Sensor">The sensor (with its calibration).</param>
public sealed record Probe(string Series, ISensor Sensor)
{
    /// <summary>The name on the page (<c>Pool</c>), when the settings give one; else the series' own.</summary>
    public string? Title { get; init; }
}
