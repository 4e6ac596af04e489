using DataLogger.Cli.Commands;
using DataLogger.CommandLine;

return await DataLoggerCommand.RunAsync(args, Terminal.System).ConfigureAwait(false);
