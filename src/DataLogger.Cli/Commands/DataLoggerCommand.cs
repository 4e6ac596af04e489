using System.CommandLine;
using DataLogger.Cli.Common;
using DataLogger.Cli.Common.Commands;

namespace DataLogger.Cli.Commands;

/// <summary>The root <c>datalogger</c> command and its subcommands.</summary>
static class DataLoggerCommand
{
    public static RootCommand Create(Terminal terminal)
    {
        var data = CommonOptions.Data();
        var root = new RootCommand("DataLogger: log temperature readings and publish them as a hand-drawn chart.")
        {
            data,
            RunCommand.Create(terminal, data),
            AgentCommand.Create(terminal, data),
            QueryCommand.Create(terminal, data),
            RenderCommand.Create(terminal, data),
            GenerateCommand.Create(terminal, data),
            CompactCommand.Create(terminal, data),
            ImportCommand.Create(terminal, data),
            RecordCommand.Create(terminal, data),
            NoteCommand.Create(terminal, data),
            AlertsCommand.Create(terminal, data),
            DoctorCommand.Create(terminal, data),
            FunctionsCommand.Create(terminal),
            AthenaCommand.Create(terminal),
        };
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>, writing to <paramref name="terminal"/>; returns the exit code.</summary>
    public static Task<int> RunAsync(string[] args, Terminal terminal, CancellationToken cancellationToken = default) =>
        CommandLineApp.RunAsync(Create(terminal), args, terminal, cancellationToken);
}
