using Amazon.CDK;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.Events.Targets;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Logs;
using DataLogger.Aws;
using DataLogger.Readings;
using DataLogger.Site;
using Function = Amazon.CDK.AWS.Lambda.Function;
using FunctionProps = Amazon.CDK.AWS.Lambda.FunctionProps;
using LogGroupProps = Amazon.CDK.AWS.Logs.LogGroupProps;

namespace DataLogger.Infra.Parts;

/// <summary>
/// The three functions (the package built by <c>dotnet publish ... -p:FunctionsZip=...</c>, dotnet10 on arm64), each with
/// its own role and log group and only the rights it uses, and compaction's hourly schedule.
/// </summary>
sealed class Functions
{
    readonly Stack _stack;

    public Functions(Stack stack, DataLoggerSettings settings, Buckets buckets, Catalog catalog)
    {
        _stack = stack;
        var environment = new Dictionary<string, string>
        {
            [DataLogger.Aws.FunctionVariables.DataBucket] = buckets.Data.BucketName,
            [DataLogger.Aws.FunctionVariables.SiteBucket] = buckets.Site.BucketName,
            [DataLogger.Aws.FunctionVariables.Series] = string.Join(',', settings.Series),
            [DataLogger.Aws.FunctionVariables.WorkGroup] = catalog.WorkGroupName,
            [DataLogger.Aws.FunctionVariables.Database] = DataLoggerStack.DatabaseName,
            [DataLogger.Aws.FunctionVariables.Table] = Catalog.View,
            [DataLogger.Aws.FunctionVariables.TimeZone] = settings.TimeZone,
            [DataLogger.Aws.FunctionVariables.Refresh] = DataLogger.Time.Durations.Format(settings.Refresh),
        };

        if (settings.Quantities.Count > 0)
        {
            environment[DataLogger.Aws.FunctionVariables.Quantities] = new DataLogger.Readings.Station(settings.Series, settings.Quantities).QuantitiesText;
        }

        if (settings.Goals.Count > 0)
        {
            environment[DataLogger.Aws.FunctionVariables.Targets] = DataLogger.Forecasting.HeatingGoals.Targets(settings.Goals);
            environment[DataLogger.Aws.FunctionVariables.Ambient] = DataLogger.Forecasting.HeatingGoals.Ambient(settings.Goals);
        }

        var code = Code.FromAsset(settings.FunctionsZip);
        StartQuery = Function("StartQuery", "StartQueryFunction", code, environment, memory: 256, timeout: Duration.Seconds(30));
        Render = Function("Render", "RenderFunction", code, environment, memory: 1024, timeout: Duration.Seconds(60));
        Compact = Function("Compact", "CompactFunction", code, environment, memory: 512, timeout: Duration.Seconds(CompactionSchedule.Timeout.TotalSeconds));
        AllowQueries(settings.Series, buckets, catalog);
        AllowCompaction(settings.Series, buckets);
        if (settings.IngestDevices.Count > 0)
        {
            Ingest = IngestFunction(settings, buckets, code, environment);
        }
    }

    /// <summary>Readings from devices that are not a Pi, behind a function URL; null without ingest devices.</summary>
    public Function? Ingest { get; }

    /// <summary>New readings start the 24-hour query.</summary>
    public Function StartQuery { get; }

    /// <summary>A succeeded query draws the site.</summary>
    public Function Render { get; }

    /// <summary>Hourly: the readings of the hours that are over into their days' Parquet objects.</summary>
    public Function Compact { get; }

    /// <summary>Each function with the name its alarms and suppressions use.</summary>
    public IEnumerable<(string Name, Function Function)> All => Ingest is null
        ? [("StartQuery", StartQuery), ("Render", Render), ("Compact", Compact)]
        : [("StartQuery", StartQuery), ("Render", Render), ("Compact", Compact), ("Ingest", Ingest)];

    // The ingest function: its URL (a device's token checked by the function, or AWS's signature with ingestAuth=iam),
    // the devices with their tokens' SHA-256 only (the template holds no token), and the right to create readings
    // (and read one back, and keep a different one aside) in the series its devices write, nothing else.
    Function IngestFunction(DataLoggerSettings settings, Buckets buckets, Code code, Dictionary<string, string> environment)
    {
        var variables = new Dictionary<string, string>(environment)
        {
            [DataLogger.Aws.FunctionVariables.IngestDevices] = DataLogger.Ingest.IngestDevice.ToJson(settings.IngestDevices.Select(d => d.Hashed())),
            [DataLogger.Aws.FunctionVariables.IngestAuth] = settings.IngestSigned ? "iam" : "token",
        };
        var ingest = Function("Ingest", "IngestFunction", code, variables, memory: 256, timeout: Duration.Seconds(15));
        var written = settings.IngestDevices.SelectMany(d => d.AllSeries).Distinct(StringComparer.Ordinal);
        ingest.AddToRolePolicy(DataLoggerStack.Allow(["s3:PutObject", "s3:GetObject"], [.. written.Select(s => buckets.Data.ArnForObjects(ReadingKey.SeriesPrefix(s) + "*")), buckets.Data.ArnForObjects(ReadingKey.NotesFolder + "/*")]));
        var url = ingest.AddFunctionUrl(new FunctionUrlOptions { AuthType = settings.IngestSigned ? FunctionUrlAuthType.AWS_IAM : FunctionUrlAuthType.NONE });
        if (!settings.IngestSigned)
        {
            // The pages' "Add a note" form posts there (a browser cannot sign a request: no form with ingestAuth=iam).
            Render.AddEnvironment(DataLogger.Aws.FunctionVariables.NotesUrl, url.Url + DataLogger.Notes.NoteRequest.Path.TrimStart('/'));
        }

        _ = new CfnOutput(_stack, "IngestUrl", new CfnOutputProps
        {
            Value = url.Url,
            Description = "Where devices post readings: {url}api/v2/write (InfluxDB), api/readings, api/ecowitt, api/shelly; and notes: api/notes",
        });
        return ingest;
    }

    // Start-query and render start queries in our workgroup only: start-query the readings of the last day, render the
    // bands of the longer views (Athena then reads the data and writes the results as the caller). Render alone reads
    // the results and writes the site.
    void AllowQueries(IReadOnlyList<string> series, Buckets buckets, Catalog catalog)
    {
        var readings = series.Select(s => buckets.Data.ArnForObjects(ReadingKey.SeriesPrefix(s) + "*")).ToArray();
        foreach (var querying in new[] { StartQuery, Render })
        {
            querying.AddToRolePolicy(DataLoggerStack.Allow(["athena:StartQueryExecution", "athena:GetQueryExecution"], catalog.WorkGroupArn));
            querying.AddToRolePolicy(DataLoggerStack.Allow(["glue:GetDatabase", "glue:GetTable", "glue:GetPartitions"], catalog.GlueArns));
            querying.AddToRolePolicy(DataLoggerStack.Allow(["s3:GetObject"], readings));
            querying.AddToRolePolicy(DataLoggerStack.Allow(["s3:ListBucket", "s3:GetBucketLocation"], buckets.Data.BucketArn, buckets.Results.BucketArn));
            querying.AddToRolePolicy(DataLoggerStack.Allow(["s3:PutObject", "s3:AbortMultipartUpload"], buckets.Results.ArnForObjects("athena/*")));
        }

        // The site's two shared records, read to be updated by compare-and-swap (each series' render puts in its part);
        // each series' daily summaries (the records) and its 24-hour data (the air's, read for another's forecast).
        Render.AddToRolePolicy(DataLoggerStack.Allow(
            ["s3:GetObject"], buckets.Results.ArnForObjects("athena/*"), buckets.Site.ArnForObjects(SiteFiles.ViewState), buckets.Site.ArnForObjects(SiteFiles.Latest),
            buckets.Site.ArnForObjects(SiteFiles.DaySummaries), buckets.Site.ArnForObjects("*/" + SiteFiles.DaySummaries),
            buckets.Site.ArnForObjects(SiteFiles.DayData), buckets.Site.ArnForObjects("*/" + SiteFiles.DayData),
            buckets.Site.ArnForObjects("*/" + SiteFiles.DataOf("*")))); // a state's data of each view, drawn behind a temperature's chart
        Render.AddToRolePolicy(DataLoggerStack.Allow(["s3:PutObject"], buckets.Site.ArnForObjects("*")));

        // Render draws the station's notes (listed by month under notes/); start-query compares a state with the one
        // drawn last (latest.json: RepeatedStates).
        Render.AddToRolePolicy(DataLoggerStack.Allow(["s3:GetObject"], buckets.Data.ArnForObjects(ReadingKey.NotesFolder + "/*")));
        StartQuery.AddToRolePolicy(DataLoggerStack.Allow(["s3:GetObject"], buckets.Site.ArnForObjects(SiteFiles.Latest)));
    }

    // Compact lists each series, reads and deletes its JSON objects, reads and writes its compacted days, and keeps aside
    // a reading that met a different one, hourly; and the notes: reads and deletes their objects, writes compacted months.
    void AllowCompaction(IReadOnlyList<string> series, Buckets buckets)
    {
        var readings = series.Select(s => buckets.Data.ArnForObjects(ReadingKey.SeriesPrefix(s) + "*")).Append(buckets.Data.ArnForObjects(ReadingKey.NotesFolder + "/*")).ToArray();
        var compacted = series.SelectMany(each => new[] { ReadingKey.CompactedPrefix(each), ReadingKey.AsidePrefix(each) }).Append(ReadingKey.CompactedNotesPrefix).Select(prefix => buckets.Data.ArnForObjects(prefix + "*")).ToArray();
        Compact.AddToRolePolicy(DataLoggerStack.Allow(["s3:ListBucket"], buckets.Data.BucketArn));
        Compact.AddToRolePolicy(DataLoggerStack.Allow(["s3:GetObject", "s3:DeleteObject"], readings));
        Compact.AddToRolePolicy(DataLoggerStack.Allow(["s3:PutObject"], compacted));
        _ = new Rule(_stack, "CompactSchedule", new RuleProps
        {
            Description = "Hourly: merge the readings of the hours that are over into their days' Parquet objects.",
            Schedule = Schedule.Cron(new CronOptions { Minute = CompactionSchedule.Minute.ToString(System.Globalization.CultureInfo.InvariantCulture) }),
            Targets = [new LambdaFunction(Compact, new LambdaFunctionProps { RetryAttempts = 2 })],
        });
    }

    Function Function(string id, string type, Code code, Dictionary<string, string> variables, int memory, Duration timeout)
    {
        var logGroup = new LogGroup(_stack, id + "Logs", new LogGroupProps { Retention = RetentionDays.ONE_MONTH, RemovalPolicy = RemovalPolicy.DESTROY });

        // Its own role, which may write to its own log group only (AWSLambdaBasicExecutionRole may write to any).
        var role = new Role(_stack, id + "Role", new RoleProps { AssumedBy = new ServicePrincipal("lambda.amazonaws.com"), Description = $"DataLogger {id}" });
        role.AddToPolicy(DataLoggerStack.Allow(["logs:CreateLogStream", "logs:PutLogEvents"], logGroup.LogGroupArn));
        return new Function(_stack, id, new FunctionProps
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
