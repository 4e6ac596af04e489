using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace DataLogger.Cli.Common;

/// <summary>How every datalogger command logs: one line a message with the time, or the journal's format under systemd.</summary>
public static class ConsoleLogging
{
    /// <summary>Information and up (the framework's own from warnings), to the console.</summary>
    /// <param name="logging">The builder.</param>
    /// <param name="systemd">Whether the process is a systemd service: journald priorities and no timestamps (the journal adds them).</param>
    public static ILoggingBuilder Configure(ILoggingBuilder logging, bool systemd = false)
    {
        ArgumentNullException.ThrowIfNull(logging);
        logging.SetMinimumLevel(LogLevel.Information).AddFilter("Microsoft", LogLevel.Warning);
        return systemd
            ? logging.AddSystemdConsole()
            : logging.AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "HH:mm:ss ";
                console.ColorBehavior = LoggerColorBehavior.Disabled;
            });
    }
}
