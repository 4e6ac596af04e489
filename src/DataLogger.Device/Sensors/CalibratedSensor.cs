using DataLogger.Ports;

namespace DataLogger.Device.Sensors;

/// <summary>A sensor with a calibration offset added to every value (a probe that reads 0.3 °C high gets -0.3).</summary>
public sealed class CalibratedSensor(ISensor inner, double offset) : ISensor
{
    /// <summary>The sensor read.</summary>
    public ISensor Inner { get; } = inner;

    /// <summary>The offset in °C.</summary>
    public double Offset { get; } = offset;

    /// <inheritdoc />
    public string Description => Offset == 0 ? Inner.Description : FormattableString.Invariant($"{Inner.Description} ({Offset:+0.00;-0.00} °C)");

    /// <inheritdoc />
    public string? Id => Inner.Id;

    /// <inheritdoc />
    public async Task<double> ReadCelsiusAsync(CancellationToken cancellationToken = default) =>
        await Inner.ReadCelsiusAsync(cancellationToken).ConfigureAwait(false) + Offset;
}
