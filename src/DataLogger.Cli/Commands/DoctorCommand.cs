using System.CommandLine;
using DataLogger.Cli.Common;
using DataLogger.Cli.Common.Commands;
using DataLogger.Cli.Common.Settings;
using DataLogger.Cli.Configuration;

namespace DataLogger.Cli.Commands;

/// <summary>
/// <c>datalogger doctor</c>: checks this machine against the settings the service reads, one line a check, with the
/// fix for each failure; exit 0 only when every check that applies holds.
/// </summary>
static class DoctorCommand
{
    public static Command Create(Terminal terminal, Option<string> data)
    {
        var command = new Command("doctor", "Check the probes, the clock, the data folder, the store, the MQTT broker, the alert channels and the page's port, one line each with the fix for a failure; exit 0 only when all hold.");
        var flags = new SettingFlags(command, data);
        RunSettings.Define(flags);
        flags.Add(AgentSettings.StoreSetting);
        flags.Add(AgentSettings.S3EndpointSetting);
        command.Add(flags.Config);
        command.SetGuardedAction(terminal, async (parse, cancellationToken) =>
        {
            await terminal.Out.WriteLineAsync($"datalogger {ProductVersion.Current}").ConfigureAwait(false);
            var doctor = new Doctor.Doctor(flags.Read(parse), TimeSpan.FromSeconds(5));
            var checks = await doctor.RunAsync(check => terminal.Out.WriteLineAsync(check.ToString()), cancellationToken).ConfigureAwait(false);
            var failed = checks.Count(c => c.Outcome == Doctor.DoctorOutcome.Failed);
            await terminal.Out.WriteLineAsync(failed == 0 ? "All checks hold." : $"{failed} of {checks.Count} checks failed.").ConfigureAwait(false);
            return failed == 0 ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }
}
