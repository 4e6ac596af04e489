using System.Net.Http.Headers;

namespace DataLogger.Alerts.Channels;

/// <summary>
/// A plain <c>http://</c> or <c>https://</c> URL: the notice POSTed as JSON (<see cref="NoticeJson"/>), for Home
/// Assistant's webhook trigger, Node-RED, n8n or anything else that takes a webhook.
/// </summary>
public sealed class WebhookChannel(HttpClient http, Uri url) : Channel
{
    /// <inheritdoc />
    public override string Name { get; } = ChannelUrls.Redact(url);

    /// <inheritdoc />
    public override async Task<Delivery> SendAsync(AlertNotice notice, CancellationToken cancellationToken = default)
    {
        using var content = new ByteArrayContent(NoticeJson.Encode(notice));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        try
        {
            using var response = await http.PostAsync(url, content, cancellationToken).ConfigureAwait(false);
            return FromStatus(response.StatusCode, Name);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return Delivery.Retry($"{Name} is unreachable: {e.Message}");
        }
    }
}
