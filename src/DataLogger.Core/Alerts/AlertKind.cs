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
}
