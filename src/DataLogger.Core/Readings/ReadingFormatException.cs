namespace DataLogger.Readings;

/// <summary>A stored object is not a valid reading. The message says what is wrong with it.</summary>
public sealed class ReadingFormatException : FormatException
{
    /// <summary>Creates the exception with a message that says what is wrong.</summary>
    public ReadingFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public ReadingFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public ReadingFormatException()
        : base("The object is not a valid reading.")
    {
    }
}
