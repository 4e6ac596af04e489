using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DataLogger.Cli.Common;
using DataLogger.Cli.Common.Settings;
using DataLogger.Cli.Input;
using DataLogger.Simulation;

namespace DataLogger.Cli.Commands;

/// <summary>
/// <c>datalogger generate</c>: writes a simulated history (a daily sine, a season, noise) so that a new user and
/// the benchmarks have readings to look at. Never overwrites a reading that is already there.
/// </summary>
static class GenerateCommand
{
    public static Command Create(Terminal terminal, Option<string> data)
    {
        var days = new Option<double>("--days")
        {
            Description = "How many days of history to write, ending now (fractions allowed).",
            HelpName = "N",
            DefaultValueFactory = _ => 2,
        };
        days.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<double>();
            if (!(value > 0 && value <= 3660))
            {
                result.AddError("--days must be more than 0 and at most 3660 (ten years).");
            }
        });
        var interval = CommonOptions.Duration("--interval", "The time between readings, for example 5m.", TimeSpan.FromMinutes(5));
        var end = CommonOptions.End("The time of the newest reading: ISO 8601 or Unix seconds (default: now).");
        var series = SharedSettings.Series.CreateOption();
        var seed = new Option<int>("--seed") { Description = "The seed of the simulated noise.", DefaultValueFactory = _ => 1 };

        var command = new Command("generate", "Write a simulated history of readings into the local bucket.")
        {
            days, interval.Option, end, series, seed,
        };
        command.SetGuardedAction(terminal, async (parse, cancellationToken) =>
        {
            var folder = DataFolder.At(parse.GetValue(data)!);
            var name = SharedSettings.Series.ValueIn(parse, series);
            var length = TimeSpan.FromDays(parse.GetValue(days));
            var step = interval.ValueIn(parse);
            var newest = parse.GetValue(end) ?? DateTimeOffset.UtcNow;
            var model = new PoolModel(seed: parse.GetValue(seed));

            var stopwatch = Stopwatch.StartNew();
            var (written, skipped) = await SimulatedHistory.WriteAsync(terminal, folder.Bucket, name, model, newest, length, step, cancellationToken).ConfigureAwait(false);
            var message = string.Create(CultureInfo.InvariantCulture,
                $"Wrote {written:N0} simulated readings of '{name}' to {Path.Join(folder.Bucket, name)} in {stopwatch.Elapsed.TotalSeconds:0.0} s");
            if (skipped > 0)
            {
                message += string.Create(CultureInfo.InvariantCulture, $" (kept {skipped:N0} that were already there)");
            }

            await terminal.Error.WriteLineAsync(message + ".").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
