using Amazon.CDK;
using Amazon.CDK.AWS.Athena;
using Amazon.CDK.AWS.CertificateManager;
using Amazon.CDK.AWS.CloudFront;
using Amazon.CDK.AWS.CloudFront.Origins;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.CloudWatch.Actions;
using Amazon.CDK.AWS.SNS;
using Amazon.CDK.AWS.SNS.Subscriptions;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.Events.Targets;
using Amazon.CDK.AWS.Glue;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda;
using Function = Amazon.CDK.AWS.Lambda.Function;
using FunctionProps = Amazon.CDK.AWS.Lambda.FunctionProps;
using Distribution = Amazon.CDK.AWS.CloudFront.Distribution;
using LogGroupProps = Amazon.CDK.AWS.Logs.LogGroupProps;
using Amazon.CDK.AWS.Lambda.EventSources;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.S3;
using Amazon.CDK.AWS.SQS;
using Constructs;
using DataLogger.Query;
using DataLogger.Readings;
using DataLogger.Site;

namespace DataLogger.Infra;

/// <summary>
/// DataLogger's AWS side in one stack: the private data bucket (readings), Athena (workgroup, Glue database and the
/// projected tables and their view), the three functions (start-query, render, compact) on dotnet10/arm64 with least-privilege roles, the data bucket's events through
/// EventBridge and SQS (batched) into start-query, an EventBridge rule for our workgroup's succeeded queries into
/// render, the site bucket behind CloudFront (HTTPS, origin access control), and the device's user that may only put
/// readings. It passes cdk-nag's AwsSolutions pack: what it cannot fix is suppressed in the template, each with its
/// reason (<see cref="Suppress"/>).
/// </summary>
public sealed class DataLoggerStack : Stack
{
    /// <summary>The Glue database's name.</summary>
    public const string DatabaseName = "datalogger";

    static readonly string[] Succeeded = ["SUCCEEDED"];

    /// <summary>Builds the stack.</summary>
    public DataLoggerStack(Construct scope, string id, DataLoggerSettings settings, IStackProps? props = null)
        : base(scope, id, props)
    {
        ArgumentNullException.ThrowIfNull(settings);

        // Server access logs are delivered under a bucket policy, not the deprecated log-delivery ACL.
        Node.SetContext("@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy", true);
        var series = settings.Series;
        var readings = series.Select(s => ReadingKey.SeriesPrefix(s) + "*").ToArray();

        // Buckets: private, encrypted, TLS only. Access logs of the data bucket go to a logs bucket that expires them.
        var logs = new Bucket(this, "Logs", Secure(new BucketProps
        {
            ObjectOwnership = ObjectOwnership.BUCKET_OWNER_PREFERRED,
            LifecycleRules = [new LifecycleRule { Expiration = Duration.Days(90) }],
            RemovalPolicy = RemovalPolicy.RETAIN,
        }));
        var data = new Bucket(this, "Data", Secure(new BucketProps
        {
            Versioned = true,
            ServerAccessLogsBucket = logs,
            ServerAccessLogsPrefix = "data-access/",
            // Compaction deletes merged JSON objects: their versions stay 30 days, then go, and so do the delete markers.
            LifecycleRules = [new LifecycleRule { NoncurrentVersionExpiration = Duration.Days(30), ExpiredObjectDeleteMarker = true }],
            RemovalPolicy = RemovalPolicy.RETAIN,
        }));
        var results = new Bucket(this, "Results", Secure(new BucketProps
        {
            ServerAccessLogsBucket = logs,
            ServerAccessLogsPrefix = "results-access/",
            LifecycleRules = [new LifecycleRule { Expiration = Duration.Days(7) }],
            RemovalPolicy = RemovalPolicy.DESTROY,
        }));
        var site = new Bucket(this, "Site", Secure(new BucketProps
        {
            ServerAccessLogsBucket = logs,
            ServerAccessLogsPrefix = "site-access/",
            RemovalPolicy = RemovalPolicy.DESTROY,
        }));

        // The data bucket tells EventBridge of its objects (CloudFormation's own setting: no custom resource).
        ((CfnBucket)data.Node.DefaultChild!).NotificationConfiguration = new CfnBucket.NotificationConfigurationProperty
        {
            EventBridgeConfiguration = new CfnBucket.EventBridgeConfigurationProperty { EventBridgeEnabled = true },
        };

        // Athena: our own workgroup (enforced results location, a scan cutoff), the Glue database and the table.
        var workGroupName = $"datalogger-{series[0]}";
        var workGroup = new CfnWorkGroup(this, "WorkGroup", new CfnWorkGroupProps
        {
            Name = workGroupName,
            RecursiveDeleteOption = true,
            WorkGroupConfiguration = new CfnWorkGroup.WorkGroupConfigurationProperty
            {
                EnforceWorkGroupConfiguration = true,
                BytesScannedCutoffPerQuery = 100L * 1024 * 1024,
                PublishCloudWatchMetricsEnabled = true,
                ResultConfiguration = new CfnWorkGroup.ResultConfigurationProperty
                {
                    OutputLocation = $"s3://{results.BucketName}/athena/",
                    EncryptionConfiguration = new CfnWorkGroup.EncryptionConfigurationProperty { EncryptionOption = "SSE_S3" },
                },
            },
        });
        var database = new CfnDatabase(this, "Database", new CfnDatabaseProps
        {
            CatalogId = Account,
            DatabaseInput = new CfnDatabase.DatabaseInputProperty { Name = DatabaseName, Description = "DataLogger readings" },
        });
        // The catalog (GlueTable): the JSON objects' table, the compacted days' Parquet table, and the view every query
        // reads, their union.
        var view = ReadingsTable.DefaultName;
        CfnTable Table(string id, string name, string format, IDictionary<string, string> parameters, string inputFormat, string outputFormat, CfnTable.SerdeInfoProperty serde)
        {
            var table = new CfnTable(this, id, new CfnTableProps
            {
                CatalogId = Account,
                DatabaseName = DatabaseName,
                TableInput = new CfnTable.TableInputProperty
                {
                    Name = name,
                    Description = $"DataLogger readings, {format}",
                    TableType = "EXTERNAL_TABLE",
                    Parameters = parameters,
                    PartitionKeys = ReadingsTable.PartitionColumns.Select(Column).ToArray(),
                    StorageDescriptor = new CfnTable.StorageDescriptorProperty
                    {
                        Location = GlueTable.Location(data.BucketName),
                        Columns = ReadingsTable.DataColumns.Select(Column).ToArray(),
                        InputFormat = inputFormat,
                        OutputFormat = outputFormat,
                        SerdeInfo = serde,
                    },
                },
            });
            table.AddDependency(database);
            return table;
        }

        var jsonTable = Table("Table", GlueTable.JsonTable(view), "one JSON object each", GlueTable.Parameters(data.BucketName).ToDictionary(),
            "org.apache.hadoop.mapred.TextInputFormat", "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
            new CfnTable.SerdeInfoProperty { SerializationLibrary = GlueTable.SerDe, Parameters = GlueTable.SerDeParameters.ToDictionary() });
        var compactedTable = Table("CompactedTable", GlueTable.CompactedTable(view), "one Parquet object per compacted day", GlueTable.CompactedParameters(data.BucketName).ToDictionary(),
            GlueTable.ParquetInputFormat, GlueTable.ParquetOutputFormat,
            new CfnTable.SerdeInfoProperty { SerializationLibrary = GlueTable.ParquetSerDe });
        var readingsView = new CfnTable(this, "View", new CfnTableProps
        {
            CatalogId = Account,
            DatabaseName = DatabaseName,
            TableInput = new CfnTable.TableInputProperty
            {
                Name = view,
                Description = "DataLogger readings: the JSON objects and the compacted days, each reading once",
                TableType = "VIRTUAL_VIEW",
                Parameters = GlueTable.ViewParameters.ToDictionary(),
                ViewOriginalText = GlueTable.PrestoView(view, DatabaseName),
                ViewExpandedText = GlueTable.PrestoViewExpandedText,
                StorageDescriptor = new CfnTable.StorageDescriptorProperty
                {
                    Columns = GlueTable.Columns.Select(Column).ToArray(),
                    SerdeInfo = new CfnTable.SerdeInfoProperty(),
                },
            },
        });
        readingsView.AddDependency(jsonTable);
        readingsView.AddDependency(compactedTable);

        // The functions: the package built by `dotnet publish ... -p:FunctionsZip=...`, dotnet10 on arm64.
        var environment = new Dictionary<string, string>
        {
            ["DATALOGGER_DATA_BUCKET"] = data.BucketName,
            ["DATALOGGER_SITE_BUCKET"] = site.BucketName,
            ["DATALOGGER_SERIES"] = string.Join(',', series),
            ["DATALOGGER_WORKGROUP"] = workGroupName,
            ["DATALOGGER_DATABASE"] = DatabaseName,
            ["DATALOGGER_TABLE"] = view,
            ["DATALOGGER_TIME_ZONE"] = settings.TimeZone,
        };
        var code = Code.FromAsset(settings.FunctionsZip);
        var startQuery = Function("StartQuery", "StartQueryFunction", code, environment, memory: 256, timeout: Duration.Seconds(30));
        var render = Function("Render", "RenderFunction", code, environment, memory: 1024, timeout: Duration.Seconds(60));
        var compact = Function("Compact", "CompactFunction", code, environment, memory: 512, timeout: Duration.Seconds(CompactionSchedule.Timeout.TotalSeconds));

        // Start-query and render start queries in our workgroup only: start-query the readings of the last day, render the
        // bands of the longer views (Athena then reads the data and writes the results as the caller). Render alone
        // reads the results and writes the site.
        var workGroupArn = $"arn:{Partition}:athena:{Region}:{Account}:workgroup/{workGroupName}";
        var catalog = new[]
        {
            $"arn:{Partition}:glue:{Region}:{Account}:catalog",
            $"arn:{Partition}:glue:{Region}:{Account}:database/{DatabaseName}",
            $"arn:{Partition}:glue:{Region}:{Account}:table/{DatabaseName}/{view}",
            $"arn:{Partition}:glue:{Region}:{Account}:table/{DatabaseName}/{GlueTable.JsonTable(view)}",
            $"arn:{Partition}:glue:{Region}:{Account}:table/{DatabaseName}/{GlueTable.CompactedTable(view)}",
        };
        foreach (var querying in new[] { startQuery, render })
        {
            querying.AddToRolePolicy(Allow(["athena:StartQueryExecution", "athena:GetQueryExecution"], workGroupArn));
            querying.AddToRolePolicy(Allow(["glue:GetDatabase", "glue:GetTable", "glue:GetPartitions"], catalog));
            querying.AddToRolePolicy(Allow(["s3:GetObject"], [.. readings.Select(data.ArnForObjects)]));
            querying.AddToRolePolicy(Allow(["s3:ListBucket", "s3:GetBucketLocation"], data.BucketArn, results.BucketArn));
            querying.AddToRolePolicy(Allow(["s3:PutObject", "s3:AbortMultipartUpload"], results.ArnForObjects("athena/*")));
        }

        render.AddToRolePolicy(Allow(["s3:GetObject"], results.ArnForObjects("athena/*"), site.ArnForObjects(ViewState.Key)));
        render.AddToRolePolicy(Allow(["s3:PutObject"], site.ArnForObjects("*")));

        // Compact lists each series, reads and deletes its JSON objects, and reads and writes its compacted days.
        var compacted = series.Select(each => ReadingKey.CompactedPrefix(each) + "*").ToArray();
        compact.AddToRolePolicy(Allow(["s3:ListBucket"], data.BucketArn));
        compact.AddToRolePolicy(Allow(["s3:GetObject", "s3:DeleteObject"], [.. readings.Select(data.ArnForObjects)]));
        compact.AddToRolePolicy(Allow(["s3:PutObject"], [.. compacted.Select(data.ArnForObjects)]));
        _ = new Rule(this, "CompactSchedule", new RuleProps
        {
            Description = "Hourly: merge the readings of the hours that are over into their days' Parquet objects.",
            Schedule = Schedule.Cron(new CronOptions { Minute = CompactionSchedule.Minute.ToString(System.Globalization.CultureInfo.InvariantCulture) }),
            Targets = [new LambdaFunction(compact, new LambdaFunctionProps { RetryAttempts = 2 })],
        });

        // Events: new readings (EventBridge's Object Created of each series' prefix) -> SQS (a batching window, so a
        // spool drain starts few queries) -> start-query; our workgroup's succeeded queries -> render.
        var deadLetters = new Queue(this, "DeadLetters", new QueueProps { Encryption = QueueEncryption.SQS_MANAGED, EnforceSSL = true, RetentionPeriod = Duration.Days(14) });
        var objects = new Queue(this, "Objects", new QueueProps
        {
            Encryption = QueueEncryption.SQS_MANAGED,
            EnforceSSL = true,
            VisibilityTimeout = Duration.Seconds(180),
            DeadLetterQueue = new DeadLetterQueue { Queue = deadLetters, MaxReceiveCount = 3 },
        });
        _ = new Rule(this, "ReadingCreated", new RuleProps
        {
            Description = "New reading objects of the stack's series start a query.",
            EventPattern = new EventPattern
            {
                Source = ["aws.s3"],
                DetailType = ["Object Created"],
                Detail = new Dictionary<string, object>
                {
                    ["bucket"] = new Dictionary<string, object> { ["name"] = new[] { data.BucketName } },
                    ["object"] = new Dictionary<string, object>
                    {
                        ["key"] = series.Select(each => new Dictionary<string, object> { ["wildcard"] = ReadingKey.SeriesPrefix(each) + "*" + ReadingKey.Extension }).ToArray(),
                    },
                },
            },
            Targets = [new SqsQueue(objects)],
        });

        startQuery.AddEventSource(new SqsEventSource(objects, new SqsEventSourceProps { BatchSize = 1000, MaxBatchingWindow = Duration.Seconds(30) }));
        _ = new Rule(this, "QuerySucceeded", new RuleProps
        {
            Description = "Our workgroup's succeeded Athena queries render the site.",
            EventPattern = new EventPattern
            {
                Source = ["aws.athena"],
                DetailType = ["Athena Query State Change"],
                Detail = new Dictionary<string, object>
                {
                    ["currentState"] = Succeeded,
                    ["workgroupName"] = new[] { workGroupName },
                },
            },
            Targets = [new LambdaFunction(render, new LambdaFunctionProps { RetryAttempts = 2 })],
        });

        // Alarms: each series' newest reading is a metric (render logs it in the Embedded Metric Format); below, above and
        // offline per series, and the functions' errors and the dead-letter queue, each into one topic, ALARM and OK.
        var alarms = new Topic(this, "Alarms", new TopicProps { DisplayName = "DataLogger alarms" });
        alarms.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "AlarmsPublish",
            Effect = Effect.ALLOW,
            Principals = [new ServicePrincipal("cloudwatch.amazonaws.com")],
            Actions = ["sns:Publish"],
            Resources = [alarms.TopicArn],
            Conditions = new Dictionary<string, object> { ["StringEquals"] = new Dictionary<string, object> { ["aws:SourceAccount"] = Account } },
        }));
        alarms.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "TlsOnly",
            Effect = Effect.DENY,
            Principals = [new AnyPrincipal()],
            Actions = ["sns:Publish"],
            Resources = [alarms.TopicArn],
            Conditions = new Dictionary<string, object> { ["Bool"] = new Dictionary<string, object> { ["aws:SecureTransport"] = "false" } },
        }));
        if (settings.AlarmEmail is { } email)
        {
            alarms.AddSubscription(new EmailSubscription(email));
        }

        var notify = new SnsAction(alarms);
        Alarm Watch(string id, IMetric metric, double threshold, ComparisonOperator comparison, TreatMissingData missing, string description)
        {
            var alarm = new Alarm(this, id, new AlarmProps
            {
                Metric = metric,
                Threshold = threshold,
                ComparisonOperator = comparison,
                EvaluationPeriods = 1,
                TreatMissingData = missing,
                AlarmDescription = description,
            });
            alarm.AddAlarmAction(notify);
            alarm.AddOkAction(notify);
            return alarm;
        }

        foreach (var each in series)
        {
            var title = SeriesTitles.Default(each);
            var alarm = title.Replace(" ", string.Empty, StringComparison.Ordinal);
            Metric Temperature(string statistic, Duration period) => new(new MetricProps
            {
                Namespace = TemperatureMetric.Namespace,
                MetricName = TemperatureMetric.Name,
                DimensionsMap = new Dictionary<string, string> { [TemperatureMetric.Dimension] = each },
                Statistic = statistic,
                Period = period,
            });
            if (settings.AlarmBelow is { } below)
            {
                Watch($"{alarm}Below", Temperature("Minimum", Duration.Minutes(5)), below, ComparisonOperator.LESS_THAN_THRESHOLD, TreatMissingData.NOT_BREACHING,
                    $"{title} below {below} °C");
            }

            if (settings.AlarmAbove is { } above)
            {
                Watch($"{alarm}Above", Temperature("Maximum", Duration.Minutes(5)), above, ComparisonOperator.GREATER_THAN_THRESHOLD, TreatMissingData.NOT_BREACHING,
                    $"{title} above {above} °C");
            }

            Watch($"{alarm}Offline", Temperature("SampleCount", Duration.Minutes(settings.OfflineAfter.TotalMinutes)), 1, ComparisonOperator.LESS_THAN_THRESHOLD, TreatMissingData.BREACHING,
                $"{title}: no reading for {DataLogger.Time.Durations.Format(settings.OfflineAfter)}");
        }

        foreach (var (functionName, function) in new[] { ("StartQuery", startQuery), ("Render", render), ("Compact", compact) })
        {
            Watch($"{functionName}Errors", function.MetricErrors(new MetricOptions { Period = Duration.Minutes(5), Statistic = "Sum" }), 1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                TreatMissingData.NOT_BREACHING, $"the {functionName} function failed");
        }

        Watch("DeadLettersWaiting", deadLetters.MetricApproximateNumberOfMessagesVisible(new MetricOptions { Period = Duration.Minutes(5), Statistic = "Maximum" }), 1,
            ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, TreatMissingData.NOT_BREACHING, "new readings that start-query could not take are in the dead-letter queue");

        // The site: private bucket, CloudFront with origin access control, HTTPS only.
        var cache = new CachePolicy(this, "SiteCache", new CachePolicyProps
        {
            Comment = "Honour the site's Cache-Control: no-cache, so phones see each new chart.",
            MinTtl = Duration.Seconds(0),
            DefaultTtl = Duration.Seconds(60),
            MaxTtl = Duration.Seconds(300),
            EnableAcceptEncodingGzip = true,
            EnableAcceptEncodingBrotli = true,
        });
        var distribution = new Distribution(this, "SiteDistribution", new DistributionProps
        {
            DefaultRootObject = "index.html",
            EnableLogging = true,
            LogBucket = logs,
            LogFilePrefix = "cloudfront/",
            MinimumProtocolVersion = SecurityPolicyProtocol.TLS_V1_2_2021,
            HttpVersion = HttpVersion.HTTP2_AND_3,
            DomainNames = settings.DomainName is { } domain ? [domain] : null,
            Certificate = settings.CertificateArn is { } arn ? Certificate.FromCertificateArn(this, "SiteCertificate", arn) : null,
            DefaultBehavior = new BehaviorOptions
            {
                Origin = S3BucketOrigin.WithOriginAccessControl(site),
                ViewerProtocolPolicy = ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                CachePolicy = cache,
                Compress = true,
            },
        });

        // The device: may only put readings of the stack's series. Its keys are created by hand (see the README), never output.
        var device = new User(this, "Device");
        device.AddToPolicy(Allow(["s3:PutObject"], [.. readings.Select(data.ArnForObjects)]));

        var siteUrl = settings.DomainName is { } name ? $"https://{name}/" : $"https://{distribution.DistributionDomainName}/";
        _ = new CfnOutput(this, "SiteUrl", new CfnOutputProps { Value = siteUrl, Description = "The page." });
        _ = new CfnOutput(this, "DataBucketName", new CfnOutputProps { Value = data.BucketName, Description = "Where the readings go." });
        _ = new CfnOutput(this, "DeviceUserName", new CfnOutputProps { Value = device.UserName, Description = "Create its keys: aws iam create-access-key --user-name <this>" });
        _ = new CfnOutput(this, "AgentCommand", new CfnOutputProps
        {
            Value = series.Count == 1
                ? $"datalogger agent --store s3://{data.BucketName} --series {series[0]}"
                : $"datalogger agent --store s3://{data.BucketName} --config datalogger.json",
            Description = series.Count == 1
                ? "Run on the Pi, with the device user's keys in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY and AWS_REGION set."
                : $"Run on the Pi, with the device user's keys in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY and AWS_REGION set, and \"probes\" in datalogger.json naming the series {string.Join(", ", series)}.",
        });
        _ = new CfnOutput(this, "WorkGroupName", new CfnOutputProps { Value = workGroup.Name });
        _ = new CfnOutput(this, "AlarmTopicArn", new CfnOutputProps { Value = alarms.TopicArn, Description = "The alarms' SNS topic: subscribe SMS, HTTPS or more addresses to it." });

        // cdk-nag's exceptions, each where it applies, with why (the README lists them).
        var dataObjects = series.Select(each => $"Resource::<{LogicalIdOf(data)}.Arn>/{ReadingKey.SeriesPrefix(each)}*").ToArray();
        var resultObjects = $"Resource::<{LogicalIdOf(results)}.Arn>/athena/*";
        foreach (var querying in new[] { startQuery, render })
        {
            Suppress(DefaultPolicy(querying), "AwsSolutions-IAM5",
                "Athena reads every reading object under each series' prefix as the caller (one object per reading, named by its time: no narrower resource exists) and writes each result under athena/, named by its query id.",
                [.. dataObjects, resultObjects]);
        }

        Suppress(DefaultPolicy(compact), "AwsSolutions-IAM5",
            "Compaction reads and deletes the JSON objects under each series' prefix and writes one Parquet object per day under its compacted/ folder, each named by its time: no narrower resource exists.",
            [.. dataObjects, .. series.Select(each => $"Resource::<{LogicalIdOf(data)}.Arn>/{ReadingKey.CompactedPrefix(each)}*")]);
        Suppress(DefaultPolicy(render), "AwsSolutions-IAM5",
            "Render writes the whole site: the pages, charts and latest.json, the fonts, and a folder per series; the site bucket holds nothing else.",
            $"Resource::<{LogicalIdOf(site)}.Arn>/*");
        Suppress(device.Node.FindChild("DefaultPolicy"), "AwsSolutions-IAM5",
            "The device puts one object per reading under its series' prefix, named by the reading's time: no narrower resource exists, and it may do nothing else.",
            dataObjects);
        Suppress(distribution, "AwsSolutions-CFR1",
            "A geo restriction would lock the owner out of their own page when they travel; the page shows a pool's temperature and nothing private.");
        Suppress(distribution, "AwsSolutions-CFR2",
            "AWS WAF costs $5 a month per web ACL plus $1 per rule, several times the rest of the stack; the distribution serves static files from a private bucket through origin access control, GET and HEAD only.");
        if (settings.CertificateArn is null)
        {
            Suppress(distribution, "AwsSolutions-CFR4",
                "Without domainName and certificateArn the distribution uses CloudFront's default *.cloudfront.net certificate, whose security policy is fixed (TLSv1); with a domain and its certificate the stack requires TLS 1.2 (TLSv1.2_2021).");
        }

        Function Function(string id, string type, Code code, Dictionary<string, string> variables, int memory, Duration timeout)
        {
            var logGroup = new LogGroup(this, id + "Logs", new LogGroupProps { Retention = RetentionDays.ONE_MONTH, RemovalPolicy = RemovalPolicy.DESTROY });

            // Its own role, which may write to its own log group only (AWSLambdaBasicExecutionRole may write to any).
            var role = new Role(this, id + "Role", new RoleProps { AssumedBy = new ServicePrincipal("lambda.amazonaws.com"), Description = $"DataLogger {id}" });
            role.AddToPolicy(Allow(["logs:CreateLogStream", "logs:PutLogEvents"], logGroup.LogGroupArn));
            return new Function(this, id, new FunctionProps
            {
                Runtime = new Runtime("dotnet10", RuntimeFamily.DOTNET_CORE),
                Architecture = Architecture.ARM_64,
                Handler = $"DataLogger.Functions::DataLogger.Functions.{type}::HandleAsync",
                Code = code,
                MemorySize = memory,
                Timeout = timeout,
                Environment = variables,
                Role = role,
                LogGroup = logGroup,
                Description = $"DataLogger {id}",
            });
        }
    }

    // The logical id of a bucket, as cdk-nag names it in a finding (Data666C94C7).
    string LogicalIdOf(Bucket bucket) => GetLogicalId((CfnElement)bucket.Node.DefaultChild!);

    static IConstruct DefaultPolicy(Function function) => ((Role)function.Role!).Node.FindChild("DefaultPolicy");

    /// <summary>
    /// A cdk-nag exception, written into the resource's template <c>Metadata</c> (<c>cdk_nag.rules_to_suppress</c>),
    /// which cdk-nag honours: the rule, why it does not apply here, and for rules with findings (IAM5) exactly which.
    /// </summary>
    static void Suppress(IConstruct construct, string rule, string reason, params string[] appliesTo)
    {
        var resource = construct as CfnResource ?? (CfnResource)construct.Node.DefaultChild!;
        var existing = resource.GetMetadata("cdk_nag") is IDictionary<string, object> nag && nag.TryGetValue("rules_to_suppress", out var list) && list is IEnumerable<object> rules
            ? rules.ToList()
            : [];
        var suppression = new Dictionary<string, object> { ["id"] = rule, ["reason"] = reason };
        if (appliesTo.Length > 0)
        {
            suppression["applies_to"] = appliesTo;
        }

        existing.Add(suppression);
        resource.AddMetadata("cdk_nag", new Dictionary<string, object> { ["rules_to_suppress"] = existing.ToArray() });
    }

    static BucketProps Secure(BucketProps props)
    {
        props.BlockPublicAccess = BlockPublicAccess.BLOCK_ALL;
        props.Encryption = BucketEncryption.S3_MANAGED;
        props.EnforceSSL = true;
        return props;
    }

    static PolicyStatement Allow(string[] actions, params string[] resources) =>
        new(new PolicyStatementProps { Effect = Effect.ALLOW, Actions = actions, Resources = resources });

    static CfnTable.ColumnProperty Column(ReadingsTable.Column column) =>
        new() { Name = column.Name, Type = column.HiveType, Comment = column.Comment };
}
