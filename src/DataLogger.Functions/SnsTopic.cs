using System.Globalization;
using System.Text;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.Runtime.Signing;
using DataLogger.Alerts;

namespace DataLogger.Functions;

/// <summary>
/// The alarms' SNS topic as the functions publish a notice to it: SNS's query API (<c>Action=Publish</c>, form-encoded,
/// signed with SigV4 by AWSSDK.Core's <see cref="SigV4SigningHandler"/>, as the Athena client is; no SNS SDK in the
/// NativeAOT functions). The topic's e-mail subscription gets the subject and message as the other channels write them;
/// SNS takes a subject of ASCII under 100 characters, so its degrees are written <c>C</c>.
/// </summary>
public sealed class SnsTopic : IDisposable
{
    readonly HttpClient _http;

    /// <summary>Creates the topic's client over an <see cref="HttpClient"/> that already signs its requests.</summary>
    public SnsTopic(HttpClient http, string topicArn, Uri endpoint)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
        TopicArn = topicArn ?? throw new ArgumentNullException(nameof(topicArn));
        Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
    }

    /// <summary>The topic.</summary>
    public string TopicArn { get; }

    /// <summary>Where SNS answers: <c>https://sns.REGION.amazonaws.com/</c>, or a stand-in's.</summary>
    public Uri Endpoint { get; }

    /// <summary>The topic <paramref name="topicArn"/> (its region from the ARN), signed with <paramref name="credentials"/> (default: the standard chain).</summary>
    public static SnsTopic Create(string topicArn, Uri? endpoint = null, AWSCredentials? credentials = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(topicArn);
        var parts = topicArn.Split(':');
        var region = parts.Length > 3 && parts[3].Length > 0 ? parts[3] : "us-east-1";
        credentials ??= DefaultAWSCredentialsIdentityResolver.GetCredentials();
        var signer = new SigV4SigningHandler(
            new AWSSigV4Parameters { Credentials = credentials, Region = RegionEndpoint.GetBySystemName(region), Service = "sns", SignPayload = true },
            new SocketsHttpHandler { AllowAutoRedirect = false });
        return new SnsTopic(new HttpClient(signer) { Timeout = TimeSpan.FromSeconds(15) }, topicArn, endpoint ?? new Uri($"https://sns.{region}.amazonaws.com/"));
    }

    /// <summary>Publishes <paramref name="notice"/>; throws when SNS did not take it (the caller keeps no new state then, so the next run tells it again).</summary>
    /// <exception cref="HttpRequestException">SNS refused it or could not be reached.</exception>
    public async Task PublishAsync(AlertNotice notice, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notice);
        using var body = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Action"] = "Publish",
            ["Version"] = "2010-03-31",
            ["TopicArn"] = TopicArn,
            ["Subject"] = Subject(notice.Subject),
            ["Message"] = notice.Message,
        });
        using var response = await _http.PostAsync(Endpoint, body, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var answer = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new HttpRequestException(string.Create(CultureInfo.InvariantCulture,
                $"SNS answered {(int)response.StatusCode} to Publish on {TopicArn}: {Between(answer, "<Message>", "</Message>") ?? answer}"), null, response.StatusCode);
        }
    }

    /// <summary>A subject as SNS takes it: ASCII, one line, under 100 characters (<c>°C</c> as <c>C</c>).</summary>
    public static string Subject(string subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var ascii = new StringBuilder(subject.Length);
        foreach (var c in subject.Replace("°C", "C", StringComparison.Ordinal))
        {
            ascii.Append(c is >= ' ' and <= '~' ? c : c is '\n' or '\r' ? ' ' : '?');
        }

        var text = ascii.ToString().Trim();
        return text.Length < 100 ? text : text[..96] + "...";
    }

    static string? Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal);
        var to = from < 0 ? -1 : text.IndexOf(end, from, StringComparison.Ordinal);
        return from < 0 || to < 0 ? null : text[(from + start.Length)..to];
    }

    /// <summary>Releases the connection.</summary>
    public void Dispose() => _http.Dispose();
}
