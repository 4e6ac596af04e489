using System.Globalization;
using System.Net;
using MimeKit;

namespace DataLogger.Alerts.Channels;

/// <summary>
/// The channels of the <c>notify</c> setting, from their URLs: <c>ntfy://HOST/TOPIC</c> (<c>ntfy+http://</c> for a
/// server on the local network), <c>http(s)://...</c> (a JSON webhook), <c>smtp://USER@HOST:PORT?to=ADDRESS</c>.
/// Secrets come from the environment: <c>DATALOGGER_NTFY_TOKEN</c>, <c>DATALOGGER_SMTP_PASSWORD</c>.
/// </summary>
public static partial class ChannelUrls
{
    /// <summary>The variable an ntfy access token is read from.</summary>
    public const string NtfyToken = "DATALOGGER_NTFY_TOKEN";

    /// <summary>The variable an SMTP password is read from.</summary>
    public const string SmtpPassword = "DATALOGGER_SMTP_PASSWORD";

    /// <summary>The channel a URL names.</summary>
    /// <exception cref="FormatException">The URL is not one of the forms above; the message says what to write.</exception>
    public static Channel Parse(string? text, HttpClient http, Func<string, string?>? environment = null)
    {
        var key = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text?.Trim() ?? string.Empty)))[..12];
        return Create(text, http, environment, key);
    }

    static Channel Create(string? text, HttpClient http, Func<string, string?>? environment, string key)
    {
        ArgumentNullException.ThrowIfNull(http);
        environment ??= Environment.GetEnvironmentVariable;
        if (!Uri.TryCreate(text?.Trim(), UriKind.Absolute, out var url))
        {
            throw new FormatException($"'{text}' is not a URL: write ntfy://ntfy.sh/TOPIC, https://HOST/PATH (a webhook) or smtp://USER@HOST:587?to=ADDRESS");
        }

        switch (url.Scheme)
        {
            case "ntfy" or "ntfy+http":
                var topic = url.AbsolutePath.Trim('/');
                if (topic.Length == 0 || topic.Contains('/', StringComparison.Ordinal))
                {
                    throw new FormatException($"'{text}' names no ntfy topic: write ntfy://HOST/TOPIC, such as ntfy://ntfy.sh/our-pool-3f9a");
                }

                // What an ntfy server takes as a topic; any other is refused only when a notice is sent.
                topic = Uri.UnescapeDataString(topic);
                if (!NtfyTopic().IsMatch(topic))
                {
                    throw new FormatException($"'{topic}' is not an ntfy topic: ntfy takes 1 to 64 letters, digits, '-' and '_', such as our-pool-3f9a");
                }

                var server = new UriBuilder(url.Scheme == "ntfy" ? "https" : "http", url.Host, url.IsDefaultPort ? -1 : url.Port, "/").Uri;
                return new NtfyChannel(http, server, topic, environment(NtfyToken)) { Key = key };
            case "http" or "https":
                return new WebhookChannel(http, url) { Key = key };
            case "smtp":
                var query = Query(url.Query);
                if (!query.TryGetValue("to", out var to) || !MailboxAddress.TryParse(to, out var recipient))
                {
                    throw new FormatException($"'{Redact(url)}' has no valid ?to=ADDRESS: write smtp://USER@HOST:587?to=you@example.org");
                }

                var user = url.UserInfo.Length > 0 ? WebUtility.UrlDecode(url.UserInfo.Split(':')[0]) : null;
                if (url.UserInfo.Contains(':', StringComparison.Ordinal))
                {
                    throw new FormatException($"'{Redact(url)}' has a password in it: take it out, and set {SmtpPassword} in the environment instead");
                }

                var fromText = query.TryGetValue("from", out var f) ? f : $"datalogger@{(user is { } u && u.Contains('@', StringComparison.Ordinal) ? u.Split('@')[1] : url.Host)}";
                if (!MailboxAddress.TryParse(fromText, out var sender))
                {
                    throw new FormatException($"'{fromText}' is not an e-mail address (?from=)");
                }

                return new SmtpChannel(url.Host, url.IsDefaultPort ? 587 : url.Port, user, environment(SmtpPassword), recipient, sender) { Key = key };
            default:
                throw new FormatException($"'{url.Scheme}://' is not a channel: use ntfy://, ntfy+http://, https:// (or http://) for a webhook, or smtp://");
        }
    }

    /// <summary>A URL without its secrets, for logs and messages: no user information, no query, the path cut after two parts.</summary>
    public static string Redact(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var parts = url.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var path = string.Join('/', parts.Take(2)) + (parts.Length > 2 ? "/…" : string.Empty);
        return string.Create(CultureInfo.InvariantCulture, $"{url.Scheme}://{url.Host}{(url.IsDefaultPort ? string.Empty : ":" + url.Port)}/{path}");
    }

    static Dictionary<string, string> Query(string query) => query.TrimStart('?')
        .Split('&', StringSplitOptions.RemoveEmptyEntries)
        .Select(p => p.Split('=', 2))
        .Where(p => p.Length == 2)
        .ToDictionary(p => WebUtility.UrlDecode(p[0]), p => WebUtility.UrlDecode(p[1]), StringComparer.OrdinalIgnoreCase);

    [System.Text.RegularExpressions.GeneratedRegex("^[-_A-Za-z0-9]{1,64}$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex NtfyTopic();
}
