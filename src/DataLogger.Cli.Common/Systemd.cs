using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;

namespace DataLogger.Cli.Common;

/// <summary>
/// The one place that knows how the services talk to systemd (<c>Type=notify</c>, <c>WatchdogSec</c>): whether this
/// process is a systemd service, <c>READY=1</c> and <c>STOPPING=1</c> through the host's lifetime, and the watchdog.
/// </summary>
/// <remarks>
/// Microsoft.Extensions.Hosting.Systemd 10.0 decides it runs under systemd by reading <c>/proc/&lt;parent&gt;/comm</c>,
/// which the units' <c>ProtectProc=invisible</c> hides, so it never sent <c>READY=1</c> and systemd killed both services
/// after 90 s, in a loop (dotnet/runtime#125368). systemd 248 and later set <c>SYSTEMD_EXEC_PID</c> to the process it
/// started (what the upstream fix, dotnet/runtime#125520, also reads): this asks that first, and keeps the hardening.
/// </remarks>
public static class Systemd
{
    /// <summary>Whether systemd started this process as a service: <c>SYSTEMD_EXEC_PID</c> is its id, or the parent is systemd.</summary>
    public static bool IsService { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("SYSTEMD_EXEC_PID"), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid == Environment.ProcessId
        || SystemdHelpers.IsSystemdService();

    /// <summary>
    /// Under systemd, the host tells it when it is ready and when it stops (<see cref="SystemdLifetime"/>), and the console
    /// logs in the journal's format; elsewhere nothing changes.
    /// </summary>
    public static IServiceCollection Add(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (IsService)
        {
            services.AddSingleton<ISystemdNotifier, SystemdNotifier>();
            services.AddSingleton<IHostLifetime, SystemdLifetime>();
        }

        return services;
    }

    /// <summary>systemd's <c>WatchdogSec</c> for this service (<c>WATCHDOG_USEC</c>, set only for a service that has one).</summary>
    public static TimeSpan? WatchdogTimeout =>
        IsService && long.TryParse(Environment.GetEnvironmentVariable("WATCHDOG_USEC"), NumberStyles.None, CultureInfo.InvariantCulture, out var microseconds) && microseconds > 0
            ? TimeSpan.FromMicroseconds(microseconds)
            : null;

    /// <summary>
    /// Feeds systemd's watchdog every half of its timeout while <paramref name="isAlive"/> holds, until stopped; when it
    /// stops holding (a probe read that never returns), says so once and stops feeding, so systemd restarts the service.
    /// Returns at once where there is no watchdog.
    /// </summary>
    public static async Task WatchdogAsync(ISystemdNotifier? notifier, Func<TimeSpan, bool> isAlive, ILogger logger, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(isAlive);
        ArgumentNullException.ThrowIfNull(logger);
        if (notifier is not { IsEnabled: true } || WatchdogTimeout is not { } timeout)
        {
            return;
        }

        var said = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (isAlive(timeout))
            {
                notifier.Notify(new ServiceState("WATCHDOG=1"));
                said = false;
            }
            else if (!said)
            {
                logger.LogCritical("Sampling has not moved for {Seconds:0} s (a probe read that does not return?): the watchdog is no longer fed, so systemd restarts the service", timeout.TotalSeconds);
                said = true;
            }

            try
            {
                await Task.Delay(timeout / 2, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
