using DataLogger.Ports;
using DataLogger.Simulation;

namespace DataLogger.Device.Sensors;

/// <summary>A pool that is not there: the <see cref="PoolModel"/> at the current time.</summary>
public sealed class SimulatedSensor(TimeProvider? time = null, PoolModel? model = null) : ISensor
{
    readonly TimeProvider _time = time ?? TimeProvider.System;
    readonly PoolModel _model = model ?? new PoolModel();

    /// <inheritdoc />
    public string Description => "simulated pool";

    /// <inheritdoc />
    public string? Id => "simulated";

    /// <inheritdoc />
    public Task<double> ReadValueAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(_model.CelsiusAt(_time.GetUtcNow().ToUnixTimeSeconds()));
}
