using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DataLogger.Cli.Common;

/// <summary>
/// The one way both services are hosted, the agent's (<c>datalogger agent</c>) and <c>run</c>'s: how they log (one
/// line a message, or the journal's format under systemd), how they tell systemd they are ready and stopping
/// (<see cref="Systemd"/>), and one shutdown path: Ctrl+C, SIGTERM or a failure stops the host, which stops each
/// hosted service and then the server. Each command adds its own services to the builder.
/// </summary>
public static class ServiceHost
{
    /// <summary>A plain host's builder (the agent's), configured by <see cref="Configure{TBuilder}"/>.</summary>
    public static HostApplicationBuilder CreateBuilder() =>
        Configure(Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true }));

    /// <summary>
    /// Configures a host's builder, a plain one or a web application's: the console logging (or
    /// <paramref name="logging"/>, as tests set it), the host's own messages from warnings, and systemd's notifications.
    /// </summary>
    public static TBuilder Configure<TBuilder>(TBuilder builder, Action<ILoggingBuilder>? logging = null)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Logging.ClearProviders();
        if (logging is null)
        {
            ConsoleLogging.Configure(builder.Logging, systemd: Systemd.IsService);
        }
        else
        {
            logging(builder.Logging);
        }

        builder.Logging.AddFilter("Microsoft.Extensions.Hosting", level => level == LogLevel.Warning);
        Systemd.Add(builder.Services);
        return builder;
    }
}
