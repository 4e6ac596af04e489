using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace DataLogger.Testing;

/// <summary>
/// A local stand-in for SNS's query API (no emulator is installed here): an HTTP endpoint on 127.0.0.1 that refuses any
/// request whose SigV4 signature does not verify (service <c>sns</c>), takes <c>Action=Publish</c> with a topic ARN it
/// knows, checks the subject as SNS does (ASCII, one line, under 100 characters: <c>InvalidParameter</c> otherwise), and
/// keeps each message; errors can be queued to play SNS down.
/// </summary>
public sealed class FakeSns : IAsyncDisposable
{
    readonly HttpListener _listener = new();
    readonly Task _loop;

    FakeSns(int port, string topicArn)
    {
        Port = port;
        TopicArn = topicArn;
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(() => LoopbackHttp.ServeAsync(_listener, HandleAsync, concurrently: true));
    }

    public int Port { get; }

    public Uri Endpoint => new($"http://127.0.0.1:{Port}/");

    /// <summary>The one topic it has.</summary>
    public string TopicArn { get; }

    /// <summary>The secret of each access key the endpoint accepts.</summary>
    public Dictionary<string, string> Secrets { get; } = new() { ["S3RVER"] = "S3RVER", ["AKIDEXAMPLE"] = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };

    /// <summary>Statuses to answer with, in order, before answering normally.</summary>
    public ConcurrentQueue<int> Errors { get; } = new();

    /// <summary>What was published: subject and message.</summary>
    public ConcurrentQueue<(string Subject, string Message)> Published { get; } = new();

    /// <summary>Requests refused, with the reason.</summary>
    public ConcurrentQueue<string> Refused { get; } = new();

    /// <summary>Starts the endpoint with a topic in us-east-1.</summary>
    public static FakeSns Start(string topicArn = "arn:aws:sns:us-east-1:123456789012:DataLogger-Alarms") => new(FreePort.Next(), topicArn);

    async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        using var body = new MemoryStream();
        await request.InputStream.CopyToAsync(body);
        var headers = request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!.ToLowerInvariant(), k => request.Headers[k]!);
        var problem = SigV4Verifier.Verify(request.HttpMethod, request.Url!.AbsolutePath, request.Url.Query, headers, body.ToArray(),
            key => Secrets.GetValueOrDefault(key), TimeSpan.FromMinutes(15));
        if (problem is null && !(headers.GetValueOrDefault("authorization") ?? string.Empty).Contains("/sns/aws4_request", StringComparison.Ordinal))
        {
            problem = "not signed for the sns service";
        }

        if (problem is not null)
        {
            Refused.Enqueue(problem);
            await AnswerAsync(context, 403, Error("Sender", "InvalidClientTokenId", problem));
            return;
        }

        var form = System.Web.HttpUtility.ParseQueryString(Encoding.UTF8.GetString(body.ToArray()));
        if (Errors.TryDequeue(out var status))
        {
            await AnswerAsync(context, status, Error("Receiver", "InternalError", "played down"));
            return;
        }

        var subject = form["Subject"];
        if (form["Action"] != "Publish" || form["Version"] != "2010-03-31" || form["TopicArn"] != TopicArn || form["Message"] is not { Length: > 0 } message)
        {
            await AnswerAsync(context, 400, Error("Sender", "InvalidParameter", "Invalid parameter: expected Publish to " + TopicArn + " with a Message"));
            return;
        }

        if (subject is not null && (subject.Length >= 100 || subject.Any(c => c is < ' ' or > '~')))
        {
            await AnswerAsync(context, 400, Error("Sender", "InvalidParameter", "Invalid parameter: Subject"));
            return;
        }

        Published.Enqueue((subject ?? string.Empty, message));
        await AnswerAsync(context, 200, $"""
            <PublishResponse xmlns="https://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>{Guid.NewGuid()}</MessageId></PublishResult><ResponseMetadata><RequestId>{Guid.NewGuid()}</RequestId></ResponseMetadata></PublishResponse>
            """);
    }

    static string Error(string type, string code, string message) =>
        $"""<ErrorResponse xmlns="https://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>{type}</Type><Code>{code}</Code><Message>{WebUtility.HtmlEncode(message)}</Message></Error><RequestId>{Guid.NewGuid()}</RequestId></ErrorResponse>""";

    static async Task AnswerAsync(HttpListenerContext context, int status, string xml)
    {
        var bytes = Encoding.UTF8.GetBytes(xml);
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/xml";
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop.ConfigureAwait(false);
    }
}
