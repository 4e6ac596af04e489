namespace DataLogger.Cli.Common;

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

    /// <summary>
    /// What <paramref name="exception"/> says, for a person: an <see cref="ArgumentException"/>'s message without the
    /// " (Parameter 'name')" the runtime appends, which names our code's parameter, not anything the user wrote.
    /// </summary>
    public static string Explain(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception is ArgumentException { ParamName: { } name } argument
            ? argument.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal)
            : exception.Message;
    }

    /// <summary>Creates the error with no message.</summary>
    public UserErrorException()
    {
    }
}
