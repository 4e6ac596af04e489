using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.S3;
using Constructs;
using DataLogger.Infra.Parts;
using DataLogger.Readings;
using DataLogger.Site;
using Function = Amazon.CDK.AWS.Lambda.Function;

namespace DataLogger.Infra;

/// <summary>
/// DataLogger's AWS side in one stack, built from its parts (<see cref="Parts"/>): the buckets (the private data bucket
/// holds the readings), Athena (workgroup, Glue database, the projected tables and their view), the three functions
/// (start-query, render, compact) on dotnet10/arm64 with least-privilege roles, the data bucket's events through
/// EventBridge and SQS (batched) into start-query and our workgroup's succeeded queries into render, the alarms, the
/// site bucket behind CloudFront (HTTPS, origin access control), and the device's user that may only put readings. It
/// passes cdk-nag's AwsSolutions pack: what it cannot fix is suppressed in the template, each with its reason
/// (<see cref="Suppress"/>).
/// </summary>
/// <remarks>
/// The parts add their resources to the stack itself rather than being constructs of their own: a construct's id
/// would become part of every logical id inside it, and CloudFormation would replace the resources of a stack that is
/// already deployed (the data bucket, kept on delete, would be orphaned with the readings in it).
/// </remarks>
public sealed class DataLoggerStack : Stack
{
    /// <summary>The Glue database's name.</summary>
    public const string DatabaseName = "datalogger";

    /// <summary>Builds the stack.</summary>
    public DataLoggerStack(Construct scope, string id, DataLoggerSettings settings, IStackProps? props = null)
        : base(scope, id, props)
    {
        ArgumentNullException.ThrowIfNull(settings);

        // Server access logs are delivered under a bucket policy, not the deprecated log-delivery ACL.
        Node.SetContext("@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy", true);
        var buckets = new Buckets(this);
        var catalog = new Catalog(this, $"datalogger-{settings.Series[0]}", buckets.Data, buckets.Results);
        var functions = new Functions(this, settings, buckets, catalog);
        var events = new Events(this, settings.Series, buckets, catalog, functions);
        var alarms = new Alarms(this, settings, functions, events);

        // The pool's fault rules (stuck, jump, not heating, frost) run in render and tell the alarms' topic; their
        // state is one object in the data bucket.
        functions.Render.AddEnvironment(DataLogger.Aws.FunctionVariables.AlertTopic, alarms.Topic.TopicArn);
        alarms.Topic.GrantPublish(functions.Render);
        functions.Render.AddToRolePolicy(Allow(["s3:GetObject", "s3:PutObject"], buckets.Data.ArnForObjects(ReadingKey.AlertStateKey)));
        var site = new SiteDistribution(this, settings, buckets);

        // The device: may only put readings of the stack's series, and read them back (a reading is only created where
        // none is: on a taken key it compares, and keeps a different one aside). Its keys are created by hand (see the
        // README), never output.
        var device = new User(this, "Device");
        device.AddToPolicy(Allow(["s3:PutObject", "s3:GetObject"], [.. settings.Series.Select(s => buckets.Data.ArnForObjects(ReadingKey.SeriesPrefix(s) + "*"))]));
        // ... and delete datalogger doctor's test object, under doctor/ of a series only (never a reading).
        device.AddToPolicy(Allow(["s3:DeleteObject"], [.. settings.Series.Select(s => buckets.Data.ArnForObjects(ReadingKey.DoctorPrefix(s) + "*"))]));
        Outputs(settings.Series, buckets, catalog, alarms, site, device);
        Exceptions(settings, buckets, functions, site, device);
    }

    void Outputs(IReadOnlyList<string> series, Buckets buckets, Catalog catalog, Alarms alarms, SiteDistribution site, User device)
    {
        _ = new CfnOutput(this, "SiteUrl", new CfnOutputProps { Value = site.Url, Description = "The page." });
        _ = new CfnOutput(this, "DataBucketName", new CfnOutputProps { Value = buckets.Data.BucketName, Description = "Where the readings go." });
        _ = new CfnOutput(this, "DeviceUserName", new CfnOutputProps { Value = device.UserName, Description = "Create its keys: aws iam create-access-key --user-name <this>" });
        _ = new CfnOutput(this, "AgentCommand", new CfnOutputProps
        {
            Value = series.Count == 1
                ? $"datalogger agent --store s3://{buckets.Data.BucketName} --series {series[0]}"
                : $"datalogger agent --store s3://{buckets.Data.BucketName} --config datalogger.json",
            Description = series.Count == 1
                ? "Run on the Pi, with the device user's keys in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY and AWS_REGION set."
                : $"Run on the Pi, with the device user's keys in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY and AWS_REGION set, and \"probes\" in datalogger.json naming the series {string.Join(", ", series)}.",
        });
        _ = new CfnOutput(this, "WorkGroupName", new CfnOutputProps { Value = catalog.WorkGroup.Name });
        _ = new CfnOutput(this, "AlarmTopicArn", new CfnOutputProps { Value = alarms.Topic.TopicArn, Description = "The alarms' SNS topic: subscribe SMS, HTTPS or more addresses to it." });
    }

    // cdk-nag's exceptions, each where it applies, with why (the README lists them).
    void Exceptions(DataLoggerSettings settings, Buckets buckets, Functions functions, SiteDistribution site, User device)
    {
        var series = settings.Series;
        var dataObjects = series.Select(each => $"Resource::<{LogicalIdOf(buckets.Data)}.Arn>/{ReadingKey.SeriesPrefix(each)}*").ToArray();
        var resultObjects = $"Resource::<{LogicalIdOf(buckets.Results)}.Arn>/athena/*";
        foreach (var querying in new[] { functions.StartQuery, functions.Render })
        {
            Suppress(DefaultPolicy(querying), "AwsSolutions-IAM5",
                "Athena reads every reading object under each series' prefix as the caller (one object per reading, named by its time: no narrower resource exists) and writes each result under athena/, named by its query id.",
                [.. dataObjects, resultObjects]);
        }

        var notes = $"Resource::<{LogicalIdOf(buckets.Data)}.Arn>/{ReadingKey.NotesFolder}/*";
        Suppress(DefaultPolicy(functions.Compact), "AwsSolutions-IAM5",
            "Compaction reads and deletes the JSON objects under each series' prefix, writes one Parquet object per day under its compacted/ folder and keeps a reading that met a different one under its aside/ folder, each named by its time; it reads and deletes the notes' objects (one per note) and writes one object per month under notes/compacted/: no narrower resource exists.",
            [.. dataObjects, notes, .. series.SelectMany(each => new[] { ReadingKey.CompactedPrefix(each), ReadingKey.AsidePrefix(each) }).Append(ReadingKey.CompactedNotesPrefix).Select(prefix => $"Resource::<{LogicalIdOf(buckets.Data)}.Arn>/{prefix}*")]);
        Suppress(DefaultPolicy(functions.Render), "AwsSolutions-IAM5",
            "Render writes the whole site: the pages, charts and latest.json, the fonts, and a folder per series; the site bucket holds nothing else. It reads back, in each series' folder, only that series' daily summaries (the records) and its views' data (the air's, for another series' forecast; a state's, drawn behind a temperature); and reads the station's notes, one object per note under notes/, named by its time.",
            $"Resource::<{LogicalIdOf(buckets.Site)}.Arn>/*", $"Resource::<{LogicalIdOf(buckets.Site)}.Arn>/*/{SiteFiles.DaySummaries}", $"Resource::<{LogicalIdOf(buckets.Site)}.Arn>/*/{SiteFiles.DayData}", $"Resource::<{LogicalIdOf(buckets.Site)}.Arn>/*/{SiteFiles.DataOf("*")}", notes);
        if (functions.Ingest is { } ingest)
        {
            Suppress(DefaultPolicy(ingest), "AwsSolutions-IAM5",
                "The ingest function creates one object per reading under the prefix of each series its devices write, named by the reading's time, and reads one back when its key is taken (or keeps a different one aside under it), and one object per note under notes/: no narrower resource exists.",
                [.. settings.IngestDevices.SelectMany(d => d.AllSeries).Distinct(StringComparer.Ordinal).Select(each => $"Resource::<{LogicalIdOf(buckets.Data)}.Arn>/{ReadingKey.SeriesPrefix(each)}*"), notes]);
        }

        Suppress(device.Node.FindChild("DefaultPolicy"), "AwsSolutions-IAM5",
            "The device puts one object per reading under its series' prefix, named by the reading's time, and reads one back when its key is taken: no narrower resource exists, and it may do nothing else. It may delete only under each series' doctor/ folder, where datalogger doctor puts its test object (named by host and time) and deletes it again.",
            [.. dataObjects, .. settings.Series.Select(each => $"Resource::<{LogicalIdOf(buckets.Data)}.Arn>/{ReadingKey.DoctorPrefix(each)}*")]);
        Suppress(site.Distribution, "AwsSolutions-CFR1",
            "A geo restriction would lock the owner out of their own page when they travel; the page shows a pool's temperature and nothing private.");
        Suppress(site.Distribution, "AwsSolutions-CFR2",
            "AWS WAF costs $5 a month per web ACL plus $1 per rule, several times the rest of the stack; the distribution serves static files from a private bucket through origin access control, GET and HEAD only.");
        if (settings.CertificateArn is null)
        {
            Suppress(site.Distribution, "AwsSolutions-CFR4",
                "Without domainName and certificateArn the distribution uses CloudFront's default *.cloudfront.net certificate, whose security policy is fixed (TLSv1); with a domain and its certificate the stack requires TLS 1.2 (TLSv1.2_2021).");
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

    /// <summary>A statement that allows <paramref name="actions"/> on <paramref name="resources"/>.</summary>
    internal static PolicyStatement Allow(string[] actions, params string[] resources) =>
        new(new PolicyStatementProps { Effect = Effect.ALLOW, Actions = actions, Resources = resources });
}
