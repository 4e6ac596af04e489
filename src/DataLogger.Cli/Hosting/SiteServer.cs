using System.Net;
using DataLogger.Site;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace DataLogger.Cli.Hosting;

/// <summary>
/// Kestrel serving the site folder and nothing else: static files only (no directory listing, nothing outside the
/// folder, no dot-files such as the store's temporary files, no symbolic link followed: <see cref="SiteFileProvider"/>), with <c>Cache-Control: no-cache</c> so a phone
/// revalidates and sees the new chart at once (unchanged files still answer 304).
/// </summary>
static class SiteServer
{
    /// <summary>
    /// Builds the server, hosted as the agent is (<see cref="Cli.Common.ServiceHost"/>: under systemd, READY=1 once the
    /// page is served), with <paramref name="services"/> added (run's own hosted service); <see cref="WebApplication.StartAsync"/> starts it.
    /// </summary>
    public static WebApplication Create(string siteFolder, string bind, int port, Action<ILoggingBuilder>? logging = null, Prometheus.CollectorRegistry? metrics = null, Action<IServiceCollection>? services = null, ViewerKey? key = null)
    {
        Directory.CreateDirectory(siteFolder);
        var builder = Cli.Common.ServiceHost.Configure(WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = siteFolder, Args = [] }), logging);

        // A port in use or an address this machine lacks is said in one line by run itself (exit 2): not also as
        // Kestrel's and the host's traces before it.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Server.Kestrel", level => level is >= LogLevel.Warning and < LogLevel.Critical);
        services?.Invoke(builder.Services);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            if (bind == "localhost")
            {
                kestrel.ListenLocalhost(port);
            }
            else
            {
                kestrel.Listen(IPAddress.Parse(bind), port);
            }
        });

        var app = builder.Build();
        var files = new SiteFileProvider(siteFolder);
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".ttf"] = "font/ttf";
        types.Mappings[".json"] = "application/json";
        app.Use(async (context, next) =>
        {
            context.Response.Headers.XContentTypeOptions = "nosniff";
            await next(context).ConfigureAwait(false);
        });
        if (key is not null)
        {
            app.Use(key.Gate); // the page, its files and the metrics; the devices' endpoints keep their tokens
        }

        if (metrics is not null)
        {
            app.UseMetricServer("/metrics", metrics); // Prometheus text format, beside the site
        }

        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, DefaultFileNames = [SiteFiles.Page] });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            ContentTypeProvider = types,
            ServeUnknownFileTypes = false,
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
        });

        app.Use(FirstChartAsync(files));
        return app;
    }

    // Before the first page is drawn (a first start, a backfill being written): a small page that says so and reloads
    // itself, never a blank 404. Once the site has its page, what is not there is a 404 as ever.
    static Func<HttpContext, RequestDelegate, Task> FirstChartAsync(SiteFileProvider files) => async (context, next) =>
    {
        var path = context.Request.Path.Value ?? "/";
        if (HttpMethods.IsGet(context.Request.Method) && (path.EndsWith('/') || path.EndsWith(".html", StringComparison.Ordinal))
            && !files.GetFileInfo("/" + SiteFiles.Page).Exists)
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.Headers.CacheControl = "no-store";
            await context.Response.WriteAsync(FirstChart, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    };

    /// <summary>What a page not yet drawn answers: it says so and reloads itself every three seconds.</summary>
    public const string FirstChart = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="refresh" content="3"><title>Drawing the first chart</title>
        <style>body{font-family:system-ui,sans-serif;margin:2rem;color:#222;background:#fff}@media (prefers-color-scheme:dark){body{color:#eee;background:#111}}</style>
        </head><body><h1>Drawing the first chart…</h1><p>DataLogger is writing the readings and drawing the page. This page reloads by itself in a few seconds.</p></body></html>
        """;

    /// <summary>The address the server listens on, once started (the real port when 0 was asked for).</summary>
    public static string Address(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var address = addresses?.FirstOrDefault() ?? app.Urls.FirstOrDefault() ?? "http://127.0.0.1";
        return address.TrimEnd('/') + "/";
    }
}
