using DataLogger.Ports;

namespace DataLogger.Device.Sensors;

/// <summary>Chooses the sensor for a <see cref="SensorKind"/>.</summary>
public static class Sensors
{
    /// <summary>
    /// The sensor to read: for <see cref="SensorKind.Auto"/>, the first DS18B20 under <paramref name="w1Root"/> when
    /// there is one, else the simulation.
    /// </summary>
    /// <exception cref="SensorException">A DS18B20 or the thermal zone was asked for and is not there.</exception>
    public static ISensor Create(SensorKind kind, string w1Root = Ds18b20Sensor.DefaultRoot, TimeProvider? time = null)
    {
        switch (kind)
        {
            case SensorKind.Simulated:
                return new SimulatedSensor(time);
            case SensorKind.Thermal:
                var thermal = new ThermalZoneSensor();
                return thermal.Exists ? thermal : throw new SensorException($"there is no thermal zone at {ThermalZoneSensor.DefaultPath}: use --sensor simulated or ds18b20");
            case SensorKind.Ds18b20:
                var probes = Ds18b20Sensor.Discover(w1Root);
                return probes.Count > 0
                    ? new Ds18b20Sensor(probes[0], w1Root)
                    : throw new SensorException($"no DS18B20 probe under {w1Root}: check the wiring, add 'dtoverlay=w1-gpio' to /boot/firmware/config.txt and reboot, or use --sensor simulated");
            default:
                var found = Ds18b20Sensor.Discover(w1Root);
                return found.Count > 0 ? new Ds18b20Sensor(found[0], w1Root) : new SimulatedSensor(time);
        }
    }
}
