namespace DataLogger.Ingest;

/// <summary>
/// What one MQTT message gave: its readings, each with its series, its value in the unit of what its series measures
/// (°C for a temperature; 1 or 0 for a state) and its time when the message carries one; and
/// each mapped probe in it that gave none (a failed probe's <c>null</c>, a string where a number belongs), with why.
/// A failed probe never costs its siblings their readings.
/// </summary>
/// <param name="Readings">The readings.</param>
/// <param name="Failed">Each probe that gave no reading: its name as the message has it, the series it feeds, and why.</param>
public sealed record MqttReadings(
    IReadOnlyList<(string Series, double Value, DateTimeOffset? Time)> Readings,
    IReadOnlyList<(string Sensor, string Series, string Why)> Failed)
{
    /// <summary>These readings, and no probe that failed.</summary>
    public static MqttReadings Of(params (string Series, double Value, DateTimeOffset? Time)[] readings) => new(readings, []);
}
