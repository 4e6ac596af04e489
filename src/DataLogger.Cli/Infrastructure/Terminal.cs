using Spectre.Console;

namespace DataLogger.Cli.Infrastructure;

/// <summary>Where a command writes: data to <see cref="Out"/>, messages to <see cref="Error"/>, rich output to <see cref="Ansi"/>.</summary>
/// <param name="Out">Standard output: the data a command produces (CSV, JSON, tables).</param>
/// <param name="Error">Standard error: progress, summaries and error messages.</param>
/// <param name="Ansi">The console for tables and progress bars; writes to standard output.</param>
sealed record Terminal(TextWriter Out, TextWriter Error, IAnsiConsole Ansi)
{
    /// <summary>The process's own console.</summary>
    public static Terminal System { get; } = new(Console.Out, Console.Error, AnsiConsole.Console);

    /// <summary>A terminal that writes plain text (no colour, no animation) to the given writers: for tests and pipes.</summary>
    public static Terminal Plain(TextWriter output, TextWriter error) =>
        new(output, error, AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        }));
}
