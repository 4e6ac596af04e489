using System.CommandLine;
using DataLogger.CommandLine;

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
            QueryCommand.Create(terminal, data),
            GenerateCommand.Create(terminal, data),
            RenderCommand.Create(terminal, data),
            RunCommand.Create(terminal, data),
        };
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>, writing to <paramref name="terminal"/>; returns the exit code.</summary>
    public static Task<int> RunAsync(string[] args, Terminal terminal, CancellationToken cancellationToken = default)
    {
        var parse = Create(terminal).Parse(args);
        if (parse.Errors.Count > 0)
        {
            // One clear line per problem and where to look, rather than the whole help text.
            foreach (var error in parse.Errors)
            {
                terminal.Error.WriteLine($"error: {error.Message}");
            }

            var name = parse.CommandResult.Command is RootCommand ? "datalogger" : $"datalogger {parse.CommandResult.Command.Name}";
            terminal.Error.WriteLine($"See '{name} --help'.");
            return Task.FromResult(ExitCodes.UserError);
        }

        var configuration = new InvocationConfiguration { Output = terminal.Out, Error = terminal.Error };
        return parse.InvokeAsync(configuration, cancellationToken);
    }
}
