namespace DataLogger.Ports;

/// <summary>A store that tells, in process, when an object has been created (the local bucket does).</summary>
public interface IObjectCreatedSource
{
    /// <summary>Raised after an object has been stored durably. Handlers must be quick and must not throw.</summary>
    event EventHandler<ObjectCreated>? ObjectCreated;
}
