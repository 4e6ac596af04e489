using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using DataLogger.Aws;
using DataLogger.Functions;
using DataLogger.Query;
using DataLogger.Query.Athena;
using DataLogger.Query.DuckDb;
using DataLogger.Readings;
using DataLogger.Storage.S3;
using DataLogger.Testing;

namespace DataLogger.Functions.Tests;

/// <summary>
/// The AWS side on this machine: a real S3-compatible server (buckets data, site, results) and a verifying Athena
/// endpoint that answers each query the way Athena would, by running its exact SQL with DuckDB over the objects in
/// the data bucket and writing the CSV into the results bucket.
/// </summary>
public sealed class CloudStandIns : IAsyncLifetime, IDisposable
{
    readonly TempDirectory _temp = new();

    internal S3Server S3 { get; private set; } = null!;

    internal FakeAthena Athena { get; private set; } = null!;

    public List<string> Queries { get; } = [];

    public async Task InitializeAsync()
    {
        S3 = await S3Server.StartAsync(_temp.Combine("s3"));
        Athena = await FakeAthena.StartAsync(RunWithDuckDbAsync);
    }

    public async Task DisposeAsync()
    {
        await Athena.DisposeAsync();
        await S3.DisposeAsync();
    }

    public void Dispose() => _temp.Dispose();

    internal S3ObjectStore Bucket(string name) => S3ObjectStore.Create(new S3StoreOptions { Bucket = name, Endpoint = S3.Endpoint });

    internal FunctionSettings Settings(string workGroup = "datalogger", string prefix = "", string? series = null, IReadOnlyDictionary<string, string>? more = null) => FunctionSettings.FromEnvironment(name => more?.GetValueOrDefault(name) ?? name switch
    {
        "DATALOGGER_SERIES" => series,
        "DATALOGGER_DATA_BUCKET" => S3Server.Bucket,
        "DATALOGGER_DATA_PREFIX" => prefix,
        "DATALOGGER_SITE_BUCKET" => S3Server.SiteBucket,
        "DATALOGGER_WORKGROUP" => workGroup,
        "DATALOGGER_DATABASE" => "pooldb",
        "DATALOGGER_TABLE" => "readings",
        "DATALOGGER_TIME_ZONE" => "Europe/Berlin",
        "AWS_ENDPOINT_URL_S3" => S3.Endpoint.ToString(),
        _ => null,
    });

    /// <summary>
    /// The usual flow after readings are created: their objects' events, as EventBridge and SQS hand them over, start
    /// the query (asserted started), and its success, as Athena's event says it, has render draw them.
    /// </summary>
    internal async Task<FunctionOutcome> QueryAndRenderAsync(FunctionSettings settings, IEnumerable<string> keys, DateTimeOffset now)
    {
        var started = await StartQueryAsync(settings, keys, now);
        Xunit.Assert.Equal("started", started.Status);
        return await RenderAsync(settings, started);
    }

    /// <summary>Start-query given the objects' events as EventBridge and SQS hand them over.</summary>
    internal async Task<FunctionOutcome> StartQueryAsync(FunctionSettings settings, IEnumerable<string> keys, DateTimeOffset now)
    {
        var message = JsonNode.Parse(File.ReadAllText(Path.Join(AppContext.BaseDirectory, "Events", "sqs-batch-of-eventbridge-s3-events.json")))!["Records"]![0]!;
        var records = new JsonArray([.. keys.Select(key =>
        {
            var record = message.DeepClone();
            var body = JsonNode.Parse(record["body"]!.GetValue<string>())!;
            body["detail"]!["bucket"]!["name"] = S3Server.Bucket;
            body["detail"]!["object"]!["key"] = key;
            record["body"] = body.ToJsonString();
            return record;
        })]);
        return await new StartQueryFunction(settings, AthenaClient(), new FixedTime(now))
            .RunAsync(new MemoryStream(Encoding.UTF8.GetBytes(new JsonObject { ["Records"] = records }.ToJsonString())), default);
    }

    /// <summary>Render, given Athena's event that the query <paramref name="started"/> succeeded.</summary>
    internal async Task<FunctionOutcome> RenderAsync(FunctionSettings settings, FunctionOutcome started, SnsTopic? alerts = null)
    {
        var succeeded = JsonNode.Parse(File.ReadAllText(Path.Join(AppContext.BaseDirectory, "Events", "athena-query-succeeded.json")))!;
        succeeded["detail"]!["queryExecutionId"] = started.QueryExecutionId;
        succeeded["detail"]!["workgroupName"] = "datalogger";
        return await new RenderFunction(settings, AthenaClient(), alerts).RunAsync(new MemoryStream(Encoding.UTF8.GetBytes(succeeded.ToJsonString())), default);
    }

    internal AthenaClient AthenaClient() =>
        DataLogger.Query.Athena.AthenaClient.Create(new AthenaClientOptions { Endpoint = Athena.Endpoint, RetryDelay = TimeSpan.FromMilliseconds(10) });

    async Task<string> RunWithDuckDbAsync(string sql, IReadOnlyList<string> parameters, string id)
    {
        lock (Queries)
        {
            Queries.Add(sql);
        }

        // Athena reads the bucket's objects through the catalog the stack defines (GlueTable): every object in a day
        // folder is the JSON table's, every object in a compacted day's folder the Parquet table's, the view their
        // union. DuckDB reads a copy of them, laid out the same way, with the view's own SQL.
        var copy = _temp.Combine("athena", id);
        using var data = Bucket(S3Server.Bucket);
        List<string> json = [], compacted = [], notes = [], compactedNotes = [];
        await foreach (var key in data.ListAsync(""))
        {
            var path = Path.Join(copy, key);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, (await data.GetAsync(key))!);
            var folder = key[..(key.LastIndexOf('/') + 1)];
            if (key.StartsWith(ReadingKey.NotesFolder + "/", StringComparison.Ordinal))
            {
                // The notes' tables: notes/compacted/{yyyy}/{MM}/ and notes/{yyyy}/{MM}/{dd}/, as their projections.
                (key.StartsWith(ReadingKey.CompactedNotesPrefix, StringComparison.Ordinal) ? compactedNotes : notes).Add(path);
                continue;
            }

            var inSeries = folder.IndexOf('/', StringComparison.Ordinal) is var slash and > 0 ? slash + 1 : 0;
            if (ReadingKey.TryParseDayPrefix(folder, out _, out _))
            {
                json.Add(path);
            }
            else if (folder.AsSpan(inSeries).StartsWith(ReadingKey.CompactedFolder + "/")
                && ReadingKey.TryParseDayPrefix(folder[..inSeries] + folder[(inSeries + ReadingKey.CompactedFolder.Length + 1)..], out _, out _))
            {
                compacted.Add(path);
            }
        }

        using var duck = new DuckDbDatabase();
        var (columns, rows) = sql.Contains($"FROM {NotesTable.DefaultName}\n", StringComparison.Ordinal)
            ? await AthenaCatalogInDuckDb.NotesQueryAsync(duck, notes, compactedNotes, QueryText.FromLiterals(sql, parameters))
            : await AthenaCatalogInDuckDb.QueryAsync(duck, json, compacted, ReadingsTable.DefaultName, QueryText.FromLiterals(sql, parameters));
        var csv = new StringBuilder();
        csv.AppendJoin(',', columns.Select(c => $"\"{c}\"")).Append('\n');
        foreach (var row in rows)
        {
            csv.AppendJoin(',', row.Select(v => v is null ? string.Empty : $"\"{Convert.ToString(v, CultureInfo.InvariantCulture)!.Replace("\"", "\"\"", StringComparison.Ordinal)}\"")).Append('\n');
        }

        using var results = Bucket(S3Server.ResultsBucket);
        await results.PutAsync($"athena/{id}.csv", Encoding.UTF8.GetBytes(csv.ToString()), "text/csv");
        return $"s3://{S3Server.ResultsBucket}/athena/{id}.csv";
    }
}
