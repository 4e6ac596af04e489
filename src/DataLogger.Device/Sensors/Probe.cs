using DataLogger.Ports;

namespace DataLogger.Device.Sensors;

/// <summary>A sensor and the series its readings go to: each probe writes its own series, so keys never collide.</summary>
/// <param name="Series">The series.</param>
/// <param name="Sensor">The sensor (with its calibration).</param>
public sealed record Probe(string Series, ISensor Sensor)
{
    /// <summary>Whether the probe is the simulated pool (with its calibration), not a real sensor.</summary>
    public bool IsSimulated => Sensor is SimulatedSensor or CalibratedSensor { Inner: SimulatedSensor };
}
