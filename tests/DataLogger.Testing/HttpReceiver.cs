using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace DataLogger.Testing;

/// <summary>
/// An HTTP listener on 127.0.0.1 that records every request (a webhook's or ntfy's receiving end) and answers with
/// the statuses queued in <see cref="Answers"/>, then 200. It can be stopped and started again on the same port.
/// </summary>
public sealed class HttpReceiver : IDisposable
{
    HttpListener? _listener;
    Task? _loop;

    public HttpReceiver()
    {
        Port = FreePort.Next();
        Start();
    }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}/");

    public ConcurrentQueue<int> Answers { get; } = new();

    public ConcurrentQueue<Received> Requests { get; } = new();

    public sealed record Received(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body)
    {
        public string Text => System.Text.Encoding.UTF8.GetString(Body);
    }

    public void Start()
    {
        _listener = new HttpListener();
        _listener.Prefixes.Add(Url.ToString());
        _listener.Start();
        var listener = _listener;
        _loop = Task.Run(() => LoopbackHttp.ServeAsync(listener, ReceiveAsync));
    }

    async Task ReceiveAsync(HttpListenerContext context)
    {
        using var body = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(body);
        var headers = context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => context.Request.Headers[k]!, StringComparer.OrdinalIgnoreCase);
        Requests.Enqueue(new Received(context.Request.HttpMethod, context.Request.Url!.AbsolutePath, headers, body.ToArray()));
        context.Response.StatusCode = Answers.TryDequeue(out var status) ? status : 200;
        context.Response.Close();
    }

    public void Stop()
    {
        _listener?.Stop();
        try
        {
            _listener?.Close();
        }
        catch (HttpListenerException)
        {
            // Closing looks its endpoint up again and may find the port taken by another test's server: it is closed all the same.
        }

        _loop?.Wait(TimeSpan.FromSeconds(5));
        _listener = null;
    }

    public void Dispose() => Stop();
}
