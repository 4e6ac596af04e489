namespace DataLogger.Functions;

/// <summary>A function's environment variables are missing or wrong; the message lists what to set.</summary>
public sealed class FunctionConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FunctionConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a cause.</summary>
    public FunctionConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public FunctionConfigurationException()
        : base("The function's configuration is incomplete.")
    {
    }
}
