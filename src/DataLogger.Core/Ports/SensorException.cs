namespace DataLogger.Ports;

/// <summary>A sensor gave no trustworthy value (missing probe, CRC failure, power-on value). The message says what to check.</summary>
public sealed class SensorException : Exception
{
    /// <summary>Creates the exception with a message that says what went wrong and what to check.</summary>
    public SensorException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public SensorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public SensorException()
        : base("The sensor gave no reading.")
    {
    }
}
