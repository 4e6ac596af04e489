namespace DataLogger.Readings;

/// <summary>What became of a reading handed to <see cref="ReadingWriter"/>.</summary>
public enum StoreOutcome
{
    /// <summary>Stored at its key, which held nothing.</summary>
    Stored,

    /// <summary>Its key held this very reading already (a retried upload): nothing written.</summary>
    AlreadyStored,

    /// <summary>Its key held a different reading, which stays; this one was kept aside (<see cref="ReadingKey.AsideKey"/>).</summary>
    KeptAside,
}
