using Amazon.Runtime;
using DataLogger.Query;
using DataLogger.Readings;
using DataLogger.Storage.Local;
using DataLogger.Testing;
using DataLogger.Time;

namespace DataLogger.Query.Athena.Tests;

/// <summary>The Athena client against a local endpoint that verifies every SigV4 signature and speaks the JSON protocol.</summary>
public sealed class AthenaClientTests : IAsyncLifetime, IDisposable
{
    readonly TempDirectory _temp = new();
    readonly List<QueryText> _sql = [];
    FakeAthena _athena = null!;
    LocalFolderStore _results = null!;

    public async Task InitializeAsync()
    {
        _results = new LocalFolderStore(_temp.Combine("results"));
        _athena = await FakeAthena.StartAsync(async (sql, parameters, id) =>
        {
            lock (_sql)
            {
                _sql.Add(QueryText.FromLiterals(sql, parameters));
            }

            if (sql.Contains("FAIL", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("SYNTAX_ERROR: line 1:1: mismatched input");
            }

            await _results.PutAsync($"q/{id}.csv", "\"timestamp\",\"celsius\",\"sensor\"\n\"1764201600\",\"27.31\",\"28-0316a279c4ff\"\n\"1764201900\",\"27.5\",\n"u8.ToArray(), "text/csv");
            return $"s3://results/q/{id}.csv";
        });
    }

    public async Task DisposeAsync() => await _athena.DisposeAsync();

    public void Dispose() => _temp.Dispose();

    AthenaClient Client(string key = "AKIDEXAMPLE", string secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY") =>
        AthenaClient.Create(new AthenaClientOptions { Endpoint = _athena.Endpoint, Region = "eu-west-1", RetryDelay = TimeSpan.FromMilliseconds(10) }, new BasicAWSCredentials(key, secret));

    [Fact]
    public async Task Starts_a_query_and_reads_its_state_with_signed_requests()
    {
        using var client = Client();
        var id = await client.StartQueryExecutionAsync("SELECT 1", "datalogger", "pooldb", "token-1");
        var execution = await client.GetQueryExecutionAsync(id);

        Assert.Equal(("SUCCEEDED", "datalogger", "SELECT 1"), (execution.State, execution.WorkGroup, execution.Query));
        Assert.Equal($"s3://results/q/{id}.csv", execution.OutputLocation);
        Assert.Empty(_athena.Refused);
        var (operation, body) = _athena.Requests.First();
        Assert.Equal("StartQueryExecution", operation);
        Assert.Equal("pooldb", body["QueryExecutionContext"]!["Database"]!.GetValue<string>());
        Assert.Equal("token-1", body["ClientRequestToken"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_wrong_secret_is_refused_by_the_signature_check_with_a_clear_message()
    {
        using var client = Client(secret: "not-the-secret");
        var e = await Assert.ThrowsAsync<AthenaException>(() => client.StartQueryExecutionAsync("SELECT 1", "datalogger", "pooldb"));
        Assert.Contains("Athena refused the credentials", e.Message);
        Assert.Equal("the signature does not match", Assert.Single(_athena.Refused));
    }

    [Fact]
    public async Task Throttling_is_retried_with_backoff()
    {
        _athena.Errors.Enqueue((400, "ThrottlingException", "Rate exceeded"));
        _athena.Errors.Enqueue((500, "InternalServerException", "try again"));
        using var client = Client();
        var id = await client.StartQueryExecutionAsync("SELECT 1", "datalogger", "pooldb");
        Assert.NotEmpty(id);
        Assert.Equal(3, _athena.Requests.Count);
    }

    [Fact]
    public async Task Throttling_that_does_not_stop_says_so()
    {
        for (var i = 0; i < 4; i++)
        {
            _athena.Errors.Enqueue((400, "ThrottlingException", "Rate exceeded"));
        }

        using var client = Client();
        var e = await Assert.ThrowsAsync<AthenaException>(() => client.StartQueryExecutionAsync("SELECT 1", "datalogger", "pooldb"));
        Assert.Contains("kept throttling StartQueryExecution after 4 tries", e.Message);
        Assert.Equal("ThrottlingException", e.ErrorType);
    }

    [Theory]
    [InlineData("AccessDeniedException", "Athena denied StartQueryExecution")]
    [InlineData("InvalidRequestException", "Athena rejected StartQueryExecution: boom")]
    public async Task Errors_are_not_retried_and_say_what_to_check(string type, string expected)
    {
        _athena.Errors.Enqueue((400, type, "boom"));
        using var client = Client();
        var e = await Assert.ThrowsAsync<AthenaException>(() => client.StartQueryExecutionAsync("SELECT 1", "datalogger", "pooldb"));
        Assert.Contains(expected, e.Message);
        Assert.Single(_athena.Requests);
    }

    [Fact]
    public async Task The_engine_sends_the_shared_sql_and_reads_the_result_csv()
    {
        using var client = Client();
        var engine = new AthenaQueryEngine(client, new AthenaSettings("datalogger", "pooldb", "readings"), _ => _results);
        var window = TimeWindow.Last(TimeSpan.FromHours(24), new DateTimeOffset(2025, 11, 27, 12, 0, 0, TimeSpan.Zero));

        var result = await engine.ReadingsAsync("pool", window);

        Assert.Equal([Reading.Create(1764201600, 27.31, "28-0316a279c4ff"), Reading.Create(1764201900, 27.5)], result.Readings);
        Assert.Equal(ReadingsQuery.Sql("readings", "pool", window), Assert.Single(_sql)); // the one text, as it is, and its parameters
    }

    [Fact]
    public async Task A_failed_query_says_why()
    {
        using var client = Client();
        var id = await client.StartQueryExecutionAsync("SELECT FAIL", "datalogger", "pooldb");
        var engine = new AthenaQueryEngine(client, new AthenaSettings("datalogger", "pooldb", "readings"), _ => _results);
        var e = await Assert.ThrowsAsync<AthenaException>(async () => await engine.ReadResultsAsync(await client.GetQueryExecutionAsync(id)));
        Assert.Contains("FAILED: SYNTAX_ERROR", e.Message);
    }
}
