using System.CommandLine;

namespace DataLogger.Cli.Common;

/// <summary>Runs a root command the way every datalogger executable does: parse errors as one clear line each, exit code 2.</summary>
public static class CommandLineApp
{
    /// <summary>Parses and runs <paramref name="args"/> against <paramref name="root"/>; returns the exit code.</summary>
    public static Task<int> RunAsync(RootCommand root, string[] args, Terminal terminal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(terminal);
        foreach (var version in root.Options.OfType<System.CommandLine.VersionOption>())
        {
            version.Action = new VersionAction(); // ours (VERSION and the commit), not the entry assembly's
        }

        var parse = root.Parse(args);
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

        // Ctrl+C and SIGTERM cancel the command, which then finishes what it holds (a reading being stored, a device's
        // request in flight) and says "Stopped"; System.CommandLine's own 2 s would cut that short (exit 130 or 143, a
        // request half stored). 25 s: within systemd's TimeoutStopSec=30, after which it kills the process anyway.
        var configuration = new InvocationConfiguration { Output = terminal.Out, Error = terminal.Error, ProcessTerminationTimeout = StopTimeout };
        return parse.InvokeAsync(configuration, cancellationToken);
    }

    /// <summary>How long a command may take to stop after Ctrl+C or SIGTERM before the process ends regardless.</summary>
    public static TimeSpan StopTimeout { get; } = TimeSpan.FromSeconds(25);

    // --version: the build's version, the same the page's footer, latest.json and the package show.
    sealed class VersionAction : System.CommandLine.Invocation.SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            ArgumentNullException.ThrowIfNull(parseResult);
            parseResult.InvocationConfiguration.Output.WriteLine(ProductVersion.Full);
            return ExitCodes.Ok;
        }
    }
}
