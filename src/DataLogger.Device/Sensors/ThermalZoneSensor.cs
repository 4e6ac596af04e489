using System.Globalization;
using DataLogger.Ports;

namespace DataLogger.Device.Sensors;

/// <summary>The CPU temperature of a Raspberry Pi (or any Linux machine): <c>/sys/class/thermal/thermal_zone0/temp</c>, in millidegrees.</summary>
public sealed class ThermalZoneSensor(string path = ThermalZoneSensor.DefaultPath) : ISensor
{
    /// <summary>The first thermal zone: the SoC on a Pi.</summary>
    public const string DefaultPath = "/sys/class/thermal/thermal_zone0/temp";

    /// <inheritdoc />
    public string Description => $"thermal zone {path}";

    /// <inheritdoc />
    public string? Id => "thermal_zone0";

    /// <summary>Whether the thermal zone file exists.</summary>
    public bool Exists => File.Exists(path);

    /// <inheritdoc />
    public async Task<double> ReadValueAsync(CancellationToken cancellationToken = default)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SensorException($"the thermal zone {path} cannot be read: {e.Message}", e);
        }

        return int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var milli)
            ? milli / 1000.0
            : throw new SensorException($"the thermal zone {path} holds '{text.Trim()}', not millidegrees");
    }
}
