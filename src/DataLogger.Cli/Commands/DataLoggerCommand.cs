using System.CommandLine;
using DataLogger.Cli.Common;
using DataLogger.Cli.Common.Commands;

namespace DataLogger.Cli.Commands;

/// <summary>
/// The root <c>datalogger</c> command and its subcommands. A command line that names one (<c>datalogger render …</c>)
/// builds that one only, and <c>--version</c> none: each command's definitions (its options, their defaults and
/// checks) are built when they are used, not on every start; help and an unknown command get them all.
/// </summary>
static class DataLoggerCommand
{
    // The subcommands, by name, in the order help lists them.
    static readonly (string Name, Func<Terminal, Option<string>, Command> Create)[] Subcommands =
    [
        ("run", RunCommand.Create),
        ("agent", AgentCommand.Create),
        ("query", QueryCommand.Create),
        ("render", RenderCommand.Create),
        ("generate", GenerateCommand.Create),
        ("compact", CompactCommand.Create),
        ("import", ImportCommand.Create),
        ("record", RecordCommand.Create),
        ("note", NoteCommand.Create),
        ("alerts", AlertsCommand.Create),
        ("doctor", DoctorCommand.Create),
        ("functions", (terminal, _) => FunctionsCommand.Create(terminal)),
        ("athena", (terminal, _) => AthenaCommand.Create(terminal)),
    ];

    /// <summary>The root with every subcommand.</summary>
    public static RootCommand Create(Terminal terminal) => Create(terminal, []);

    /// <summary>The root with what <paramref name="args"/> needs: the subcommand it names, none for <c>--version</c>, else all.</summary>
    public static RootCommand Create(Terminal terminal, string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var data = CommonOptions.Data();
        var root = new RootCommand("DataLogger: log temperature readings and publish them as a hand-drawn chart.") { data };
        var needed = args is ["--version"] ? []
            : Subcommands.Where(c => args.Length > 0 && c.Name == args[0]).ToList() is [_] named ? named
            : Subcommands.AsEnumerable();
        foreach (var (_, create) in needed)
        {
            root.Subcommands.Add(create(terminal, data));
        }

        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>, writing to <paramref name="terminal"/>; returns the exit code.</summary>
    public static Task<int> RunAsync(string[] args, Terminal terminal, CancellationToken cancellationToken = default) =>
        CommandLineApp.RunAsync(Create(terminal, args), args, terminal, cancellationToken);
}
