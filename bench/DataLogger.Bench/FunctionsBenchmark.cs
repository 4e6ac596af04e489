using System.Diagnostics;
using System.Globalization;
using System.Text;
using DataLogger.Functions;
using DataLogger.Query;
using DataLogger.Query.Athena;
using DataLogger.Simulation;
using DataLogger.Storage.S3;
using DataLogger.Testing;
using DataLogger.Time;

namespace DataLogger.Bench;

/// <summary>
/// The render function: cold (a whole process, <c>datalogger functions invoke render</c>, from start to its answer) and
/// warm (invocations of one instance, as Lambda reuses a warm one), against s3rver and the Athena stand-in, with a
/// 24-hour result of 288 readings.
/// </summary>
static class FunctionsBenchmark
{
    public static async Task RunAsync(string work, int runs)
    {
        var folder = Path.Join(work, "functions");
        await using var s3 = await S3Server.StartAsync(Path.Join(folder, "s3"));
        var csv = new StringBuilder("\"timestamp\",\"celsius\",\"sensor\"\n");
        var end = DateTimeOffset.UtcNow;
        foreach (var r in History.Generate(new PoolModel(), end, TimeSpan.FromHours(24), TimeSpan.FromMinutes(5)))
        {
            csv.Append(CultureInfo.InvariantCulture, $"\"{r.Timestamp}\",\"{r.Celsius}\",\n");
        }

        using (var results = S3ObjectStore.Create(new S3StoreOptions { Bucket = S3Server.ResultsBucket, Endpoint = s3.Endpoint }))
        {
            await results.PutAsync("bench/result.csv", Encoding.UTF8.GetBytes(csv.ToString()), "text/csv");
            await results.PutAsync("bench/bands.csv", Encoding.UTF8.GetBytes(string.Join(',', ReadingsQuery.BandColumns.Select(c => $"\"{c}\"")) + "\n"), "text/csv");
        }

        // The readings query answers the day; the longer views' bands queries (render runs them when due) answer no bands.
        await using var athena = await FakeAthena.StartAsync((sql, _, _) =>
            Task.FromResult($"s3://{S3Server.ResultsBucket}/bench/{(sql.Contains("bucket_start", StringComparison.Ordinal) ? "bands" : "result")}.csv"));
        var environment = new Dictionary<string, string>
        {
            ["DATALOGGER_DATA_BUCKET"] = S3Server.Bucket, ["DATALOGGER_SITE_BUCKET"] = S3Server.SiteBucket, ["DATALOGGER_WORKGROUP"] = "datalogger",
            ["DATALOGGER_DATABASE"] = "pooldb", ["DATALOGGER_TABLE"] = "readings", ["DATALOGGER_TIME_ZONE"] = "Europe/Berlin",
            ["AWS_ENDPOINT_URL_S3"] = s3.Endpoint.ToString(), ["AWS_ENDPOINT_URL_ATHENA"] = athena.Endpoint.ToString(),
            ["AWS_ACCESS_KEY_ID"] = S3Server.AccessKey, ["AWS_SECRET_ACCESS_KEY"] = S3Server.AccessKey, ["AWS_REGION"] = "us-east-1",
        };
        foreach (var (name, value) in environment)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        using var client = AthenaClient.Create(new AthenaClientOptions { Endpoint = athena.Endpoint });
        var id = await client.StartQueryExecutionAsync(ReadingsQuery.Sql("readings", "pool", TimeWindow.Last(TimeSpan.FromHours(24), end)), "datalogger", "pooldb");
        var eventJson = """{"detail-type":"Athena Query State Change","source":"aws.athena","detail":{"currentState":"SUCCEEDED","queryExecutionId":""" + $"\"{id}\"" + ""","workgroupName":"datalogger"}}""";
        var eventFile = Path.Join(folder, "event.json");
        await File.WriteAllTextAsync(eventFile, eventJson);

        // Warm: one instance, many invocations.
        var construct = Stopwatch.StartNew();
        var function = new RenderFunction();
        var constructed = construct.Elapsed.TotalMilliseconds;
        var first = Stopwatch.StartNew();
        await function.RunAsync(new MemoryStream(Encoding.UTF8.GetBytes(eventJson)), default);
        var firstMs = first.Elapsed.TotalMilliseconds;
        var warm = new Samples("warm invocation (query result -> site in S3)");
        for (var i = 0; i < runs; i++)
        {
            var s = Stopwatch.StartNew();
            var outcome = await function.RunAsync(new MemoryStream(Encoding.UTF8.GetBytes(eventJson)), default);
            warm.Add(s.Elapsed.TotalMilliseconds);
            if (outcome.Status != "rendered")
            {
                throw new InvalidOperationException(outcome.Message);
            }
        }

        // Cold: a whole process per invocation (the handler's code loaded from scratch, as in a new Lambda instance),
        // precompiled (ReadyToRun, as the deployment package is) and compiled on first call (JIT), interleaved.
        var root = Path.GetFullPath(Path.Join(AppContext.BaseDirectory, "../../../../../"));
        var forms = new List<(Samples Samples, string Executable)>();
        foreach (var (name, readyToRun) in new[] { ("ReadyToRun", "true"), ("JIT", "false") })
        {
            var publishFolder = Path.Join(work, "publish-functions-" + name);
            var publish = await ProcessRunner.RunAsync("dotnet", ["publish", Path.Join(root, "src/DataLogger.Cli"), "-c", "Release", "-r", "linux-x64", $"-p:PublishReadyToRun={readyToRun}",
                "--artifacts-path", Path.Join(work, "artifacts-functions-" + name), "-o", publishFolder]);
            if (publish.ExitCode != 0)
            {
                throw new InvalidOperationException(publish.Output);
            }

            forms.Add((new Samples($"cold: process start to first response ({name})"), Path.Join(publishFolder, "datalogger")));
        }

        for (var i = 0; i < Math.Max(7, runs / 3); i++)
        {
            foreach (var (samples, executable) in forms)
            {
                var s = Stopwatch.StartNew();
                var result = await ProcessRunner.RunAsync(executable, ["functions", "invoke", "render", "--event", eventFile]);
                samples.Add(s.Elapsed.TotalMilliseconds);
                if (result.ExitCode != 0)
                {
                    throw new InvalidOperationException(result.Output);
                }
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"in process: constructor (settings, clients) {constructed:0.0} ms, first invocation {firstMs:0.0} ms"));
        Console.WriteLine(warm);
        foreach (var (samples, _) in forms)
        {
            Console.WriteLine(samples);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cold, JIT / ReadyToRun: {forms[1].Samples.Median / forms[0].Samples.Median:0.00}x"));
    }
}
