namespace DataLogger.Device.Sensors;

/// <summary>Which sensor to read.</summary>
public enum SensorKind
{
    /// <summary>The 1-Wire thermometers when any are attached, else the simulation.</summary>
    Auto,

    /// <summary>The simulated pool.</summary>
    Simulated,

    /// <summary>
    /// The 1-Wire thermometers (any family w1_therm serves: DS18B20, DS18S20, DS1822, DS1825, MAX31850, DS28EA00); none
    /// is an error. Written <c>onewire</c> in the settings; <c>ds18b20</c>, its first name, is still read.
    /// </summary>
    OneWire,

    /// <summary>The CPU thermal zone.</summary>
    Thermal,

    /// <summary>No probe on this machine: <c>run</c>'s readings all come from devices (HTTP or MQTT, the <c>ingest</c> settings).</summary>
    None,
}
