using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.S3;
using DataLogger.Charts.Site;
using DataLogger.Readings;
using DataLogger.Site;
using DataLogger.Storage.S3;
using DataLogger.Testing;
using SkiaSharp;

namespace DataLogger.Functions.Tests;

[CollectionDefinition(Name)]
public sealed class Cloud : ICollectionFixture<CloudStandIns>
{
    public const string Name = "cloud stand-ins";
}

/// <summary>The two handlers, with events shaped exactly as AWS sends them, against real S3 and a verifying Athena stand-in.</summary>
[Collection(Cloud.Name)]
public sealed class FunctionTests(CloudStandIns cloud)
{
    static string Event(string name) => File.ReadAllText(Path.Join(AppContext.BaseDirectory, "Events", name));

    static MemoryStream Stream(string json) => new(Encoding.UTF8.GetBytes(json));

    // AWS's example events name the bucket my-datalogger-data; ours is "data".
    static string S3Event(params string[] keys)
    {
        var template = JsonNode.Parse(Event("s3-object-created.json"))!;
        var record = template["Records"]![0]!;
        var records = new JsonArray();
        foreach (var key in keys)
        {
            var copy = record.DeepClone();
            copy["s3"]!["bucket"]!["name"] = "data";
            copy["s3"]!["object"]!["key"] = key;
            records.Add(copy);
        }

        return new JsonObject { ["Records"] = records }.ToJsonString();
    }

    // What the stack routes: EventBridge's Object Created of a key, in an SQS message.
    static JsonNode EventBridgeMessage(string key, string detailType = "Object Created", string bucket = "data")
    {
        var message = JsonNode.Parse(Event("sqs-batch-of-eventbridge-s3-events.json"))!["Records"]![0]!.DeepClone();
        var body = JsonNode.Parse(message["body"]!.GetValue<string>())!;
        body["detail-type"] = detailType;
        body["detail"]!["bucket"]!["name"] = bucket;
        body["detail"]!["object"]!["key"] = key;
        message["body"] = body.ToJsonString();
        return message;
    }

    StartQueryFunction StartQuery(string prefix = "", TimeProvider? time = null) => new(cloud.Settings(prefix: prefix), cloud.AthenaClient(), time);

    [Fact]
    public async Task An_sqs_batch_of_two_series_starts_one_query_for_both_and_render_draws_each_into_its_folder_and_the_overview()
    {
        // Readings of both series two days back (the other tests' readings are of the last day, or of June).
        var then = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 300 * 300).AddHours(-53).AddSeconds(29);
        var keys = new List<string>();
        using (var data = cloud.Bucket(S3Server.Bucket))
        {
            foreach (var (series, celsius) in new[] { ("pool", 27.125), ("spa", 36.5), ("pool", 27.25) })
            {
                var reading = Reading.Create(then.AddMinutes(-5 * keys.Count), celsius);
                keys.Add(ReadingKey.For(series, reading).ToString());
                await data.PutAsync(keys[^1], ReadingJson.Encode(reading), ReadingJson.ContentType);
            }
        }

        // As the stack routes them: EventBridge's Object Created, batched by SQS.
        var records = new JsonArray();
        foreach (var key in keys.Append("garden/2026/06/01/1780301100.json")) // not a series of this stack: ignored
        {
            records.Add(EventBridgeMessage(key));
        }

        var settings = cloud.Settings(series: "pool,spa");
        var queriesBefore = cloud.Athena.Started.Count;
        var started = await new StartQueryFunction(settings, cloud.AthenaClient(), new FixedTime(then)).RunAsync(Stream(new JsonObject { ["Records"] = records }.ToJsonString()), default);

        // One query for both (one Athena minimum, one result), naming each.
        Assert.Equal("started", started.Status);
        Assert.Equal(queriesBefore + 1, cloud.Athena.Started.Count);
        Assert.Equal(["pool", "spa"], started.Queries.Select(q => q.Series));
        Assert.Single(started.Queries.Select(q => q.QueryExecutionId).Distinct());
        Assert.Contains("of 'pool' for 2 new objects, 'spa' for 1 new objects", started.Message);
        var text = cloud.Athena.Started.Single(s => s.Id == started.QueryExecutionId).Query;
        Assert.Contains("WHERE series IN ('pool', 'spa')", text);

        // Its success renders each series into its own folder; the overview shows both.
        var render = new RenderFunction(settings, cloud.AthenaClient());
        using var site = cloud.Bucket(S3Server.SiteBucket);
        await site.PutAsync(DataLogger.Site.SiteFiles.ViewState, "{}"u8.ToArray(), "application/json");
        var both = await render.RunAsync(Stream(Succeeded(started.QueryExecutionId!)), default);
        Assert.Equal("rendered", both.Status);
        Assert.Contains("rendered 2 readings of 'pool'", both.Message);
        Assert.Contains("; 1 readings of 'spa'", both.Message);
        Assert.Contains("spa/index.html", both.Files!);
        Assert.Contains("spa/7d.html", both.Files!);
        Assert.Contains("pool/index.html", both.Files!);
        Assert.Contains("humor-sans.ttf", both.Files!);

        // Rendered again (the event delivered twice): the same files, the fonts and script not written again.
        var pool = await render.RunAsync(Stream(Succeeded(started.QueryExecutionId!)), default);
        Assert.Contains("rendered 2 readings of 'pool'", pool.Message);
        Assert.DoesNotContain("humor-sans.ttf", pool.Files!);

        var overview = Encoding.UTF8.GetString((await site.GetAsync("index.html"))!);
        Assert.Contains("<h2><a href=\"pool/index.html\">Pool</a></h2>", overview);
        Assert.Contains("<h2><a href=\"spa/index.html\">Spa</a></h2>", overview);
        Assert.Contains("36.5<span class=\"u\">°C</span>", overview);
        using var latest = JsonDocument.Parse((await site.GetAsync("latest.json"))!);
        Assert.Equal(["pool", "spa"], latest.RootElement.GetProperty("series").EnumerateArray().Select(s => s.GetProperty("series").GetString()));
        Assert.Equal([27.125, 36.5], latest.RootElement.GetProperty("series").EnumerateArray().Select(s => s.GetProperty("latest").GetProperty("celsius").GetDouble()));
        Assert.Contains("<a class=\"up\" href=\"../index.html\">", Encoding.UTF8.GetString((await site.GetAsync("spa/index.html"))!));
    }

    [Fact]
    public async Task Render_logs_the_newest_reading_as_an_embedded_metric_format_line()
    {
        var then = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 300 * 300).AddHours(-58).AddSeconds(41);
        var reading = await UploadAsync(then.ToUnixTimeSeconds(), 8.375);
        var started = await StartQuery(time: new FixedTime(then)).RunAsync(Stream(S3Event(ReadingKey.For("pool", reading).ToString())), default);
        using var log = new StringWriter();

        var rendered = await Render(metrics: log).RunAsync(Stream(Succeeded(started.QueryExecutionId!)), default);

        Assert.Equal("rendered", rendered.Status);
        using var line = JsonDocument.Parse(Assert.Single(log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        var root = line.RootElement;
        var aws = root.GetProperty("_aws");
        Assert.Equal(reading.Time.ToUnixTimeMilliseconds(), aws.GetProperty("Timestamp").GetInt64());
        var directive = Assert.Single(aws.GetProperty("CloudWatchMetrics").EnumerateArray());
        Assert.Equal("DataLogger", directive.GetProperty("Namespace").GetString());
        Assert.Equal("Series", directive.GetProperty("Dimensions")[0][0].GetString());
        Assert.Equal("Temperature", directive.GetProperty("Metrics")[0].GetProperty("Name").GetString());
        Assert.Equal("pool", root.GetProperty("Series").GetString());
        Assert.Equal(8.375, root.GetProperty("Temperature").GetDouble());
    }

    static string Succeeded(string queryExecutionId)
    {
        var athena = JsonNode.Parse(Event("athena-query-succeeded.json"))!;
        athena["detail"]!["queryExecutionId"] = queryExecutionId;
        return athena.ToJsonString();
    }

    RenderFunction Render(string workGroup = "datalogger", TextWriter? metrics = null) => new(cloud.Settings(workGroup), cloud.AthenaClient()) { Metrics = metrics ?? TextWriter.Null };

    async Task<Reading> UploadAsync(long timestamp, double celsius, string prefix = "")
    {
        using var data = cloud.Bucket(S3Server.Bucket);
        var reading = Reading.Create(timestamp, celsius);
        await data.PutAsync((prefix.Length > 0 ? prefix + "/" : "") + ReadingKey.For("pool", reading), ReadingJson.Encode(reading), ReadingJson.ContentType);
        return reading;
    }

    [Fact]
    public async Task An_s3_event_with_a_url_encoded_key_starts_one_query()
    {
        var outcome = await StartQuery(prefix: "my house").RunAsync(Stream(S3Event("my+house/pool/2026/06/01/1780301100.json")), default);
        Assert.Equal("started", outcome.Status);
        Assert.NotNull(outcome.QueryExecutionId);
    }

    [Fact]
    public async Task An_sqs_batch_of_many_s3_events_starts_exactly_one_query()
    {
        var sqs = JsonNode.Parse(Event("sqs-batch-of-s3-events.json"))!;
        var template = sqs["Records"]![0]!;
        var records = new JsonArray();
        for (var i = 0; i < 10; i++)
        {
            var message = template.DeepClone();
            message["body"] = S3Event($"pool/2026/06/01/{1780301100 + (i * 300)}.json", $"pool/2026/06/01/{1780301100 + (i * 300) + 1}.json");
            records.Add(message);
        }

        var before = cloud.Athena.Requests.Count(r => r.Operation == "StartQueryExecution");
        var outcome = await StartQuery().RunAsync(Stream(new JsonObject { ["Records"] = records }.ToJsonString()), default);

        Assert.Equal("started", outcome.Status);
        Assert.Contains("for 20 new objects", outcome.Message);
        Assert.Equal(before + 1, cloud.Athena.Requests.Count(r => r.Operation == "StartQueryExecution"));
    }

    [Fact]
    public async Task Eventbridge_object_created_events_start_a_query_and_its_other_s3_events_are_ignored()
    {
        var records = new JsonArray(
            EventBridgeMessage("pool/2026/06/01/1780301100.json"),
            EventBridgeMessage("pool/2026/06/01/1780301400.json", detailType: "Object Deleted"), // a compaction's delete
            EventBridgeMessage("pool/2026/06/01/1780301700.json", bucket: "someone-elses"));

        var outcome = await StartQuery().RunAsync(Stream(new JsonObject { ["Records"] = records }.ToJsonString()), default);

        Assert.Equal("started", outcome.Status);
        Assert.Contains("for 1 new objects", outcome.Message);
    }

    [Fact]
    public async Task An_eventbridge_key_is_taken_as_it_is_not_url_decoded()
    {
        // EventBridge does not URL-encode keys: a '+' is a '+', unlike in an event notification.
        var outcome = await StartQuery(prefix: "a+b").RunAsync(Stream(new JsonObject { ["Records"] = new JsonArray(EventBridgeMessage("a+b/pool/2026/06/01/1780301100.json")) }.ToJsonString()), default);
        Assert.Equal("started", outcome.Status);
    }

    [Fact]
    public async Task The_example_sqs_batch_from_aws_is_understood_and_other_buckets_are_ignored()
    {
        var outcome = await StartQuery().RunAsync(Stream(Event("sqs-batch-of-s3-events.json")), default); // bucket my-datalogger-data, not ours
        Assert.True(outcome.Ignored);
        Assert.Contains("none of the 1 objects", outcome.Message);
    }

    [Theory]
    [InlineData("spa/2026/06/01/1780301100.json")]
    [InlineData("pool/2026/06/01/1780301100.txt")]
    [InlineData("pool-old/2026/06/01/1780301100.json")]
    public async Task Objects_outside_the_series_or_not_json_are_ignored(string key)
    {
        var outcome = await StartQuery().RunAsync(Stream(S3Event(key)), default);
        Assert.True(outcome.Ignored);
    }

    [Fact]
    public async Task S3s_test_event_is_ignored()
    {
        var body = """{"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2026-06-01T08:00:00.000Z","Bucket":"data","RequestId":"X","HostId":"Y"}""";
        var sqs = new JsonObject { ["Records"] = new JsonArray(new JsonObject { ["eventSource"] = "aws:sqs", ["body"] = body }) };
        var outcome = await StartQuery().RunAsync(Stream(sqs.ToJsonString()), default);
        Assert.True(outcome.Ignored);
        Assert.Contains("no object-created records", outcome.Message);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    [InlineData("{\"hello\": 1}")]
    public async Task An_event_that_cannot_be_read_fails_with_a_clear_message(string json)
    {
        var e = await Assert.ThrowsAsync<FunctionEventException>(() => StartQuery().RunAsync(Stream(json), default));
        Assert.Matches("not JSON|not a JSON object|no \"Records\"", e.Message);
    }

    [Theory]
    [InlineData("FAILED", "datalogger", "is FAILED, not SUCCEEDED")]
    [InlineData("SUCCEEDED", "someone-elses", "not ours")]
    public async Task Render_acts_only_on_our_workgroups_succeeded_queries(string state, string workGroup, string expected)
    {
        var athena = JsonNode.Parse(Event("athena-query-succeeded.json"))!;
        athena["detail"]!["currentState"] = state;
        athena["detail"]!["workgroupName"] = workGroup;
        var outcome = await Render().RunAsync(Stream(athena.ToJsonString()), default);
        Assert.True(outcome.Ignored);
        Assert.Contains(expected, outcome.Message);
    }

    [Fact]
    public async Task Render_ignores_other_events()
    {
        var outcome = await Render().RunAsync(Stream("""{"detail-type":"Object Created","source":"aws.s3","detail":{}}"""), default);
        Assert.True(outcome.Ignored);
    }

    [Fact]
    public async Task Render_draws_exactly_the_window_its_query_was_for_and_ignores_its_own_bands_queries()
    {
        // A query for a window that ended two days ago (a late event, a retry): render shows that window, not one
        // ending at the submission time or now. (Two days back, so the other tests' readings of the last day are not in it.)
        var then = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 300 * 300).AddHours(-50).AddSeconds(13);
        await UploadAsync(then.ToUnixTimeSeconds(), 21.5);
        await UploadAsync(then.AddMinutes(30).ToUnixTimeSeconds(), 22.5); // after the window's end: not in it
        var started = await StartQuery(time: new FixedTime(then)).RunAsync(Stream(S3Event(ReadingKey.For("pool", Reading.Create(then.ToUnixTimeSeconds(), 21.5)).ToString())), default);

        var rendered = await Render().RunAsync(Stream(Succeeded(started.QueryExecutionId!)), default);

        Assert.Equal("rendered", rendered.Status);
        using var site = cloud.Bucket(S3Server.SiteBucket);
        using var latest = JsonDocument.Parse((await site.GetAsync("latest.json"))!);
        Assert.Equal(then, latest.RootElement.GetProperty("series")[0].GetProperty("window").GetProperty("end").GetDateTimeOffset());
        Assert.Equal(then.ToUnixTimeSeconds(), latest.RootElement.GetProperty("series")[0].GetProperty("latest").GetProperty("timestamp").GetInt64());

        // The bands queries render runs for the longer views succeed in the same workgroup: their events are not a day's result.
        var bands = cloud.Athena.Started.Where(q => q.Query.Contains("bucket_start", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(bands);
        var ignored = await Render().RunAsync(Stream(Succeeded(bands[^1].Id)), default);
        Assert.True(ignored.Ignored, ignored.Message);
        Assert.Contains("is not start-query's readings query of 'pool'", ignored.Message);
    }

    [Fact]
    public void Missing_settings_are_all_named_at_cold_start()
    {
        var e = Assert.Throws<FunctionConfigurationException>(() => FunctionSettings.FromEnvironment(name => name == "DATALOGGER_SERIES" ? "Pool!" : null));
        foreach (var name in new[] { "DATALOGGER_DATA_BUCKET", "DATALOGGER_SITE_BUCKET", "DATALOGGER_WORKGROUP", "DATALOGGER_DATABASE", "DATALOGGER_TABLE", "DATALOGGER_SERIES" })
        {
            Assert.Contains(name, e.Message);
        }
    }

    [Fact]
    public async Task With_a_refresh_the_batches_of_one_slot_share_its_query_and_the_next_slot_starts_another()
    {
        var settings = cloud.Settings(series: "pool,spa", more: new Dictionary<string, string> { ["DATALOGGER_REFRESH"] = "10m" });
        Assert.Equal(TimeSpan.FromMinutes(10), settings.Refresh);
        var slot = DateTimeOffset.FromUnixTimeSeconds(1796400000); // 16:00 UTC, a slot's start
        async Task<FunctionOutcome> Batch(DateTimeOffset at, params string[] series) =>
            await new StartQueryFunction(settings, cloud.AthenaClient(), new FixedTime(at)).RunAsync(
                Stream(new JsonObject { ["Records"] = new JsonArray([.. series.Select(s => EventBridgeMessage($"{s}/2026/12/04/{at.ToUnixTimeSeconds() / 300 * 300}.json"))]) }.ToJsonString()), default);

        var before = cloud.Athena.Started.Count;
        var first = await Batch(slot.AddSeconds(35), "pool", "spa");   // the 16:00 readings
        var second = await Batch(slot.AddSeconds(335), "spa", "pool"); // the 16:05 readings: the same slot
        var third = await Batch(slot.AddSeconds(635), "pool", "spa");  // 16:10: the next slot
        Assert.Equal(first.QueryExecutionId, second.QueryExecutionId);
        Assert.NotEqual(first.QueryExecutionId, third.QueryExecutionId);
        Assert.Equal(before + 2, cloud.Athena.Started.Count); // one query a slot, not a batch
        Assert.Contains("(window (2026-12-02T16:10:00.0000000+00:00, 2026-12-04T16:10:00.0000000+00:00], the 10m slot's query)", first.Message); // up to the slot's end

        var e = Assert.Throws<FunctionConfigurationException>(() => cloud.Settings(more: new Dictionary<string, string> { ["DATALOGGER_REFRESH"] = "7m" }));
        Assert.Contains("DATALOGGER_REFRESH '7m': the page's refresh is whole minutes from 5 to 60 that divide an hour", e.Message);
    }

    [Fact]
    public void Targets_and_the_air_series_are_read_from_the_environment_and_a_bad_one_is_named()
    {
        string? Read(string name, string targets) => name switch
        {
            "DATALOGGER_SERIES" => "pool,air",
            "DATALOGGER_TARGETS" => targets,
            "DATALOGGER_AMBIENT" => "pool=air",
            "DATALOGGER_TIME_ZONE" => "UTC",
            _ when name.StartsWith("AWS_", StringComparison.Ordinal) || name.StartsWith("DATALOGGER_INGEST_", StringComparison.Ordinal) || name == "DATALOGGER_REFRESH" || name == Aws.FunctionVariables.Quantities => null,
            _ => "x",
        };
        var settings = FunctionSettings.FromEnvironment(name => Read(name, "pool=28.5"));
        Assert.Equal(new Forecasting.HeatingGoal(28.5, "air"), settings.Goals["pool"]);
        Assert.False(settings.Goals.ContainsKey("air"));
        var e = Assert.Throws<FunctionConfigurationException>(() => FunctionSettings.FromEnvironment(name => Read(name, "spa=28")));
        Assert.Contains("DATALOGGER_TARGETS/DATALOGGER_AMBIENT: targets: 'spa=28' is not series=value for one of the series (pool, air)", e.Message);
    }

    [Fact]
    public async Task The_cloud_flow_end_to_end_publishes_a_site_whose_chart_decodes()
    {
        // The agent's uploads (readings of the last hours), as S3 holds them.
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 300 * 300;
        var uploaded = new List<Reading>();
        for (var i = 0; i < 24; i++)
        {
            uploaded.Add(await UploadAsync(now - (i * 300), 25 + (i % 7 * 0.25)));
        }

        // And yesterday's, at the same times a day earlier: the faint line behind today's.
        var yesterday = new List<Reading>();
        for (var i = 0; i < 6; i++)
        {
            yesterday.Add(await UploadAsync(now - 86400 - (i * 300), 24 + (i * 0.125)));
        }

        using (var data = cloud.Bucket(S3Server.Bucket))
        {
            await data.PutAsync($"pool/{DateTimeOffset.FromUnixTimeSeconds(now):yyyy/MM/dd}/{now - 7}.json", "{oops"u8.ToArray(), "application/json");
        }

        // S3 notifies (batched by SQS) -> start-query.
        var started = await StartQuery().RunAsync(Stream(S3Event([.. uploaded.Select(r => ReadingKey.For("pool", r).ToString())])), default);
        Assert.Equal("started", started.Status);
        var sql = cloud.Queries[^1];
        Assert.Contains("series = 'pool'", sql);

        // Nothing drawn yet (other tests share the site bucket).
        using (var siteBucket = cloud.Bucket(S3Server.SiteBucket))
        {
            await siteBucket.PutAsync(DataLogger.Site.SiteFiles.ViewState, "{}"u8.ToArray(), "application/json");
        }

        // Athena succeeds -> EventBridge -> render, with an event carrying fields we do not know.
        var athena = JsonNode.Parse(Event("athena-query-succeeded.json"))!;
        athena["detail"]!["queryExecutionId"] = started.QueryExecutionId;
        athena["detail"]!["someNewField"] = new JsonObject { ["nested"] = true };
        athena["newTopLevel"] = 42;
        var rendered = await Render().RunAsync(Stream(athena.ToJsonString()), default);
        Assert.Equal("rendered", rendered.Status);
        Assert.Contains($"rendered {uploaded.Count} readings", rendered.Message);

        // The site is in the site bucket, with the right types and a short cache.
        using var site = cloud.Bucket(S3Server.SiteBucket);
        var page = Encoding.UTF8.GetString((await site.GetAsync("index.html"))!);
        var latest = uploaded.MaxBy(r => r.Timestamp)!;
        Assert.Contains($"{latest.Celsius:0.0}<span class=\"u\">°C</span>", page);
        using (var png = SKBitmap.Decode((await site.GetAsync("chart-24h.png"))!))
        {
            Assert.Equal((2000, 1000), (png.Width, png.Height));
        }

        // The one query covered 48 hours: today's readings, and yesterday's moved a day later in the view's data file.
        using (var dayData = JsonDocument.Parse((await site.GetAsync(DataLogger.Site.SiteFiles.DayData))!))
        {
            Assert.Equal(uploaded.Count, dayData.RootElement.GetProperty("readings").GetArrayLength());
            Assert.Equal(yesterday.OrderBy(r => r.Timestamp).Select(r => r.Timestamp + 86400), dayData.RootElement.GetProperty("compare").EnumerateArray().Select(r => r[0].GetInt64()));
        }

        // The records, from the daily summaries Athena summed up (kept in the site), on the page.
        Assert.NotNull(await site.GetAsync(DataLogger.Site.SiteFiles.DaySummaries));
        Assert.Contains(cloud.Queries, q => q.Contains("max_by(\"timestamp\"", StringComparison.Ordinal));
        Assert.Contains("<th scope=\"row\">all time</th>", page);
        Assert.Contains($"<a href=\"data-24h.csv\" download=\"pool-24h.csv\">", page);

        // The longer views are drawn from bands (the same SQL per view as locally), then only when their time has come.
        foreach (var viewPage in new[] { "7d.html", "30d.html", "1y.html" })
        {
            Assert.Contains("<nav class=\"tabs\">", Encoding.UTF8.GetString((await site.GetAsync(viewPage))!));
        }

        Assert.Contains("rendered 24 readings of 'pool' and 6 of the day before", rendered.Message);
        Assert.Contains("the views 7d.html, 30d.html, 1y.html", rendered.Message);
        Assert.Contains(cloud.Queries, q => q.Contains("% 3600", StringComparison.Ordinal));
        var queries = cloud.Queries.Count;
        var again = await Render().RunAsync(Stream(athena.ToJsonString()), default);
        Assert.Equal("rendered", again.Status);
        Assert.DoesNotContain("the views", again.Message);
        Assert.Equal(queries, cloud.Queries.Count);

        using var latestJson = JsonDocument.Parse((await site.GetAsync("latest.json"))!);
        Assert.Equal(uploaded.Count, latestJson.RootElement.GetProperty("series")[0].GetProperty("window").GetProperty("count").GetInt32());
        using var client = new AmazonS3Client(S3ObjectStore.ClientConfig(new S3StoreOptions { Bucket = S3Server.SiteBucket, Endpoint = cloud.S3.Endpoint }));
        foreach (var (name, type) in new[] { ("index.html", "text/html; charset=utf-8"), ("chart-24h.png", "image/png"), ("latest.json", "application/json") })
        {
            var metadata = await client.GetObjectMetadataAsync(S3Server.SiteBucket, name);
            Assert.Equal(type, metadata.Headers.ContentType);
            Assert.Equal("no-cache", metadata.Headers.CacheControl);
        }
    }
}
