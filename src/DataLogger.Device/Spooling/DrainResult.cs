namespace DataLogger.Device.Spooling;

/// <summary>What a drain did.</summary>
/// <param name="Uploaded">Readings uploaded and removed from the spool.</param>
/// <param name="Left">Readings still spooled.</param>
/// <param name="Failure">Why the drain stopped early, or null.</param>
public sealed record DrainResult(int Uploaded, int Left, Exception? Failure)
{
    /// <summary>Whether every upload tried worked.</summary>
    public bool Succeeded => Failure is null;
}
