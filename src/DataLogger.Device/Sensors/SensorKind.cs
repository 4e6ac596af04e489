namespace DataLogger.Device.Sensors;

/// <summary>Which sensor to read.</summary>
public enum SensorKind
{
    /// <summary>A DS18B20 when one is attached, else the simulation.</summary>
    Auto,

    /// <summary>The simulated pool.</summary>
    Simulated,

    /// <summary>The first DS18B20 on the 1-Wire bus.</summary>
    Ds18b20,

    /// <summary>The CPU thermal zone.</summary>
    Thermal,
}
