namespace DataLogger.Ports;

/// <summary>
/// A sensor this machine reads: a DS18B20 probe, the Pi's CPU thermal zone, or a simulation (each a temperature), and
/// what it measures (<see cref="Quantity"/>): its values are in that quantity's unit.
/// </summary>
public interface ISensor
{
    /// <summary>What the sensor is, for messages: <c>DS18B20 28-0316a279c4ff</c>, <c>simulated</c>.</summary>
    string Description { get; }

    /// <summary>The id written into readings (a DS18B20's 1-Wire id), or null.</summary>
    string? Id { get; }

    /// <summary>What the sensor measures; a temperature (°C) unless it says otherwise.</summary>
    Readings.Quantity Quantity => Readings.Quantity.Temperature;

    /// <summary>Reads a value, in the unit of <see cref="Quantity"/> (°C for a temperature).</summary>
    /// <exception cref="SensorException">The sensor is missing or gave no trustworthy value; the message says why.</exception>
    Task<double> ReadValueAsync(CancellationToken cancellationToken = default);
}
