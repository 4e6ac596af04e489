using DataLogger.Cli.Commands;
using DataLogger.Cli.Infrastructure;

return await DataLoggerCommand.RunAsync(args, Terminal.System).ConfigureAwait(false);
