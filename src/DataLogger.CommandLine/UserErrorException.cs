namespace DataLogger.CommandLine;

/// <summary>
/// A problem the user can fix (a bad flag, a bad configuration value, a missing folder). The command prints its
/// message, without a stack trace, and exits with <see cref="ExitCodes.UserError"/>.
/// </summary>
public sealed class UserErrorException : Exception
{
    /// <summary>Creates the error with a message that says what to change.</summary>
    public UserErrorException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with a message and the exception that caused it.</summary>
    public UserErrorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the error with no message.</summary>
    public UserErrorException()
    {
    }
}
