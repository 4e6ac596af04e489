namespace DataLogger.Ports;

/// <summary>The object store refused or could not be reached. The message says what to check (bucket, credentials, network).</summary>
public sealed class StoreException : Exception
{
    /// <summary>Creates the exception with a message that says what to check.</summary>
    public StoreException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public StoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public StoreException()
        : base("The object store failed.")
    {
    }
}
