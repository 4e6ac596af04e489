namespace DataLogger.Ports;

/// <summary>A temperature sensor: a DS18B20 probe, the Pi's CPU thermal zone, or a simulation.</summary>
public interface ISensor
{
    /// <summary>What the sensor is, for messages: <c>DS18B20 28-0316a279c4ff</c>, <c>simulated</c>.</summary>
    string Description { get; }

    /// <summary>The id written into readings (a DS18B20's 1-Wire id), or null.</summary>
    string? Id { get; }

    /// <summary>Reads the temperature in °C.</summary>
    /// <exception cref="SensorException">The sensor is missing or gave no trustworthy value; the message says why.</exception>
    Task<double> ReadCelsiusAsync(CancellationToken cancellationToken = default);
}
