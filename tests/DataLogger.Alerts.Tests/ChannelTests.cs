using System.Text.Json;
using DataLogger.Alerts;
using DataLogger.Alerts.Channels;
using DataLogger.Testing;

namespace DataLogger.Alerts.Tests;

/// <summary>Each channel against a real server on 127.0.0.1: an HTTP listener for the webhook and ntfy, aiosmtpd for e-mail.</summary>
[Trait("Category", "System")]
public sealed class ChannelTests : IDisposable
{
    static readonly AlertNotice Below = new(
        "pool-below-firing-1796106900", "pool", "Pool", "below", "firing", 9.5, 10, new DateTimeOffset(2026, 12, 1, 6, 40, 0, TimeSpan.Zero),
        new DateTimeOffset(2026, 12, 1, 6, 40, 0, TimeSpan.Zero), "Pool below 10.0 °C", "Pool is at 9.5 °C, below 10.0 °C, since 06:40.");

    readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    readonly HttpReceiver _receiver = new();

    public void Dispose()
    {
        _receiver.Dispose();
        _http.Dispose();
    }

    [Fact]
    public async Task A_webhook_gets_the_documented_json()
    {
        var channel = ChannelUrls.Parse(_receiver.Url + "api/webhook/pool-alerts", _http);
        Assert.Equal(DeliveryOutcome.Delivered, (await channel.SendAsync(Below)).Outcome);

        var request = Assert.Single(_receiver.Requests);
        Assert.Equal(("POST", "/api/webhook/pool-alerts"), (request.Method, request.Path));
        Assert.Equal("application/json; charset=utf-8", request.Headers["Content-Type"]);
        using var json = JsonDocument.Parse(request.Body);
        var root = json.RootElement;
        Assert.Equal("pool", root.GetProperty("series").GetString());
        Assert.Equal("firing", root.GetProperty("state").GetString());
        Assert.Equal("below", root.GetProperty("kind").GetString());
        Assert.Equal(9.5, root.GetProperty("celsius").GetDouble());
        Assert.Equal(49.1, root.GetProperty("fahrenheit").GetDouble());
        Assert.Equal(10, root.GetProperty("threshold").GetDouble());
        Assert.Equal("2026-12-01T06:40:00+00:00", root.GetProperty("at").GetString());
        Assert.Equal("Pool is at 9.5 °C, below 10.0 °C, since 06:40.", root.GetProperty("message").GetString());
        Assert.Equal(Below.Id, root.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Ntfy_gets_a_json_publish_with_title_priority_tags_and_the_token()
    {
        var url = $"ntfy+http://127.0.0.1:{_receiver.Port}/our-pool-3f9a";
        var channel = ChannelUrls.Parse(url, _http, name => name == ChannelUrls.NtfyToken ? "tk_secret" : null);
        Assert.Equal($"ntfy 127.0.0.1:{_receiver.Port}/our-pool-3f9a", channel.Name);
        Assert.Equal(DeliveryOutcome.Delivered, (await channel.SendAsync(Below)).Outcome);
        var resolved = Below with { Id = "x", State = "resolved", Subject = "Pool back above 10.0 °C", Message = "m" };
        Assert.Equal(DeliveryOutcome.Delivered, (await channel.SendAsync(resolved)).Outcome);

        var requests = _receiver.Requests.ToList();
        Assert.All(requests, r => Assert.Equal(("POST", "/", "Bearer tk_secret"), (r.Method, r.Path, r.Headers["Authorization"])));
        using var first = JsonDocument.Parse(requests[0].Body);
        Assert.Equal("our-pool-3f9a", first.RootElement.GetProperty("topic").GetString());
        Assert.Equal("Pool below 10.0 °C", first.RootElement.GetProperty("title").GetString()); // "°" intact: JSON, not a header
        Assert.Equal(Below.Message, first.RootElement.GetProperty("message").GetString());
        Assert.Equal(4, first.RootElement.GetProperty("priority").GetInt32());
        Assert.Equal(["snowflake", "thermometer", "pool"], first.RootElement.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        using var second = JsonDocument.Parse(requests[1].Body);
        Assert.Equal(3, second.RootElement.GetProperty("priority").GetInt32());
        Assert.Equal("white_check_mark", second.RootElement.GetProperty("tags")[0].GetString());
    }

    [Theory]
    [InlineData(503, DeliveryOutcome.Retry)]
    [InlineData(429, DeliveryOutcome.Retry)]
    [InlineData(404, DeliveryOutcome.Refused)]
    [InlineData(401, DeliveryOutcome.Refused)]
    public async Task Server_errors_are_retried_and_refusals_are_not(int status, DeliveryOutcome expected)
    {
        _receiver.Answers.Enqueue(status);
        var delivery = await ChannelUrls.Parse(_receiver.Url + "hook", _http).SendAsync(Below);
        Assert.Equal(expected, delivery.Outcome);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), delivery.Reason);
    }

    [Fact]
    public async Task A_server_that_is_down_is_worth_a_retry()
    {
        _receiver.Stop();
        var delivery = await ChannelUrls.Parse(_receiver.Url + "hook", _http).SendAsync(Below);
        Assert.Equal(DeliveryOutcome.Retry, delivery.Outcome);
        Assert.Contains("unreachable", delivery.Reason);
    }

    [Fact]
    public async Task E_mail_arrives_at_a_real_smtp_server()
    {
        await using var smtp = await SmtpServer.StartAsync();
        var channel = ChannelUrls.Parse($"smtp://127.0.0.1:{smtp.Port}?to=owner@example.org&from=pool@example.org", _http);
        Assert.Equal($"e-mail to owner@example.org via 127.0.0.1:{smtp.Port}", channel.Name);
        var delivery = await channel.SendAsync(Below);
        Assert.True(delivery.Outcome == DeliveryOutcome.Delivered, delivery.Reason);
        var output = await smtp.WaitForAsync("Pool is at 9.5", TimeSpan.FromSeconds(10));
        Assert.Contains("To: owner@example.org", output);
        Assert.Contains("From: pool@example.org", output);
        Assert.Contains("Subject: Pool below 10.0 =?utf-8?", output, StringComparison.OrdinalIgnoreCase); // "°" encoded in the header
    }

    [Fact]
    public async Task An_smtp_server_that_is_not_there_is_worth_a_retry()
    {
        var port = FreePort.Next(); // nobody listens on it
        var delivery = await ChannelUrls.Parse($"smtp://127.0.0.1:{port}?to=owner@example.org", _http).SendAsync(Below);
        Assert.Equal(DeliveryOutcome.Retry, delivery.Outcome);
    }

    [Theory]
    [InlineData("ntfy://ntfy.sh/", "names no ntfy topic")]
    [InlineData("ntfy://ntfy.sh/our%20pool", "'our pool' is not an ntfy topic: ntfy takes 1 to 64 letters, digits, '-' and '_'")]
    [InlineData("ntfy://ntfy.sh/pool.alerts", "'pool.alerts' is not an ntfy topic")]
    [InlineData("ntfy://ntfy.sh/piscine-été", "is not an ntfy topic")]
    [InlineData("ntfy://ntfy.sh/0123456789012345678901234567890123456789012345678901234567890123x", "is not an ntfy topic")]
    [InlineData("smtp://mail.example.org:587", "no valid ?to=ADDRESS")]
    [InlineData("smtp://me:secret@mail.example.org:587?to=a@b.org", "has a password in it")]
    [InlineData("ftp://example.org/x", "'ftp://' is not a channel")]
    [InlineData("not a url", "is not a URL")]
    public void A_bad_channel_url_says_what_to_write(string url, string expected)
        => AssertRefused(url, expected);

    [Theory]
    [InlineData("ntfy://ntfy.sh/our-pool_3f9a")]
    [InlineData("ntfy://ntfy.sh/0123456789012345678901234567890123456789012345678901234567890123")]
    public void An_ntfy_topic_of_up_to_64_letters_digits_dashes_and_underscores_is_taken(string url) =>
        Assert.NotNull(ChannelUrls.Parse(url, _http));

    void AssertRefused(string url, string expected)
    {
        var e = Assert.Throws<FormatException>(() => ChannelUrls.Parse(url, _http));
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain("secret", e.Message);
    }

    [Fact]
    public void Names_carry_no_secret_and_keys_are_stable()
    {
        var hook = ChannelUrls.Parse("https://ha.example.org:8123/api/webhook/0b1d5b8a-secret-id", _http);
        Assert.Equal("https://ha.example.org:8123/api/webhook/…", hook.Name);
        Assert.Equal(hook.Key, ChannelUrls.Parse("https://ha.example.org:8123/api/webhook/0b1d5b8a-secret-id", _http).Key);
        Assert.NotEqual(hook.Key, ChannelUrls.Parse("https://ha.example.org:8123/api/webhook/other", _http).Key);
        Assert.Equal(MailKit.Security.SecureSocketOptions.SslOnConnect, SmtpPort(465));
        Assert.Equal(MailKit.Security.SecureSocketOptions.StartTls, SmtpPort(587));
        Assert.Equal(MailKit.Security.SecureSocketOptions.StartTlsWhenAvailable, SmtpPort(2525));

        MailKit.Security.SecureSocketOptions SmtpPort(int port) =>
            ((SmtpChannel)ChannelUrls.Parse($"smtp://me@mail.example.org:{port}?to=a@example.org", _http)).Security;
    }
}
