namespace DataLogger.Query.Athena;

/// <summary>Athena refused a request or a query failed; the message says why and what to check.</summary>
public sealed class AthenaException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AthenaException(string message, string? errorType = null, Exception? innerException = null)
        : base(message, innerException) => ErrorType = errorType;

    /// <summary>Creates the exception with a message.</summary>
    public AthenaException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public AthenaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public AthenaException()
        : base("Athena failed.")
    {
    }

    /// <summary>Athena's error type (<c>InvalidRequestException</c>, <c>ThrottlingException</c>...), when it gave one.</summary>
    public string? ErrorType { get; }
}
