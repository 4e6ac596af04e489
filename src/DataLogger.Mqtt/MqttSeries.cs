namespace DataLogger.Mqtt;

/// <summary>A series as Home Assistant gets to know it: one temperature sensor, and a binary sensor per alert.</summary>
/// <param name="Series">The series.</param>
/// <param name="Title">Its name, the Home Assistant device's name.</param>
/// <param name="Model">What reads it, such as <c>DS18B20 28-0316a279c4ff</c>: the device's model.</param>
/// <param name="ExpireAfter">How long a reading stays valid: past it, Home Assistant shows the sensor as unavailable.</param>
/// <param name="Alerts">The kinds of its alerts (<c>below</c>, <c>above</c>, <c>offline</c>), each a binary sensor.</param>
public sealed record MqttSeries(string Series, string Title, string Model, TimeSpan ExpireAfter, IReadOnlyList<string> Alerts)
{
    /// <summary>The probe's id (<c>28-0316a279c4ff</c>), the device's serial number, or null for one without.</summary>
    public string? ProbeId { get; init; }

    /// <summary>The temperature its owner waits for, or null: with one, a "ready by" timestamp sensor is announced too.</summary>
    public double? Target { get; init; }

    /// <summary>What the series measures: its entity's component (a state is a binary sensor), device class and unit.</summary>
    public Readings.Quantity Quantity { get; init; } = Readings.Quantity.Temperature;
}
