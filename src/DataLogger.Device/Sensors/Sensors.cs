using DataLogger.Ports;

namespace DataLogger.Device.Sensors;

/// <summary>Chooses the sensor for a <see cref="SensorKind"/>.</summary>
public static class Sensors
{
    /// <summary>
    /// The sensor to read: for <see cref="SensorKind.Auto"/>, the first 1-Wire thermometer under
    /// <paramref name="w1Root"/> when there is one, else the simulation. (To read several, see <see cref="CreateAll"/>.)
    /// </summary>
    /// <exception cref="SensorException">A 1-Wire probe or the thermal zone was asked for and is not there.</exception>
    public static ISensor Create(SensorKind kind, string w1Root = OneWireSensor.DefaultRoot, TimeProvider? time = null) =>
        CreateAll(kind, w1Root, time)[0];

    /// <summary>
    /// The sensors to read: for <see cref="SensorKind.Auto"/> and <see cref="SensorKind.OneWire"/>, every 1-Wire
    /// thermometer under <paramref name="w1Root"/> (auto falls back to the simulation when there is none); otherwise one.
    /// </summary>
    /// <exception cref="SensorException">A 1-Wire probe or the thermal zone was asked for and is not there.</exception>
    public static IReadOnlyList<ISensor> CreateAll(SensorKind kind, string w1Root = OneWireSensor.DefaultRoot, TimeProvider? time = null)
    {
        switch (kind)
        {
            case SensorKind.Simulated:
                return [new SimulatedSensor(time)];
            case SensorKind.None:
                return [];
            case SensorKind.Thermal:
                var thermal = new ThermalZoneSensor();
                return thermal.Exists ? [thermal] : throw new SensorException($"there is no thermal zone at {ThermalZoneSensor.DefaultPath}: use --sensor simulated or onewire");
            case SensorKind.OneWire:
                var probes = OneWireSensor.Discover(w1Root);
                return probes.Count > 0
                    ? [.. probes.Select(id => new OneWireSensor(id, w1Root))]
                    : throw new SensorException($"no 1-Wire thermometer under {w1Root}: check the wiring, add 'dtoverlay=w1-gpio' to /boot/firmware/config.txt and reboot, or use --sensor simulated");
            default:
                var found = OneWireSensor.Discover(w1Root);
                return found.Count > 0 ? [.. found.Select(id => new OneWireSensor(id, w1Root))] : [new SimulatedSensor(time)];
        }
    }
}
