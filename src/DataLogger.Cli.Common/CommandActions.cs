using System.CommandLine;

namespace DataLogger.Cli.Common;

/// <summary>Wraps command actions so that user errors print one clear line instead of a stack trace.</summary>
public static class CommandActions
{
    /// <summary>Sets <paramref name="action"/> on <paramref name="command"/>, translating exceptions into messages and exit codes.</summary>
    public static void SetGuardedAction(this Command command, Terminal terminal, Func<ParseResult, CancellationToken, Task<int>> action)
    {
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            try
            {
                return await action(parseResult, cancellationToken).ConfigureAwait(false);
            }
            catch (UserErrorException e)
            {
                await terminal.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                return ExitCodes.UserError;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await terminal.Error.WriteLineAsync("stopped.").ConfigureAwait(false);
                return ExitCodes.Cancelled;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await terminal.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                return ExitCodes.Failure;
            }
        });
    }
}
