using System.Net.Http.Headers;
using System.Text.Json;

namespace DataLogger.Alerts.Channels;

/// <summary>
/// <c>ntfy://HOST/TOPIC</c> (HTTPS; <c>ntfy+http://</c> for a server on the local network): a push to the ntfy app
/// on a phone, published as JSON (<c>POST /</c> with topic, title, message, priority and tags, so "°C" survives),
/// with an access token when one is given (<c>DATALOGGER_NTFY_TOKEN</c>). A firing alert is high priority, a resolved
/// one or a test the default.
/// </summary>
public sealed class NtfyChannel(HttpClient http, Uri server, string topic, string? token) : Channel
{
    /// <inheritdoc />
    public override string Name { get; } = $"ntfy {server.Host}{(server.IsDefaultPort ? string.Empty : ":" + server.Port)}/{topic}";

    /// <inheritdoc />
    public override async Task<Delivery> SendAsync(AlertNotice notice, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notice);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("topic", topic);
            json.WriteString("title", notice.Subject);
            json.WriteString("message", notice.Message);
            json.WriteNumber("priority", notice.IsFiring ? 4 : 3);
            json.WriteStartArray("tags");
            foreach (var tag in Tags(notice))
            {
                json.WriteStringValue(tag);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, server) { Content = new ByteArrayContent(buffer.ToArray()) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        if (token is { Length: > 0 })
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return FromStatus(response.StatusCode, Name);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return Delivery.Retry($"{Name} is unreachable: {e.Message}");
        }
    }

    // ntfy shows tags that name an emoji as that emoji, before the title.
    static string[] Tags(AlertNotice notice) => (notice.Kind, notice.State) switch
    {
        ("test", _) => ["bell", "test"],
        ("offline", "firing") => ["warning", "electric_plug", notice.Series],
        ("below", "firing") => ["snowflake", "thermometer", notice.Series],
        ("above", "firing") => ["fire", "thermometer", notice.Series],
        _ => ["white_check_mark", notice.Series],
    };
}
