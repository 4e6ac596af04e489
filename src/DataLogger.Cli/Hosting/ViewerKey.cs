using System.Security.Cryptography;
using System.Text;
using DataLogger.Cli.Common.Settings;
using Microsoft.AspNetCore.Http;

namespace DataLogger.Cli.Hosting;

/// <summary>
/// The optional viewer key of a page reachable from outside: with <c>viewerKey</c> set, the page, its data files, its
/// CSVs and the metrics answer only a browser that brought the key, once as <c>?key=</c> (the page then redirects to
/// itself without it, and a cookie keeps it on that browser) or in the cookie after; anything else is a small page that
/// says what to open, 403. The devices' endpoints keep their own tokens: the key never gates them.
/// </summary>
sealed class ViewerKey
{
    /// <summary>The query parameter that brings the key: <c>http://pool.local:8080/?key=…</c>.</summary>
    public const string Parameter = "key";

    /// <summary>The cookie that keeps it.</summary>
    public const string Cookie = "datalogger_key";

    const int Shortest = 12;

    readonly byte[] _key;

    ViewerKey(string key) => _key = Encoding.UTF8.GetBytes(key);

    /// <summary><c>viewerKey</c> / <c>--viewer-key</c>: none by default (the page is open to whoever reaches it).</summary>
    public static Setting<string?> Setting { get; } = new(
        "viewerKey", "--viewer-key",
        "A key the page, its data files and CSVs then ask for, for a page reachable from outside: open it once as ?key=KEY, a cookie keeps it (devices keep their tokens).",
        "KEY", string.Empty, text => text.Length == 0 ? null : Check(text), shownDefault: "none");

    /// <summary>The key's gate, or none when no key is set.</summary>
    public static ViewerKey? For(string? key) => key is null ? null : new ViewerKey(key);

    /// <summary><paramref name="address"/> with the key, as a phone opens it the first time.</summary>
    public string Link(string address) => $"{address}?{Parameter}={Encoding.UTF8.GetString(_key)}";

    /// <summary>The middleware: lets a request with the key through, else answers 403 with what to open.</summary>
    public Func<HttpContext, RequestDelegate, Task> Gate => async (context, next) =>
    {
        if (context.GetEndpoint() is not null)
        {
            await next(context).ConfigureAwait(false); // a device's endpoint: its own token decides
            return;
        }

        if (context.Request.Query.TryGetValue(Parameter, out var given) && Matches(given.ToString()))
        {
            context.Response.Cookies.Append(Cookie, Encoding.UTF8.GetString(_key), new CookieOptions
            {
                HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = context.Request.IsHttps, Path = "/", MaxAge = TimeSpan.FromDays(400),
            });
            if (HttpMethods.IsGet(context.Request.Method) && !context.Request.Path.StartsWithSegments("/metrics", StringComparison.Ordinal))
            {
                // The same address without the key, so it stays out of the address bar, the history and a shared link.
                var rest = context.Request.Query.Where(q => q.Key != Parameter).Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}");
                var query = string.Join('&', rest);
                context.Response.Redirect($"{context.Request.PathBase}{context.Request.Path}{(query.Length > 0 ? "?" + query : string.Empty)}");
                return;
            }

            await next(context).ConfigureAwait(false);
            return;
        }

        if (context.Request.Cookies.TryGetValue(Cookie, out var kept) && Matches(kept))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsync(Refused, context.RequestAborted).ConfigureAwait(false);
    };

    /// <summary>What a browser without the key is answered.</summary>
    public const string Refused = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>This page needs its key</title>
        <style>body{font-family:system-ui,sans-serif;margin:2rem;color:#222;background:#fff}@media (prefers-color-scheme:dark){body{color:#eee;background:#111}}</style>
        </head><body><h1>This page needs its key</h1><p>Open the link its owner gave you, the one that ends in <code>?key=…</code>: this browser then remembers it.</p></body></html>
        """;

    bool Matches(string? text) => text is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(text), _key);

    static string Check(string key) =>
        key.Length >= Shortest && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? key
            : throw new FormatException($"a viewer key needs at least {Shortest} letters, digits, '-' or '_' (it goes in a link and a cookie); for example the output of: openssl rand -hex 12");
}
