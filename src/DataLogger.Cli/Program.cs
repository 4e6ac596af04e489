using DataLogger.Cli.Commands;
using DataLogger.Cli.Common;

return await DataLoggerCommand.RunAsync(args, Terminal.System).ConfigureAwait(false);
