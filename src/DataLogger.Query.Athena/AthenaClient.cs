using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.Runtime.Signing;
using DataLogger.Time;

namespace DataLogger.Query.Athena;

/// <summary>
/// Athena's JSON 1.1 protocol over HTTP (POST <c>/</c>, <c>X-Amz-Target: AmazonAthena.Operation</c>), each request
/// signed with SigV4 by AWSSDK.Core's <see cref="SigV4SigningHandler"/>. Throttling and server errors are retried
/// with backoff; other errors become an <see cref="AthenaException"/> that says what to check.
/// </summary>
public sealed class AthenaClient : IDisposable
{
    const string ContentType = "application/x-amz-json-1.1";
    readonly HttpClient _http;
    readonly AthenaClientOptions _options;

    /// <summary>Creates a client over an <see cref="HttpClient"/> that already signs its requests.</summary>
    public AthenaClient(HttpClient http, AthenaClientOptions options)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        Endpoint = options.Endpoint ?? new Uri($"https://athena.{options.Region}.amazonaws.com/");
    }

    /// <summary>The endpoint requests go to.</summary>
    public Uri Endpoint { get; }

    /// <summary>Creates a client that signs with <paramref name="credentials"/> (default: the standard AWS chain).</summary>
    public static AthenaClient Create(AthenaClientOptions? options = null, AWSCredentials? credentials = null)
    {
        options ??= new AthenaClientOptions();
        credentials ??= DefaultAWSCredentialsIdentityResolver.GetCredentials();
        var signer = new SigV4SigningHandler(
            new AWSSigV4Parameters { Credentials = credentials, Region = RegionEndpoint.GetBySystemName(options.Region), Service = "athena", SignPayload = true },
            new SocketsHttpHandler { AllowAutoRedirect = false });
        return new AthenaClient(new HttpClient(signer) { Timeout = TimeSpan.FromSeconds(30) }, options);
    }

    /// <summary>Starts a query (its parameters as <c>ExecutionParameters</c>, which Athena keeps with the execution); returns its execution id.</summary>
    public async Task<string> StartQueryExecutionAsync(QueryText query, string workGroup, string database, string? clientRequestToken = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var request = new JsonObject
        {
            ["QueryString"] = query.Sql,
            ["WorkGroup"] = workGroup,
            ["QueryExecutionContext"] = new JsonObject { ["Database"] = database },
        };
        if (query.Parameters.Count > 0)
        {
            request["ExecutionParameters"] = new JsonArray([.. query.Literals.Select(l => (JsonNode)JsonValue.Create(l))]);
        }

        if (clientRequestToken is not null)
        {
            request["ClientRequestToken"] = clientRequestToken;
        }

        var response = await CallAsync("StartQueryExecution", request, cancellationToken).ConfigureAwait(false);
        return response["QueryExecutionId"]?.GetValue<string>() ?? throw new AthenaException("Athena's StartQueryExecution answer has no QueryExecutionId");
    }

    /// <summary>What Athena says of a query.</summary>
    public async Task<QueryExecution> GetQueryExecutionAsync(string queryExecutionId, CancellationToken cancellationToken = default)
    {
        var response = await CallAsync("GetQueryExecution", new JsonObject { ["QueryExecutionId"] = queryExecutionId }, cancellationToken).ConfigureAwait(false);
        var execution = response["QueryExecution"] ?? throw new AthenaException("Athena's GetQueryExecution answer has no QueryExecution");
        var status = execution["Status"];
        DateTimeOffset? submitted = status?["SubmissionDateTime"] is JsonValue value && value.TryGetValue<double>(out var seconds)
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000))
            : null;
        return new QueryExecution(
            execution["QueryExecutionId"]?.GetValue<string>() ?? queryExecutionId,
            status?["State"]?.GetValue<string>() ?? "UNKNOWN",
            status?["StateChangeReason"]?.GetValue<string>(),
            execution["WorkGroup"]?.GetValue<string>(),
            execution["Query"]?.GetValue<string>(),
            execution["ResultConfiguration"]?["OutputLocation"]?.GetValue<string>(),
            submitted)
        {
            Parameters = execution["ExecutionParameters"] is JsonArray parameters ? [.. parameters.Select(p => p?.GetValue<string>() ?? string.Empty)] : null,
        };
    }

    async Task<JsonNode> CallAsync(string operation, JsonObject body, CancellationToken cancellationToken)
    {
        var payload = body.ToJsonString();
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint)
            {
                Content = new StringContent(payload, Encoding.UTF8),
            };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(ContentType);
            request.Headers.TryAddWithoutValidation("X-Amz-Target", "AmazonAthena." + operation);
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException) when (attempt < _options.Attempts)
            {
                await Task.Delay(Delay(attempt), cancellationToken).ConfigureAwait(false);
                continue;
            }
            catch (HttpRequestException e)
            {
                throw new AthenaException($"cannot reach Athena at {Endpoint} ({e.Message}): check the network, the region, or AWS_ENDPOINT_URL_ATHENA", "Unreachable", e);
            }

            using (response)
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return JsonNode.Parse(text) ?? throw new AthenaException($"Athena's {operation} answer is empty");
                }

                var (type, message) = Error(text);
                var retryable = response.StatusCode >= HttpStatusCode.InternalServerError
                    || type is "ThrottlingException" or "TooManyRequestsException" or "ThrottledException";
                if (retryable && attempt < _options.Attempts)
                {
                    await Task.Delay(Delay(attempt), cancellationToken).ConfigureAwait(false);
                    continue;
                }

                throw new AthenaException(Explain(operation, (int)response.StatusCode, type, message, attempt), type);
            }
        }
    }

    TimeSpan Delay(int attempt) => new Backoff(_options.RetryDelay, TimeSpan.FromSeconds(30)).Delay(attempt - 1);

    static (string? Type, string? Message) Error(string text)
    {
        try
        {
            using var json = JsonDocument.Parse(text);
            var root = json.RootElement;
            var type = root.TryGetProperty("__type", out var t) ? t.GetString() : null;
            type = type?[(type.LastIndexOf('#') + 1)..];
            var message = root.TryGetProperty("Message", out var m) ? m.GetString() : root.TryGetProperty("message", out var m2) ? m2.GetString() : null;
            return (type, message);
        }
        catch (JsonException)
        {
            return (null, text.Length > 200 ? text[..200] : text);
        }
    }

    static string Explain(string operation, int status, string? type, string? message, int attempts) => type switch
    {
        "AccessDeniedException" => $"Athena denied {operation}: {message} (check that the role may use the workgroup and read the table's bucket)",
        "UnrecognizedClientException" or "InvalidSignatureException" => $"Athena refused the credentials ({type}: {message}): check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or the role",
        "ThrottlingException" or "TooManyRequestsException" or "ThrottledException" =>
            string.Create(CultureInfo.InvariantCulture, $"Athena kept throttling {operation} after {attempts} tries: {message}"),
        "InvalidRequestException" => $"Athena rejected {operation}: {message}",
        _ => string.Create(CultureInfo.InvariantCulture, $"Athena answered {status} {type} to {operation}: {message}"),
    };

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}
