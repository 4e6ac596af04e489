namespace DataLogger.Alerts;

/// <summary>What an alert watches.</summary>
public enum AlertKind
{
    /// <summary>The temperature fell below a threshold.</summary>
    Below,

    /// <summary>The temperature rose above a threshold.</summary>
    Above,

    /// <summary>No reading came for a while.</summary>
    Offline,

    /// <summary>The temperature reached the series' target (a pool warm enough): fires once on the way up.</summary>
    Reached,

    /// <summary>The heater is on and the water gains far less than it does with the heater on (<see cref="PoolWatch"/>).</summary>
    NotHeating,

    /// <summary>The probe repeats one value more often than it ever does (<see cref="PoolWatch"/>).</summary>
    Stuck,

    /// <summary>A change faster than this water has changed in a week (<see cref="PoolWatch"/>).</summary>
    Jump,

    /// <summary>The air (or the water) forecast to freeze within hours (<see cref="PoolWatch"/>).</summary>
    Frost,

    /// <summary>Reads of the probe refused (85 °C, CRC, all zero) above a rate (<see cref="PoolWatch"/>).</summary>
    Glitches,
}
