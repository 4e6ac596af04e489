using DataLogger.Testing;

namespace DataLogger.Cli.Tests;

/// <summary><c>datalogger functions invoke</c> with the functions' environment variables, against s3rver and the Athena stand-in.</summary>
[Collection(EnvironmentVariables.Name)]
public sealed class FunctionsInvokeTests : IAsyncLifetime, IDisposable
{
    static readonly string[] Variables =
    [
        "DATALOGGER_DATA_BUCKET", "DATALOGGER_SITE_BUCKET", "DATALOGGER_WORKGROUP", "DATALOGGER_DATABASE", "DATALOGGER_TABLE",
        "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL_ATHENA",
    ];

    readonly TempDirectory _temp = new();
    S3Server _s3 = null!;
    FakeAthena _athena = null!;

    public async Task InitializeAsync()
    {
        _s3 = await S3Server.StartAsync(_temp.Combine("s3"));
        _athena = await FakeAthena.StartAsync((_, _, id) => Task.FromResult($"s3://results/{id}.csv"));
        var values = new[] { "data", "site", "datalogger", "pooldb", "readings", _s3.Endpoint.ToString(), _athena.Endpoint.ToString() };
        for (var i = 0; i < Variables.Length; i++)
        {
            Environment.SetEnvironmentVariable(Variables[i], values[i]);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var name in Variables)
        {
            Environment.SetEnvironmentVariable(name, null);
        }

        await _athena.DisposeAsync();
        await _s3.DisposeAsync();
    }

    public void Dispose() => _temp.Dispose();

    string EventFile(string json, bool byteOrderMark = false)
    {
        var path = _temp.Combine(Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, json, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: byteOrderMark));
        return path;
    }

    [Theory]
    [InlineData("start-query", """{"Records":[{"eventSource":"aws:s3","eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"data"},"object":{"key":"pool/2026/11/28/1795827161.json","size":58}}}]}""", "started")]
    [InlineData("render", """{"detail-type":"Athena Query State Change","detail":{"currentState":"FAILED","workgroupName":"datalogger","queryExecutionId":"x"}}""", "ignored")]
    [InlineData("compact", """{"detail-type":"Scheduled Event","source":"aws.events","detail":{}}""", "unchanged")]
    public async Task An_event_file_that_starts_with_a_byte_order_mark_is_read_like_any_other(string function, string json, string status)
    {
        var file = EventFile(json, byteOrderMark: true);
        Assert.Equal([0xEF, 0xBB, 0xBF], File.ReadAllBytes(file)[..3]);
        var (exit, output, error) = await CliRunner.RunAsync("functions", "invoke", function, "--event", file);
        Assert.True(exit == 0, error);
        Assert.Contains($"\"status\":\"{status}\"", output);
    }

    [Fact]
    public async Task Start_query_on_an_s3_event_starts_a_query_and_prints_its_id()
    {
        var s3Event = """{"Records":[{"eventSource":"aws:s3","eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"data"},"object":{"key":"pool/2026/11/28/1795827161.json","size":58}}}]}""";
        var (exit, output, error) = await CliRunner.RunAsync("functions", "invoke", "start-query", "--event", EventFile(s3Event));
        Assert.True(exit == 0, error);
        Assert.Contains("\"status\":\"started\"", output);
        Assert.Contains("\"queryExecutionId\":", output);
        Assert.Single(_athena.Requests, r => r.Operation == "StartQueryExecution");
    }

    [Fact]
    public async Task An_event_it_ignores_says_so_and_exits_0()
    {
        var (exit, output, error) = await CliRunner.RunAsync("functions", "invoke", "render", "--event", EventFile("""{"detail-type":"Athena Query State Change","detail":{"currentState":"FAILED","workgroupName":"datalogger","queryExecutionId":"x"}}"""));
        Assert.Equal(0, exit);
        Assert.Contains("\"status\":\"ignored\"", output);
        Assert.Contains("ignored: query x is FAILED, not SUCCEEDED", error);
    }

    [Fact]
    public async Task An_event_it_cannot_parse_exits_2_with_a_clear_message()
    {
        var file = EventFile("{ this is not json");
        var (exit, _, error) = await CliRunner.RunAsync("functions", "invoke", "start-query", "--event", file);
        Assert.Equal(2, exit);
        Assert.Contains($"error: {file}: the event is not JSON", error);
    }

    [Fact]
    public async Task A_missing_event_file_or_function_name_is_refused()
    {
        var (exit, _, error) = await CliRunner.RunAsync("functions", "invoke", "start-query", "--event", _temp.Combine("none.json"));
        Assert.Equal(2, exit);
        Assert.Contains("there is no event file", error);
        (exit, _, error) = await CliRunner.RunAsync("functions", "invoke", "draw", "--event", "x");
        Assert.Equal(2, exit);
        Assert.Contains("draw", error);
    }

    [Fact]
    public async Task Athena_ddl_prints_both_tables_and_the_view()
    {
        var (exit, output, _) = await CliRunner.RunAsync("athena", "ddl", "--bucket", "my-pool-data", "--database", "pooldb");
        Assert.Equal(0, exit);
        Assert.StartsWith("CREATE EXTERNAL TABLE IF NOT EXISTS `pooldb`.`readings_json`", output);
        Assert.Contains("CREATE EXTERNAL TABLE IF NOT EXISTS `pooldb`.`readings_compacted`", output);
        Assert.Contains("CREATE OR REPLACE VIEW `pooldb`.`readings` AS", output);
        Assert.Contains("LOCATION 's3://my-pool-data/'", output);
    }
}
