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

    /// <summary>
    /// The console logger of a one-shot command that logs only when something is amiss (<c>agent --once</c>), built
    /// on its first message: building it (the logging library's container, options and formatters) is a third of a
    /// one-shot upload's CPU under NativeAOT, which makes those generic types at run time, and an upload that goes
    /// well logs nothing.
    /// </summary>
    public sealed class OnFirstMessage(string category) : ILogger, IDisposable
    {
        readonly Lazy<ILoggerFactory> _factory = new(() => LoggerFactory.Create(builder => Configure(builder)));

        ILogger Logger => field ??= _factory.Value.CreateLogger(category);

        /// <inheritdoc/>
        public bool IsEnabled(LogLevel logLevel) => logLevel is >= LogLevel.Information and < LogLevel.None; // as Configure's minimum

        /// <inheritdoc/>
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                Logger.Log(logLevel, eventId, state, exception, formatter);
            }
        }

        /// <inheritdoc/>
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => Logger.BeginScope(state);

        /// <summary>Flushes and closes the console logger, if a message built it.</summary>
        public void Dispose()
        {
            if (_factory.IsValueCreated)
            {
                _factory.Value.Dispose();
            }
        }
    }
}
