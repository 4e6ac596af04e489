using DataLogger.Cli.Commands;
using DataLogger.Cli.Common;

namespace DataLogger.Cli.Tests;

/// <summary>Runs the <c>datalogger</c> command in process and captures what it prints.</summary>
static class CliRunner
{
    public static async Task<(int Exit, string Out, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await DataLoggerCommand.RunAsync(args, Terminal.Plain(output, error));
        return (exit, output.ToString(), error.ToString());
    }
}
