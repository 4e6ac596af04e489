using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DataLogger.Testing;

/// <summary>
/// A local stand-in for Athena (no emulator exists): an HTTP endpoint on 127.0.0.1 that speaks Athena's JSON 1.1
/// protocol (StartQueryExecution, GetQueryExecution), refuses any request whose SigV4 signature does not verify, and
/// runs each query through a callback (in the end-to-end tests: DuckDB over the same objects) that writes the result.
/// Errors can be queued to play throttling and refusals.
/// </summary>
public sealed class FakeAthena : IAsyncDisposable
{
    readonly HttpListener _listener = new();
    readonly Func<string, IReadOnlyList<string>, string, Task<string>> _execute;
    readonly ConcurrentDictionary<string, JsonObject> _executions = new();
    readonly ConcurrentDictionary<string, (string Id, string Request)> _tokens = new(StringComparer.Ordinal);
    readonly Task _loop;

    FakeAthena(int port, Func<string, IReadOnlyList<string>, string, Task<string>> execute)
    {
        Port = port;
        _execute = execute;
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public Uri Endpoint => new($"http://127.0.0.1:{Port}/");

    /// <summary>The secret of each access key the endpoint accepts.</summary>
    public Dictionary<string, string> Secrets { get; } = new() { ["S3RVER"] = "S3RVER", ["AKIDEXAMPLE"] = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };

    /// <summary>Errors to answer with, in order, before answering normally: (HTTP status, __type, message).</summary>
    public ConcurrentQueue<(int Status, string Type, string Message)> Errors { get; } = new();

    /// <summary>Every request that verified: operation and body.</summary>
    public ConcurrentQueue<(string Operation, JsonObject Body)> Requests { get; } = new();

    /// <summary>The queries started so far: execution id and SQL text.</summary>
    public IReadOnlyList<(string Id, string Query)> Started => [.. _executions.Select(e => (e.Key, e.Value["Query"]!.GetValue<string>()))];

    /// <summary>Requests refused for their signature, with the reason.</summary>
    public ConcurrentQueue<string> Refused { get; } = new();

    /// <summary>
    /// Starts the endpoint. <paramref name="execute"/> gets the SQL, its execution parameters (SQL literals, as Athena
    /// takes them) and the execution id and returns the result's output location (<c>s3://...csv</c>); an exception
    /// makes the query FAILED with its message as the reason. As Athena, a query whose <c>?</c> do not match its
    /// parameters fails.
    /// </summary>
    public static Task<FakeAthena> StartAsync(Func<string, IReadOnlyList<string>, string, Task<string>> execute)
    {
        var port = FreePort.Next();
        return Task.FromResult(new FakeAthena(port, execute));
    }

    Task LoopAsync() => LoopbackHttp.ServeAsync(_listener, HandleAsync, concurrently: true);

    async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        using var body = new MemoryStream();
        await request.InputStream.CopyToAsync(body);
        var headers = request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!.ToLowerInvariant(), k => request.Headers[k]!);
        var problem = SigV4Verifier.Verify(request.HttpMethod, request.Url!.AbsolutePath, request.Url.Query, headers, body.ToArray(),
            key => Secrets.GetValueOrDefault(key), TimeSpan.FromMinutes(15));
        if (problem is not null)
        {
            Refused.Enqueue(problem);
            await AnswerAsync(context, 403, Error("InvalidSignatureException", problem));
            return;
        }

        var target = headers.GetValueOrDefault("x-amz-target") ?? string.Empty;
        if (request.HttpMethod != "POST" || !target.StartsWith("AmazonAthena.", StringComparison.Ordinal)
            || headers.GetValueOrDefault("content-type")?.StartsWith("application/x-amz-json-1.1", StringComparison.Ordinal) != true)
        {
            await AnswerAsync(context, 400, Error("SerializationException", "expected POST / with X-Amz-Target AmazonAthena.* and application/x-amz-json-1.1"));
            return;
        }

        var operation = target["AmazonAthena.".Length..];
        var json = JsonNode.Parse(body.ToArray())!.AsObject();
        Requests.Enqueue((operation, json));
        if (Errors.TryDequeue(out var error))
        {
            await AnswerAsync(context, error.Status, Error(error.Type, error.Message));
            return;
        }

        switch (operation)
        {
            case "StartQueryExecution" when json["ClientRequestToken"]?.GetValue<string>() is { } token && _tokens.TryGetValue(token, out var earlier):
                // As Athena: the same token answers the same execution, and no query runs; the token with other
                // parameters is an error.
                var same = Idempotent(json);
                await (earlier.Request == same
                    ? AnswerAsync(context, 200, new JsonObject { ["QueryExecutionId"] = earlier.Id })
                    : AnswerAsync(context, 400, Error("InvalidRequestException", "Idempotent parameters do not match")));
                break;
            case "StartQueryExecution":
                var id = Guid.NewGuid().ToString();
                if (json["ClientRequestToken"]?.GetValue<string>() is { } first)
                {
                    _tokens[first] = (id, Idempotent(json));
                }

                var sql = json["QueryString"]!.GetValue<string>();
                var parameters = json["ExecutionParameters"] is JsonArray values ? values.Select(v => v!.GetValue<string>()).ToList() : [];
                var execution = new JsonObject
                {
                    ["QueryExecutionId"] = id,
                    ["Query"] = sql,
                    ["WorkGroup"] = json["WorkGroup"]?.GetValue<string>(),
                    ["Status"] = new JsonObject { ["State"] = "RUNNING", ["SubmissionDateTime"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0 },
                };
                if (parameters.Count > 0)
                {
                    execution["ExecutionParameters"] = new JsonArray([.. parameters.Select(p => (JsonNode)JsonValue.Create(p))]);
                }

                try
                {
                    if (Placeholders(sql) != parameters.Count)
                    {
                        throw new InvalidOperationException($"INVALID_INPUT: Incorrect number of parameters: expected {Placeholders(sql)} but found {parameters.Count}");
                    }

                    var output = await _execute(sql, parameters, id);
                    execution["ResultConfiguration"] = new JsonObject { ["OutputLocation"] = output };
                    execution["Status"]!["State"] = "SUCCEEDED";
                }
                catch (Exception e)
                {
                    execution["Status"]!["State"] = "FAILED";
                    execution["Status"]!["StateChangeReason"] = e.Message;
                }

                _executions[id] = execution;
                await AnswerAsync(context, 200, new JsonObject { ["QueryExecutionId"] = id });
                break;
            case "GetQueryExecution":
                var wanted = json["QueryExecutionId"]?.GetValue<string>() ?? string.Empty;
                if (_executions.TryGetValue(wanted, out var found))
                {
                    await AnswerAsync(context, 200, new JsonObject { ["QueryExecution"] = found.DeepClone() });
                }
                else
                {
                    await AnswerAsync(context, 400, Error("InvalidRequestException", $"QueryExecution {wanted} was not found"));
                }

                break;
            default:
                await AnswerAsync(context, 400, Error("UnknownOperationException", operation));
                break;
        }
    }

    // A start request without its token, to compare with the next one that brings the token.
    static string Idempotent(JsonObject request)
    {
        var copy = request.DeepClone().AsObject();
        copy.Remove("ClientRequestToken");
        return copy.ToJsonString();
    }

    // The ? of a query, outside its string literals and quoted names.
    static int Placeholders(string sql)
    {
        var count = 0;
        char? quote = null;
        foreach (var c in sql)
        {
            if (quote is { } q)
            {
                quote = c == q ? null : quote;
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '?')
            {
                count++;
            }
        }

        return count;
    }

    static JsonObject Error(string type, string message) => new() { ["__type"] = type, ["Message"] = message };

    static async Task AnswerAsync(HttpListenerContext context, int status, JsonObject body)
    {
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/x-amz-json-1.1";
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
