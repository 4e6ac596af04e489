namespace DataLogger.Cli.Common;

/// <summary>The exit codes of the <c>datalogger</c> command.</summary>
public static class ExitCodes
{
    /// <summary>It worked.</summary>
    public const int Ok = 0;

    /// <summary>Something failed that the user did not cause (an I/O error, a bug); the message says what.</summary>
    public const int Failure = 1;

    /// <summary>A bad flag, configuration value or input: the message says what to change.</summary>
    public const int UserError = 2;

    /// <summary>Stopped by Ctrl+C.</summary>
    public const int Cancelled = 130;
}
