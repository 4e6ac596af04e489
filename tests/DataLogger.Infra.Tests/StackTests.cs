using System.Text.Json.Nodes;
using Amazon.CDK.Assertions;
using DataLogger.Site;

namespace DataLogger.Infra.Tests;

/// <summary>Every resource of the stack and every security property the deploy issue asks for, checked on the synthesized template.</summary>
[Collection(SynthesizedApp.Collection)]
public sealed class StackTests(SynthesizedApp stack)
{
    JsonObject Resources => stack.Json[nameof(Resources)]!.AsObject();

    IEnumerable<(string Id, JsonNode Resource)> OfType(string type) =>
        Resources.Where(r => r.Value!["Type"]!.GetValue<string>() == type).Select(r => (r.Key, r.Value!));

    string IdOf(string type, string prefix) => OfType(type).Single(r => r.Id.StartsWith(prefix, StringComparison.Ordinal)).Id;

    static string Text(JsonNode? node) => node?.ToJsonString() ?? string.Empty;

    [Fact]
    public void Every_bucket_is_private_encrypted_and_tls_only()
    {
        var buckets = OfType("AWS::S3::Bucket").ToList();
        Assert.Equal(4, buckets.Count); // data, logs, results, site
        foreach (var (id, bucket) in buckets)
        {
            var block = bucket["Properties"]!["PublicAccessBlockConfiguration"]!;
            Assert.True(block["BlockPublicAcls"]!.GetValue<bool>() && block["BlockPublicPolicy"]!.GetValue<bool>()
                && block["IgnorePublicAcls"]!.GetValue<bool>() && block["RestrictPublicBuckets"]!.GetValue<bool>(), id);
            Assert.Contains("AES256", Text(bucket["Properties"]!["BucketEncryption"]));
            var policy = OfType("AWS::S3::BucketPolicy").Single(p => Text(p.Resource["Properties"]!["Bucket"]).Contains(id, StringComparison.Ordinal)).Resource;
            Assert.Contains("\"aws:SecureTransport\":\"false\"", Text(policy));
            Assert.Contains("\"Effect\":\"Deny\"", Text(policy));
        }
    }

    [Fact]
    public void The_data_bucket_is_versioned_and_logs_its_access_to_an_expiring_logs_bucket()
    {
        var data = Resources[IdOf("AWS::S3::Bucket", "Data")]!["Properties"]!;
        Assert.Equal("Enabled", data["VersioningConfiguration"]!["Status"]!.GetValue<string>());
        Assert.Contains(IdOf("AWS::S3::Bucket", "Logs"), Text(data["LoggingConfiguration"]));
        Assert.Contains("\"ExpirationInDays\":90", Text(Resources[IdOf("AWS::S3::Bucket", "Logs")]));
        Assert.Equal("Retain", Resources[IdOf("AWS::S3::Bucket", "Data")]!["DeletionPolicy"]!.GetValue<string>());
    }

    [Fact]
    public void Athena_has_its_own_workgroup_with_enforced_results_and_a_scan_cutoff()
    {
        var config = OfType("AWS::Athena::WorkGroup").Single().Resource["Properties"]!;
        Assert.Equal("datalogger-pool", config["Name"]!.GetValue<string>());
        var workGroup = config["WorkGroupConfiguration"]!;
        Assert.True(workGroup["EnforceWorkGroupConfiguration"]!.GetValue<bool>());
        Assert.Equal(100L * 1024 * 1024, workGroup["BytesScannedCutoffPerQuery"]!.GetValue<long>());
        Assert.Contains(IdOf("AWS::S3::Bucket", "Results"), Text(workGroup["ResultConfiguration"]!["OutputLocation"]));
        Assert.Contains("\"ExpirationInDays\":7", Text(Resources[IdOf("AWS::S3::Bucket", "Results")]));
    }

    [Fact]
    public void The_glue_tables_project_partitions_on_the_key_layout_and_there_is_no_crawler()
    {
        JsonNode Table(string name) => OfType("AWS::Glue::Table").Single(t => t.Resource["Properties"]!["TableInput"]!["Name"]!.GetValue<string>() == name).Resource["Properties"]!["TableInput"]!;
        var json = Table("readings_json");
        var compacted = Table("readings_compacted");
        foreach (var table in new[] { json, compacted })
        {
            var parameters = table["Parameters"]!;
            Assert.Equal("EXTERNAL_TABLE", table["TableType"]!.GetValue<string>());
            Assert.Equal("true", parameters["projection.enabled"]!.GetValue<string>());
            Assert.Equal("injected", parameters["projection.series.type"]!.GetValue<string>());
            Assert.Equal("2", parameters["projection.day.digits"]!.GetValue<string>());
            Assert.Equal(["series", "year", "month", "day"], table["PartitionKeys"]!.AsArray().Select(k => k!["Name"]!.GetValue<string>()));
            Assert.Equal(["timestamp", "celsius", "celcius", "fahrenheit", "sensor", "value", "unit"], table["StorageDescriptor"]!["Columns"]!.AsArray().Select(k => k!["Name"]!.GetValue<string>()));
        }

        Assert.Contains("/${series}/${year}/${month}/${day}/", Text(json["Parameters"]!["storage.location.template"]));
        Assert.Equal("org.openx.data.jsonserde.JsonSerDe", json["StorageDescriptor"]!["SerdeInfo"]!["SerializationLibrary"]!.GetValue<string>());
        Assert.Equal("true", json["StorageDescriptor"]!["SerdeInfo"]!["Parameters"]!["ignore.malformed.json"]!.GetValue<string>());
        Assert.Contains("/${series}/compacted/${year}/${month}/${day}/", Text(compacted["Parameters"]!["storage.location.template"]));
        Assert.Equal("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe", compacted["StorageDescriptor"]!["SerdeInfo"]!["SerializationLibrary"]!.GetValue<string>());
        Assert.Equal("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat", compacted["StorageDescriptor"]!["InputFormat"]!.GetValue<string>());

        // The view the functions query (DATALOGGER_TABLE) is Athena's kind of view over both.
        var view = Table("readings");
        Assert.Equal("VIRTUAL_VIEW", view["TableType"]!.GetValue<string>());
        Assert.Equal("true", view["Parameters"]!["presto_view"]!.GetValue<string>());
        var definition = JsonNode.Parse(Convert.FromBase64String(view["ViewOriginalText"]!.GetValue<string>()["/* Presto View: ".Length..^" */".Length]))!;
        Assert.Equal("SELECT series, year, month, day, \"timestamp\", celsius, celcius, fahrenheit, sensor, value, unit FROM readings_json\nUNION\nSELECT series, year, month, day, \"timestamp\", celsius, celcius, fahrenheit, sensor, value, unit FROM readings_compacted",
            definition["originalSql"]!.GetValue<string>());
        Assert.Equal("datalogger", definition["schema"]!.GetValue<string>());
        Assert.All(OfType("AWS::Lambda::Function").Where(f => Text(f.Resource).Contains("DATALOGGER_TABLE", StringComparison.Ordinal)),
            f => Assert.Equal("readings", f.Resource["Properties"]!["Environment"]!["Variables"]!["DATALOGGER_TABLE"]!.GetValue<string>()));
        Assert.Empty(OfType("AWS::Glue::Crawler"));
        stack.Template.ResourceCountIs("AWS::Glue::Database", 1);
    }

    [Fact]
    public void Compaction_runs_hourly_past_the_hour_within_its_timeout_with_rights_on_the_series_prefixes_only()
    {
        var compact = Resources[IdOf("AWS::Lambda::Function", "Compact")]!;
        Assert.Equal("DataLogger.Functions::DataLogger.Functions.CompactFunction::HandleAsync", compact["Properties"]!["Handler"]!.GetValue<string>());
        Assert.Equal(300, compact["Properties"]!["Timeout"]!.GetValue<int>());
        var schedule = Resources[IdOf("AWS::Events::Rule", "CompactSchedule")]!["Properties"]!;
        Assert.Equal("cron(5 * * * ? *)", schedule["ScheduleExpression"]!.GetValue<string>());
        Assert.Contains(IdOf("AWS::Lambda::Function", "Compact"), Text(schedule["Targets"]));
        Assert.Contains(OfType("AWS::Lambda::Permission"), p => Text(p.Resource).Contains(IdOf("AWS::Events::Rule", "CompactSchedule"), StringComparison.Ordinal)
            && Text(p.Resource).Contains(IdOf("AWS::Lambda::Function", "Compact"), StringComparison.Ordinal));

        var data = IdOf("AWS::S3::Bucket", "Data");
        var statements = PolicyOf("Compact")["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray()
            .Where(s => !Text(s!["Action"]).Contains("logs:", StringComparison.Ordinal))
            .ToDictionary(s => Text(s!["Action"]), s => Text(s!["Resource"]));
        Assert.Equal(["\"s3:ListBucket\"", "[\"s3:GetObject\",\"s3:DeleteObject\"]", "\"s3:PutObject\""], statements.Keys);
        Assert.Equal($"{{\"Fn::GetAtt\":[\"{data}\",\"Arn\"]}}", statements["\"s3:ListBucket\""]);
        Assert.Contains($"{{\"Fn::GetAtt\":[\"{data}\",\"Arn\"]}},\"/pool/*\"", statements["[\"s3:GetObject\",\"s3:DeleteObject\"]"]);
        Assert.Contains($"{{\"Fn::GetAtt\":[\"{data}\",\"Arn\"]}},\"/pool/compacted/*\"", statements["\"s3:PutObject\""]);
        Assert.Contains($"{{\"Fn::GetAtt\":[\"{data}\",\"Arn\"]}},\"/pool/aside/*\"", statements["\"s3:PutObject\""]);
        Assert.DoesNotContain("athena:", Text(PolicyOf("Compact")));

        // Deleted JSON objects stay 30 days as noncurrent versions, and their delete markers go with them.
        var lifecycle = Text(Resources[data]!["Properties"]!["LifecycleConfiguration"]);
        Assert.Contains("\"NoncurrentVersionExpiration\":{\"NoncurrentDays\":30}", lifecycle);
        Assert.Contains("\"ExpiredObjectDeleteMarker\":true", lifecycle);
    }

    [Fact]
    public void The_functions_run_dotnet10_on_arm64_from_the_published_package_with_sized_memory_timeout_and_log_retention()
    {
        var ours = OfType("AWS::Lambda::Function").Where(f => Text(f.Resource).Contains("DataLogger.Functions::", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, ours.Count); // start-query, render, compact: and no function of CDK's own
        foreach (var (id, function) in ours)
        {
            var p = function["Properties"]!;
            Assert.Equal("dotnet10", p["Runtime"]!.GetValue<string>());
            Assert.Equal("arm64", p["Architectures"]![0]!.GetValue<string>());
            Assert.InRange(p["MemorySize"]!.GetValue<int>(), 256, 1024);
            Assert.InRange(p["Timeout"]!.GetValue<int>(), 30, 300);
            Assert.Contains("LogGroup", Text(p["LoggingConfig"]));
            Assert.EndsWith(".zip", p["Code"]!["S3Key"]!.GetValue<string>());
        }

        Assert.All(OfType("AWS::Logs::LogGroup"), g => Assert.Equal(30, g.Resource["Properties"]!["RetentionInDays"]!.GetValue<int>()));
        Assert.Contains(ours, f => f.Resource["Properties"]!["Handler"]!.GetValue<string>() == "DataLogger.Functions::DataLogger.Functions.StartQueryFunction::HandleAsync");
        Assert.Contains(ours, f => f.Resource["Properties"]!["Handler"]!.GetValue<string>() == "DataLogger.Functions::DataLogger.Functions.RenderFunction::HandleAsync");
        Assert.Contains(ours, f => f.Resource["Properties"]!["Handler"]!.GetValue<string>() == "DataLogger.Functions::DataLogger.Functions.CompactFunction::HandleAsync");
    }

    [Fact]
    public void Each_function_has_its_own_role_that_writes_to_its_own_log_group_and_no_managed_policy()
    {
        foreach (var name in new[] { "StartQuery", "Render", "Compact" })
        {
            var function = Resources[IdOf("AWS::Lambda::Function", name)]!["Properties"]!;
            var role = IdOf("AWS::IAM::Role", name + "Role");
            Assert.Contains(role, Text(function["Role"]));
            Assert.Null(Resources[role]!["Properties"]!["ManagedPolicyArns"]);
            var statements = OfType("AWS::IAM::Policy").Single(p => Text(p.Resource["Properties"]!["Roles"]).Contains(role, StringComparison.Ordinal)).Resource["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray();
            var logs = Assert.Single(statements, s => Text(s!["Action"]).Contains("logs:", StringComparison.Ordinal))!;
            Assert.Equal("[\"logs:CreateLogStream\",\"logs:PutLogEvents\"]", Text(logs["Action"]));
            Assert.Equal($"{{\"Fn::GetAtt\":[\"{IdOf("AWS::Logs::LogGroup", name + "Logs")}\",\"Arn\"]}}", Text(logs["Resource"]));
        }
    }

    [Fact]
    public void Every_bucket_but_the_logs_bucket_logs_its_access_and_so_does_cloudfront()
    {
        var logs = IdOf("AWS::S3::Bucket", "Logs");
        foreach (var name in new[] { "Data", "Results", "Site" })
        {
            Assert.Contains(logs, Text(Resources[IdOf("AWS::S3::Bucket", name)]!["Properties"]!["LoggingConfiguration"]));
        }

        var logging = OfType("AWS::CloudFront::Distribution").Single().Resource["Properties"]!["DistributionConfig"]!["Logging"]!;
        Assert.Contains(logs, Text(logging["Bucket"]));
        Assert.Equal("cloudfront/", logging["Prefix"]!.GetValue<string>());
        Assert.Null(Resources[logs]!["Properties"]!["AccessControl"]); // delivered under a bucket policy, not the old ACL
    }

    [Fact]
    public void The_alarm_topic_takes_publishes_over_tls_only_and_from_cloudwatch_of_this_account()
    {
        var policy = OfType("AWS::SNS::TopicPolicy").Single().Resource["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray();
        var deny = Assert.Single(policy, s => s!["Effect"]!.GetValue<string>() == "Deny")!;
        Assert.Equal("{\"Bool\":{\"aws:SecureTransport\":\"false\"}}", Text(deny["Condition"]));
        var allow = Assert.Single(policy, s => s!["Effect"]!.GetValue<string>() == "Allow")!;
        Assert.Contains("cloudwatch.amazonaws.com", Text(allow["Principal"]));
        Assert.Contains("aws:SourceAccount", Text(allow["Condition"]));
    }

    [Fact]
    public void No_policy_of_ours_grants_a_wildcard_action()
    {
        foreach (var (id, policy) in OfType("AWS::IAM::Policy").Concat(OfType("AWS::IAM::Role")))
        {
            foreach (var action in Actions(policy))
            {
                Assert.False(action == "*" || action.EndsWith(":*", StringComparison.Ordinal), $"{id} allows {action}");
            }
        }
    }

    [Fact]
    public void Both_functions_may_query_in_our_workgroup_only_and_render_alone_may_write_the_site()
    {
        var startQuery = PolicyOf("StartQuery");
        var render = PolicyOf("Render");
        foreach (var policy in new[] { startQuery, render })
        {
            // render runs the longer views' bands queries itself: the same rights as start-query's readings query.
            Assert.Contains("athena:StartQueryExecution", Actions(policy));
            Assert.Contains("glue:GetTable", Actions(policy));
            var statements = policy["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray();
            Assert.Contains("workgroup/datalogger-pool", Text(statements.Single(s => Text(s!["Action"]).Contains("athena:StartQueryExecution", StringComparison.Ordinal))));
            var glue = Text(statements.Single(s => Text(s!["Action"]).Contains("glue:GetTable", StringComparison.Ordinal))!["Resource"]);
            Assert.All(["table/datalogger/readings\"", "table/datalogger/readings_json\"", "table/datalogger/readings_compacted\""], t => Assert.Contains(t, glue));
            var reads = statements.Where(s => Text(s!["Action"]).Contains("s3:GetObject", StringComparison.Ordinal)).Select(s => Text(s!["Resource"])).ToList();
            Assert.Contains(reads, r => r.Contains(IdOf("AWS::S3::Bucket", "Data"), StringComparison.Ordinal) && r.Contains("/pool/*", StringComparison.Ordinal));
            var writes = statements.Where(s => Text(s!["Action"]).Contains("s3:PutObject", StringComparison.Ordinal)).Select(s => Text(s!["Resource"])).ToList();
            // No reading is written by either: render writes one object of the data bucket, the fault rules' state.
            Assert.DoesNotContain(writes, w => w.Contains(IdOf("AWS::S3::Bucket", "Data"), StringComparison.Ordinal) && !w.EndsWith("/_state/alerts.json\"]]}", StringComparison.Ordinal));
        }

        // start-query reads latest.json alone of the site (a repeated state is compared with the one drawn) and writes none of it.
        var startStatements = startQuery["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray().Where(s => Text(s).Contains(IdOf("AWS::S3::Bucket", "Site"), StringComparison.Ordinal)).ToList();
        Assert.Equal("\"s3:GetObject\"", Text(Assert.Single(startStatements)!["Action"]));
        Assert.Contains($"\"/{SiteFiles.Latest}\"", Text(startStatements[0]!["Resource"]));
        var renderStatements = render["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray();
        Assert.Contains(renderStatements, s => Text(s!["Action"]).Contains("s3:PutObject", StringComparison.Ordinal) && Text(s["Resource"]).Contains(IdOf("AWS::S3::Bucket", "Site"), StringComparison.Ordinal));

        // latest.json and views-state.json are read back to be updated by compare-and-swap, each series' daily summaries
        // for the records and its 24-hour data (the air's, for another's forecast): render may get these, nothing else of the site.
        var siteReads = Text(renderStatements.Single(s => Text(s!["Action"]).Contains("s3:GetObject", StringComparison.Ordinal) && Text(s["Resource"]).Contains(IdOf("AWS::S3::Bucket", "Site"), StringComparison.Ordinal))!["Resource"]);
        Assert.Contains($"\"/{SiteFiles.Latest}\"", siteReads);
        Assert.Contains($"\"/{SiteFiles.ViewState}\"", siteReads);
        Assert.Contains($"\"/{SiteFiles.DaySummaries}\"", siteReads);
        Assert.Contains($"\"/*/{SiteFiles.DaySummaries}\"", siteReads);
        Assert.Contains($"\"/*/{SiteFiles.DayData}\"", siteReads);
        Assert.DoesNotContain("\"/*\"", siteReads[siteReads.IndexOf(IdOf("AWS::S3::Bucket", "Site"), StringComparison.Ordinal)..]);
    }

    [Fact]
    public void New_readings_reach_start_query_through_eventbridge_and_a_batching_queue_with_a_dead_letter_queue()
    {
        // The bucket's own EventBridge setting, no custom resource (and so no function of CDK's on an old runtime).
        Assert.Empty(OfType("Custom::S3BucketNotifications"));
        Assert.True(Resources[IdOf("AWS::S3::Bucket", "Data")]!["Properties"]!["NotificationConfiguration"]!["EventBridgeConfiguration"]!["EventBridgeEnabled"]!.GetValue<bool>());
        var rule = ReadingRule(Resources);
        Assert.Equal("[\"aws.s3\"]", Text(rule["Properties"]!["EventPattern"]!["source"]));
        Assert.Equal("[\"Object Created\"]", Text(rule["Properties"]!["EventPattern"]!["detail-type"]));
        Assert.Equal("[{\"wildcard\":\"pool/*.json\"}]", Text(rule["Properties"]!["EventPattern"]!["detail"]!["object"]!["key"]));
        Assert.Contains(IdOf("AWS::S3::Bucket", "Data"), Text(rule["Properties"]!["EventPattern"]!["detail"]!["bucket"]));
        Assert.Contains(IdOf("AWS::SQS::Queue", "Objects"), Text(rule["Properties"]!["Targets"]));
        var queuePolicy = Text(OfType("AWS::SQS::QueuePolicy").Single(p => Text(p.Resource["Properties"]!["Queues"]).Contains(IdOf("AWS::SQS::Queue", "Objects"), StringComparison.Ordinal)).Resource);
        Assert.Contains("events.amazonaws.com", queuePolicy);
        Assert.Contains("aws:SourceArn", queuePolicy);
        var mapping = OfType("AWS::Lambda::EventSourceMapping").Single().Resource["Properties"]!;
        Assert.True(mapping["MaximumBatchingWindowInSeconds"]!.GetValue<int>() >= 10);
        Assert.True(mapping["BatchSize"]!.GetValue<int>() >= 100);
        Assert.Contains(IdOf("AWS::Lambda::Function", "StartQuery"), Text(mapping["FunctionName"]));
        Assert.Contains("deadLetterTargetArn", Text(Resources[IdOf("AWS::SQS::Queue", "Objects")]));
    }

    static JsonNode ReadingRule(JsonObject resources) =>
        resources.Single(r => r.Value!["Type"]!.GetValue<string>() == "AWS::Events::Rule" && Text(r.Value!["Properties"]!["EventPattern"]).Contains("aws.s3", StringComparison.Ordinal)).Value!;

    [Fact]
    public void Only_our_workgroups_succeeded_queries_reach_render()
    {
        stack.Template.HasResourceProperties("AWS::Events::Rule", new Dictionary<string, object>
        {
            ["EventPattern"] = new Dictionary<string, object>
            {
                ["source"] = new[] { "aws.athena" },
                ["detail-type"] = new[] { "Athena Query State Change" },
                ["detail"] = new Dictionary<string, object> { ["currentState"] = new[] { "SUCCEEDED" }, ["workgroupName"] = new[] { "datalogger-pool" } },
            },
        });
        Assert.Contains(IdOf("AWS::Lambda::Function", "Render"), Text(OfType("AWS::Events::Rule").Single(r => Text(r.Resource).Contains("aws.athena", StringComparison.Ordinal)).Resource["Properties"]!["Targets"]));
    }

    [Fact]
    public void The_site_is_a_private_bucket_behind_cloudfront_with_origin_access_control_and_https_only()
    {
        var distribution = OfType("AWS::CloudFront::Distribution").Single().Resource["Properties"]!["DistributionConfig"]!;
        Assert.Equal("index.html", distribution["DefaultRootObject"]!.GetValue<string>());
        Assert.Equal("redirect-to-https", distribution["DefaultCacheBehavior"]!["ViewerProtocolPolicy"]!.GetValue<string>());
        Assert.Contains("OriginAccessControlId", Text(distribution["Origins"]));
        stack.Template.ResourceCountIs("AWS::CloudFront::OriginAccessControl", 1);
        var sitePolicy = Text(OfType("AWS::S3::BucketPolicy").Single(p => Text(p.Resource["Properties"]!["Bucket"]).Contains(IdOf("AWS::S3::Bucket", "Site"), StringComparison.Ordinal)).Resource);
        Assert.Contains("cloudfront.amazonaws.com", sitePolicy);
        Assert.Contains("AWS:SourceArn", sitePolicy);
    }

    [Fact]
    public void The_device_may_put_and_read_back_readings_of_its_series_and_nothing_else_and_no_key_is_output()
    {
        var user = IdOf("AWS::IAM::User", "Device");
        var policy = OfType("AWS::IAM::Policy").Single(p => Text(p.Resource["Properties"]!["Users"]).Contains(user, StringComparison.Ordinal)).Resource;
        var statements = policy["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray();
        Assert.Equal(2, statements.Count);
        var statement = statements[0]!;
        Assert.Equal("[\"s3:PutObject\",\"s3:GetObject\"]", Text(statement["Action"]));
        Assert.Contains(IdOf("AWS::S3::Bucket", "Data"), Text(statement["Resource"]));
        Assert.EndsWith("/pool/*\"]]}", Text(statement["Resource"]));
        Assert.Equal("\"s3:DeleteObject\"", Text(statements[1]!["Action"])); // datalogger doctor's test object, and nothing else
        Assert.EndsWith("/pool/doctor/*\"]]}", Text(statements[1]!["Resource"]));
        Assert.Empty(OfType("AWS::IAM::AccessKey"));
        Assert.Equal(["AgentCommand", "AlarmTopicArn", "DataBucketName", "DeviceUserName", "SiteUrl", "WorkGroupName"], stack.Json["Outputs"]!.AsObject().Select(o => o.Key).Order());
    }

    [Fact]
    public void Context_sets_the_series_and_an_optional_domain()
    {
        var (_, json) = stack.Synthesize(new Dictionary<string, object>
        {
            ["series"] = "spa",
            ["domainName"] = "pool.example.org",
            ["certificateArn"] = "arn:aws:acm:us-east-1:111122223333:certificate/abc",
        });
        var text = json.ToJsonString();
        Assert.Equal("[{\"wildcard\":\"spa/*.json\"}]", Text(ReadingRule(json[nameof(Resources)]!.AsObject())["Properties"]!["EventPattern"]!["detail"]!["object"]!["key"]));
        Assert.Contains("datalogger-spa", text);
        Assert.Contains("\"Aliases\":[\"pool.example.org\"]", text);
        Assert.Contains("https://pool.example.org/", text);
    }

    [Fact]
    public void Several_series_each_notify_by_their_prefix_and_the_device_may_put_each_and_nothing_else()
    {
        var (_, json) = stack.Synthesize(new Dictionary<string, object> { ["series"] = "pool,spa" });
        var resources = json[nameof(Resources)]!.AsObject();
        // One rule for both prefixes, into the one queue.
        Assert.Equal("[{\"wildcard\":\"pool/*.json\"},{\"wildcard\":\"spa/*.json\"}]", Text(ReadingRule(resources)["Properties"]!["EventPattern"]!["detail"]!["object"]!["key"]));

        var user = resources.Single(r => r.Value!["Type"]!.GetValue<string>() == "AWS::IAM::User").Key;
        var device = resources.Single(r => r.Value!["Type"]!.GetValue<string>() == "AWS::IAM::Policy" && Text(r.Value!["Properties"]!["Users"]).Contains(user, StringComparison.Ordinal)).Value!;
        var statement = device["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray()[0]!;
        Assert.Equal("[\"s3:PutObject\",\"s3:GetObject\"]", Text(statement["Action"]));
        var prefixes = statement["Resource"]!.AsArray().Select(r => Text(r)).ToList();
        Assert.Equal(2, prefixes.Count);
        Assert.EndsWith("/pool/*\"]]}", prefixes[0]);
        Assert.EndsWith("/spa/*\"]]}", prefixes[1]);

        var functions = resources.Where(r => r.Value!["Type"]!.GetValue<string>() == "AWS::Lambda::Function" && Text(r.Value).Contains("DATALOGGER_SERIES", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, functions.Count);
        Assert.All(functions, f => Assert.Equal("pool,spa", f.Value!["Properties"]!["Environment"]!["Variables"]!["DATALOGGER_SERIES"]!.GetValue<string>()));
        Assert.Contains("datalogger-pool", json.ToJsonString()); // the first series names the workgroup
        Assert.Contains("naming the series pool, spa", json.ToJsonString());
    }

    [Fact]
    public void Context_targets_and_ambient_reach_the_functions_and_a_bad_one_is_refused()
    {
        var (_, json) = stack.Synthesize(new Dictionary<string, object> { ["series"] = "pool,air", ["targets"] = "pool=28", ["ambient"] = "pool=air" });
        var render = json[nameof(Resources)]!.AsObject().Where(r => r.Value!["Type"]!.GetValue<string>() == "AWS::Lambda::Function" && Text(r.Value).Contains("DATALOGGER_SERIES", StringComparison.Ordinal)).ToList();
        Assert.All(render, f => Assert.Equal(("pool=28", "pool=air"), (
            f.Value!["Properties"]!["Environment"]!["Variables"]!["DATALOGGER_TARGETS"]!.GetValue<string>(),
            f.Value!["Properties"]!["Environment"]!["Variables"]!["DATALOGGER_AMBIENT"]!.GetValue<string>())));
        var e = Assert.Throws<ArgumentException>(() => stack.Synthesize(new Dictionary<string, object> { ["series"] = "pool", ["targets"] = "pool=warm" }));
        Assert.Contains("context targets: 'warm' for pool is not a temperature", e.Message);
        e = Assert.Throws<ArgumentException>(() => stack.Synthesize(new Dictionary<string, object> { ["series"] = "pool", ["targets"] = "pool=28", ["ambient"] = "pool=garden" }));
        Assert.Contains("context ambient: 'garden' for pool is not another of the series (pool)", e.Message);
    }

    // An ingest file as a user writes it: the "ingest" section of their datalogger.json, comments and all.
    string IngestFile(string devices)
    {
        var file = stack.Folder("ingest-" + Guid.NewGuid().ToString("N")[..8] + ".json");
        File.WriteAllText(file, $$"""
            {
              // the same section run reads
              "ingest": { "devices": {{devices}} }
            }
            """);
        return file;
    }

    const string EspToken = "5f3a9c1e7b2d4f6a8c0e2b4d6f8a1c3e";

    [Fact]
    public void With_ingest_devices_a_function_behind_a_url_creates_their_readings_only_and_the_template_holds_no_token()
    {
        Assert.Empty(OfType("AWS::Lambda::Url")); // none without devices
        var file = IngestFile($$$"""[{"name": "pool-esp", "token": "{{{EspToken}}}", "map": {"temperature,id=28-0316a279c4ff": "pool"}}, {"name": "gateway", "token": "0b1d5b8a6f2c4e9d3a7c5e1f9b2d4a6c", "map": {"tf_ch1": "pool", "tempf": "air"}}]""");
        var (_, json) = stack.Synthesize(new Dictionary<string, object> { ["series"] = "pool,air,spa", ["ingest"] = file });
        var resources = json[nameof(Resources)]!.AsObject();
        var ingest = resources.Single(r => r.Value!["Type"]!.GetValue<string>() == "AWS::Lambda::Function" && r.Key.StartsWith("Ingest", StringComparison.Ordinal));
        Assert.Equal("DataLogger.Functions::DataLogger.Functions.IngestFunction::HandleAsync", ingest.Value!["Properties"]!["Handler"]!.GetValue<string>());
        var variables = ingest.Value["Properties"]!["Environment"]!["Variables"]!;
        Assert.Equal("token", variables["DATALOGGER_INGEST_AUTH"]!.GetValue<string>());
        Assert.Contains("\"token\":\"sha256:", variables["DATALOGGER_INGEST_DEVICES"]!.GetValue<string>());
        Assert.DoesNotContain(EspToken, json.ToJsonString());
        Assert.DoesNotContain("0b1d5b8a6f2c4e9d3a7c5e1f9b2d4a6c", json.ToJsonString());

        var url = resources.Single(r => r.Value!["Type"]!.GetValue<string>() == "AWS::Lambda::Url").Value!["Properties"]!;
        Assert.Equal("NONE", url["AuthType"]!.GetValue<string>());
        Assert.Contains(ingest.Key, Text(url["TargetFunctionArn"]));
        Assert.Contains("IngestUrl", json["Outputs"]!.AsObject().Select(o => o.Key));

        // It may create (and read back) readings of pool and air, the series its devices write: not spa, not the site.
        var role = Text(ingest.Value["Properties"]!["Role"]);
        var statements = resources.Where(r => r.Value!["Type"]!.GetValue<string>() == "AWS::IAM::Policy" && r.Value!["Properties"]!["Roles"]?[0]?["Ref"] is { } roleRef && role.Contains(Text(roleRef), StringComparison.Ordinal))
            .SelectMany(p => p.Value!["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray()).Where(st => !Text(st!["Action"]).Contains("logs:", StringComparison.Ordinal)).ToList();
        var statement = Assert.Single(statements)!;
        Assert.Equal("[\"s3:PutObject\",\"s3:GetObject\"]", Text(statement["Action"]));
        Assert.Contains("\"/pool/*\"", Text(statement["Resource"]));
        Assert.Contains("\"/air/*\"", Text(statement["Resource"]));
        Assert.DoesNotContain("spa", Text(statement["Resource"]));

        Assert.Contains("\"/notes/*\"", Text(statement["Resource"])); // and the notes
        // The pages' note form posts to its URL: render knows it.
        var renderFunction = resources.Single(r => r.Value!["Type"]!.GetValue<string>() == "AWS::Lambda::Function" && r.Key.StartsWith("Render", StringComparison.Ordinal)).Value!;
        var notesUrl = Text(renderFunction["Properties"]!["Environment"]!["Variables"]!["DATALOGGER_NOTES_URL"]);
        Assert.Contains("FunctionUrl", notesUrl);
        Assert.Contains("api/notes", notesUrl);

        // Its errors are watched like the other functions'.
        Assert.Contains(resources, r => r.Value!["Type"]!.GetValue<string>() == "AWS::CloudWatch::Alarm" && Text(r.Value).Contains(ingest.Key, StringComparison.Ordinal));

        // With IAM, the URL takes signed requests only.
        (_, json) = stack.Synthesize(new Dictionary<string, object> { ["series"] = "pool,air", ["ingest"] = file, ["ingestAuth"] = "iam" });
        Assert.Equal("AWS_IAM", json[nameof(Resources)]!.AsObject().Single(r => r.Value!["Type"]!.GetValue<string>() == "AWS::Lambda::Url").Value!["Properties"]!["AuthType"]!.GetValue<string>());
    }

    [Fact]
    public void Render_tells_the_pools_faults_to_the_alarms_topic_and_keeps_their_state_in_one_object()
    {
        var resources = stack.Json[nameof(Resources)]!.AsObject();
        var render = resources.Single(r => r.Value!["Type"]!.GetValue<string>() == "AWS::Lambda::Function" && r.Key.StartsWith("Render", StringComparison.Ordinal));
        var topic = resources.Single(r => r.Value!["Type"]!.GetValue<string>() == "AWS::SNS::Topic").Key;
        Assert.Equal($"{{\"Ref\":\"{topic}\"}}", Text(render.Value!["Properties"]!["Environment"]!["Variables"]!["DATALOGGER_ALERT_TOPIC"]));
        var role = Text(render.Value!["Properties"]!["Role"]);
        var statements = resources.Where(r => r.Value!["Type"]!.GetValue<string>() == "AWS::IAM::Policy" && r.Value!["Properties"]!["Roles"]?[0]?["Ref"] is { } roleRef && role.Contains(Text(roleRef), StringComparison.Ordinal))
            .SelectMany(p => p.Value!["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray()).Select(st => Text(st)).ToList();
        Assert.Contains(statements, st => st.Contains("\"sns:Publish\"", StringComparison.Ordinal) && st.Contains(topic, StringComparison.Ordinal));
        Assert.Contains(statements, st => st.Contains("\"s3:GetObject\",\"s3:PutObject\"", StringComparison.Ordinal) && st.Contains("/_state/alerts.json", StringComparison.Ordinal));
    }

    [Fact]
    public void Context_refresh_reaches_the_functions_and_must_divide_an_hour_and_stay_under_offline()
    {
        var (_, json) = stack.Synthesize(new Dictionary<string, object> { ["refresh"] = "5m" });
        var functions = json[nameof(Resources)]!.AsObject().Where(r => r.Value!["Type"]!.GetValue<string>() == "AWS::Lambda::Function" && Text(r.Value).Contains("DATALOGGER_SERIES", StringComparison.Ordinal)).ToList();
        Assert.All(functions, f => Assert.Equal("5m", f.Value!["Properties"]!["Environment"]!["Variables"]!["DATALOGGER_REFRESH"]!.GetValue<string>()));
        Assert.Contains("\"DATALOGGER_REFRESH\":\"10m\"", stack.Json.ToJsonString(), StringComparison.Ordinal); // the page at most 10 minutes behind without it
        var e = Assert.Throws<ArgumentException>(() => stack.Synthesize(new Dictionary<string, object> { ["refresh"] = "7m" }));
        Assert.Contains("context refresh '7m': the page's refresh is whole minutes from 5 to 60 that divide an hour", e.Message);
        e = Assert.Throws<ArgumentException>(() => stack.Synthesize(new Dictionary<string, object> { ["refresh"] = "15m", ["offlineAfter"] = "15m" }));
        Assert.Contains("context offlineAfter 15m must be longer than the page's refresh (15m, context refresh)", e.Message);
    }

    [Fact]
    public void A_bad_ingest_file_is_refused_with_what_is_wrong()
    {
        var e = Assert.Throws<ArgumentException>(() => stack.Synthesize(new Dictionary<string, object> { ["series"] = "pool", ["ingest"] = IngestFile($$"""[{"name": "esp", "token": "{{EspToken}}", "series": "spa"}]""") }));
        Assert.Contains("a device writes 'spa', which is not a series of the stack: add it (-c series=pool,spa)", e.Message);
        e = Assert.Throws<ArgumentException>(() => stack.Synthesize(new Dictionary<string, object> { ["ingest"] = IngestFile("""[{"name": "esp", "token": "short", "series": "pool"}]""") }));
        Assert.Contains("the device 'esp' needs a token of at least 16 characters", e.Message);
        e = Assert.Throws<ArgumentException>(() => stack.Synthesize(new Dictionary<string, object> { ["ingest"] = stack.Folder("missing.json") }));
        Assert.StartsWith("context ingest ", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => stack.Synthesize(new Dictionary<string, object> { ["ingestAuth"] = "open" }));
        Assert.Contains("context ingestAuth 'open' is not token", e.Message);
    }

    [Theory]
    [InlineData("pool,Spa")]
    [InlineData("pool,pool")]
    [InlineData(",")]
    public void A_bad_series_list_is_refused_with_what_to_write(string list)
    {
        var e = Assert.Throws<ArgumentException>(() => stack.Synthesize(new Dictionary<string, object> { ["series"] = list }));
        Assert.Matches("not a valid series name|named twice|no series given", e.Message);
    }

    [Fact]
    public void Alarms_watch_the_temperature_metric_the_functions_and_the_dead_letters_and_tell_one_topic()
    {
        var (_, json) = stack.Synthesize(new Dictionary<string, object>
        {
            ["series"] = "pool,hot_tub",
            ["alarmBelow"] = "10",
            ["alarmAbove"] = "32",
            ["offlineAfter"] = "30m",
            ["alarmEmail"] = "owner@example.org",
        });
        var resources = json[nameof(Resources)]!.AsObject();
        var topic = resources.Single(r => r.Value!["Type"]!.GetValue<string>() == "AWS::SNS::Topic").Key;
        var alarms = resources.Where(r => r.Value!["Type"]!.GetValue<string>() == "AWS::CloudWatch::Alarm").ToDictionary(r => r.Key, r => r.Value!["Properties"]!);
        Assert.Equal(10, alarms.Count); // below, above, offline for each of two series; three functions' errors; the dead letters
        Assert.All(alarms.Values, a =>
        {
            Assert.Contains(topic, Text(a["AlarmActions"]));
            Assert.Contains(topic, Text(a["OKActions"]));
        });

        JsonNode Alarm(string prefix) => alarms.Single(a => a.Key.StartsWith(prefix, StringComparison.Ordinal)).Value;
        var below = Alarm("PoolBelow");
        Assert.Equal(("DataLogger", "Temperature", "Minimum", 10.0, "LessThanThreshold", "notBreaching"), (below["Namespace"]!.GetValue<string>(), below["MetricName"]!.GetValue<string>(),
            below["Statistic"]!.GetValue<string>(), below["Threshold"]!.GetValue<double>(), below["ComparisonOperator"]!.GetValue<string>(), below["TreatMissingData"]!.GetValue<string>()));
        Assert.Contains("{\"Name\":\"Series\",\"Value\":\"pool\"}", Text(below["Dimensions"]));
        Assert.Equal(("Maximum", 32.0, "GreaterThanThreshold"), (Alarm("HottubAbove")["Statistic"]!.GetValue<string>(), Alarm("HottubAbove")["Threshold"]!.GetValue<double>(), Alarm("HottubAbove")["ComparisonOperator"]!.GetValue<string>()));
        Assert.Equal("Hot tub above 32 °C", Alarm("HottubAbove")["AlarmDescription"]!.GetValue<string>()); // the title the page and the notices use
        Assert.Contains("{\"Name\":\"Series\",\"Value\":\"hot_tub\"}", Text(Alarm("HottubAbove")["Dimensions"]));
        var offline = Alarm("HottubOffline");
        Assert.Equal(("SampleCount", 1800, "breaching"), (offline["Statistic"]!.GetValue<string>(), offline["Period"]!.GetValue<int>(), offline["TreatMissingData"]!.GetValue<string>()));
        Assert.Contains("Errors", Text(Alarm("RenderErrors")["MetricName"]));
        Assert.Contains("ApproximateNumberOfMessagesVisible", Text(Alarm("DeadLettersWaiting")["MetricName"]));

        var subscription = resources.Single(r => r.Value!["Type"]!.GetValue<string>() == "AWS::SNS::Subscription").Value!["Properties"]!;
        Assert.Equal(("email", "owner@example.org"), (subscription["Protocol"]!.GetValue<string>(), subscription["Endpoint"]!.GetValue<string>()));
        Assert.Contains(topic, Text(json["Outputs"]!["AlarmTopicArn"]));
    }

    [Fact]
    public void Without_thresholds_only_offline_errors_and_dead_letters_are_watched_and_no_mail_is_subscribed()
    {
        var alarms = OfType("AWS::CloudWatch::Alarm").Select(a => a.Id).ToList();
        Assert.Equal(5, alarms.Count);
        Assert.Contains(alarms, a => a.StartsWith("CompactErrors", StringComparison.Ordinal));
        Assert.Contains(alarms, a => a.StartsWith("PoolOffline", StringComparison.Ordinal));
        Assert.Empty(OfType("AWS::SNS::Subscription"));
    }

    [Theory]
    [InlineData("alarmBelow", "cold", "not a temperature")]
    [InlineData("offlineAfter", "90s", "whole minutes from 5m to 24h")]
    [InlineData("alarmEmail", "nobody", "not an e-mail address")]
    public void A_bad_alarm_setting_is_refused(string key, string value, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => stack.Synthesize(new Dictionary<string, object> { [key] = value }));
        Assert.Contains(expected, e.Message);
    }

    JsonNode PolicyOf(string function)
    {
        var role = Text(Resources[IdOf("AWS::Lambda::Function", function)]!["Properties"]!["Role"]);
        return OfType("AWS::IAM::Policy").Single(p => p.Resource["Properties"]?["Roles"]?[0]?["Ref"] is { } reference && role.Contains(Text(reference), StringComparison.Ordinal)).Resource;
    }

    static IEnumerable<string> Actions(JsonNode policy) =>
        policy.ToJsonString().Split("\"Action\":", StringSplitOptions.None).Skip(1)
            .SelectMany(chunk => chunk.TrimStart().StartsWith('[')
                ? chunk[1..chunk.IndexOf(']')].Split(',').Select(a => a.Trim().Trim('"'))
                : [chunk.Trim()[1..chunk.Trim().IndexOf('"', 1)]]);
}
