namespace DataLogger.Functions;

/// <summary>The event is not JSON, or not shaped as AWS sends it; the message says what was expected.</summary>
public sealed class FunctionEventException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FunctionEventException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a cause.</summary>
    public FunctionEventException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public FunctionEventException()
        : base("The event cannot be read.")
    {
    }
}
