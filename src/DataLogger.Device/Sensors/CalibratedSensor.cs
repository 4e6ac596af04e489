using System.Globalization;
using DataLogger.Ports;

namespace DataLogger.Device.Sensors;

/// <summary>
/// A probe as its settings say: a calibration offset added to every value (a probe that reads 0.3 °C high gets -0.3),
/// and, when one is set, the range of values it can really report there (<see cref="PlausibleRange"/>): a value
/// outside it is refused as a failed read.
/// </summary>
public sealed class CalibratedSensor(ISensor inner, double offset, PlausibleRange? range = null) : ISensor
{
    /// <summary>The sensor read.</summary>
    public ISensor Inner { get; } = inner;

    /// <summary>The offset in °C.</summary>
    public double Offset { get; } = offset;

    /// <summary>The plausible range, or null for any value the sensor reports.</summary>
    public PlausibleRange? Range { get; } = range;

    /// <summary>What the sensor read measures.</summary>
    public Readings.Quantity Quantity => Inner.Quantity;

    /// <inheritdoc />
    public string Description => Offset == 0 ? Inner.Description : FormattableString.Invariant($"{Inner.Description} ({Offset:+0.00;-0.00} °C)");

    /// <inheritdoc />
    public string? Id => Inner.Id;

    /// <inheritdoc />
    public async Task<double> ReadValueAsync(CancellationToken cancellationToken = default)
    {
        var celsius = await Inner.ReadValueAsync(cancellationToken).ConfigureAwait(false) + Offset;
        return Range is not { } range || range.Contains(celsius)
            ? celsius
            : throw new SensorException(
                string.Create(CultureInfo.InvariantCulture, $"{Description} read {celsius:0.000} °C, outside its plausible range {range} °C (the range setting): a probe out of the water, or a bad contact"),
                "out_of_range");
    }
}
