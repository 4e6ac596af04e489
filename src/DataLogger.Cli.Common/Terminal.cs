using Spectre.Console;

namespace DataLogger.Cli.Common;

/// <summary>Where a command writes: data to <see cref="Out"/>, messages to <see cref="Error"/>, rich output to <see cref="Ansi"/>.</summary>
public sealed class Terminal
{
    readonly Lazy<IAnsiConsole> _ansi;

    /// <summary>Creates a terminal; <paramref name="ansi"/> is called once, when a table or progress bar is first drawn.</summary>
    /// <param name="output">Standard output: the data a command produces (CSV, JSON, tables).</param>
    /// <param name="error">Standard error: progress, summaries and error messages.</param>
    /// <param name="ansi">Makes the console for tables and progress bars, which writes to standard output.</param>
    public Terminal(TextWriter output, TextWriter error, Func<IAnsiConsole> ansi)
    {
        Out = output;
        Error = error;
        _ansi = new Lazy<IAnsiConsole>(ansi);
    }

    /// <summary>The process's own console. Spectre's terminal detection runs only if a command draws something rich.</summary>
    public static Terminal System { get; } = new(Console.Out, Console.Error, () => AnsiConsole.Console);

    /// <summary>Standard output.</summary>
    public TextWriter Out { get; }

    /// <summary>Standard error.</summary>
    public TextWriter Error { get; }

    /// <summary>The console for tables and progress bars.</summary>
    public IAnsiConsole Ansi => _ansi.Value;

    /// <summary>A terminal that writes plain text (no colour, no animation) to the given writers: for tests and pipes.</summary>
    public static Terminal Plain(TextWriter output, TextWriter error) =>
        new(output, error, () => AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        }));
}
