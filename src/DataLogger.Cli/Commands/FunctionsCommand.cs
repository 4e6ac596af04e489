using System.CommandLine;
using DataLogger.Cli.Common;
using DataLogger.Functions;
using DataLogger.Query.Athena;

namespace DataLogger.Cli.Commands;

/// <summary>
/// <c>datalogger functions invoke start-query|render|compact|ingest --event FILE</c>: runs a Lambda handler here, with the same
/// environment variables it has in AWS (as <c>sam local invoke</c> does), for debugging and scripts.
/// </summary>
static class FunctionsCommand
{
    public static Command Create(Terminal terminal)
    {
        var name = new Argument<string>("function") { Description = "start-query, render, compact or ingest." };
        name.AcceptOnlyFromAmong("start-query", "render", "compact", "ingest");
        var eventFile = new Option<string>("--event") { Description = "A file holding the event, as AWS would send it (- for standard input).", HelpName = "FILE", Required = true };
        var invoke = new Command("invoke", "Run a function's handler on an event, with the function's environment variables (DATALOGGER_*, AWS_*).") { name, eventFile };
        invoke.SetGuardedAction(terminal, async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(eventFile)!;
            if (path != "-" && !File.Exists(path))
            {
                throw new UserErrorException($"there is no event file {Path.GetFullPath(path)}.");
            }

            var input = path == "-" ? Console.OpenStandardInput() : File.OpenRead(path);
            await using var inputScope = input.ConfigureAwait(false);
            FunctionOutcome outcome;
            try
            {
                outcome = parse.GetValue(name) switch
                {
                    "render" => await new RenderFunction().RunAsync(input, cancellationToken).ConfigureAwait(false),
                    "compact" => await new CompactFunction().RunAsync(input, cancellationToken).ConfigureAwait(false),
                    "ingest" => await IngestAsync(input, cancellationToken).ConfigureAwait(false),
                    _ => await new StartQueryFunction().RunAsync(input, cancellationToken).ConfigureAwait(false),
                };
            }
            catch (FunctionConfigurationException e)
            {
                throw new UserErrorException(e.Message, e);
            }
            catch (Amazon.Runtime.AmazonClientException e) when (e.Message.Contains("credential", StringComparison.OrdinalIgnoreCase))
            {
                throw new UserErrorException($"no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE ({e.Message})", e);
            }
            catch (FunctionEventException e)
            {
                throw new UserErrorException($"{path}: {e.Message}", e);
            }
            catch (AthenaException e)
            {
                await terminal.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                return ExitCodes.Failure;
            }
            catch (Ports.StoreException e)
            {
                await terminal.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                return ExitCodes.Failure;
            }

            using var reader = new StreamReader(outcome.ToStream());
            await terminal.Out.WriteLineAsync(await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            await terminal.Error.WriteLineAsync($"{outcome.Status}: {outcome.Message}").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return new Command("functions", "The AWS Lambda functions, run locally.") { invoke };
    }

    // The ingest function answers HTTP: its status and line as an outcome.
    static async Task<FunctionOutcome> IngestAsync(Stream input, CancellationToken cancellationToken)
    {
        var (status, line) = await new IngestFunction().RunAsync(input, cancellationToken).ConfigureAwait(false);
        return new FunctionOutcome(status is >= 200 and < 300 ? "stored" : "refused", $"{status}: {line}");
    }
}
