namespace DataLogger.Cli.Infrastructure;

/// <summary>
/// A problem the user can fix (a bad flag, a bad configuration value, a missing folder). The command prints its
/// message, without a stack trace, and exits with <see cref="ExitCodes.UserError"/>.
/// </summary>
sealed class UserErrorException : Exception
{
    public UserErrorException(string message)
        : base(message)
    {
    }

    public UserErrorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public UserErrorException()
    {
    }
}
