using Amazon.CDK;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.Events.Targets;
using Amazon.CDK.AWS.Lambda.EventSources;
using Amazon.CDK.AWS.SQS;
using DataLogger.Readings;

namespace DataLogger.Infra.Parts;

/// <summary>
/// The flow's events: new readings (EventBridge's <c>Object Created</c> of each series' prefix) into SQS (a batching
/// window, so a spool drain starts few queries) into start-query, with a dead-letter queue; our workgroup's succeeded
/// queries into render.
/// </summary>
sealed class Events
{
    static readonly string[] Succeeded = ["SUCCEEDED"];

    public Events(Stack stack, IReadOnlyList<string> series, Buckets buckets, Catalog catalog, Functions functions)
    {
        DeadLetters = new Queue(stack, "DeadLetters", new QueueProps { Encryption = QueueEncryption.SQS_MANAGED, EnforceSSL = true, RetentionPeriod = Duration.Days(14) });
        var objects = new Queue(stack, "Objects", new QueueProps
        {
            Encryption = QueueEncryption.SQS_MANAGED,
            EnforceSSL = true,
            VisibilityTimeout = Duration.Seconds(180),
            DeadLetterQueue = new DeadLetterQueue { Queue = DeadLetters, MaxReceiveCount = 3 },
        });
        On(stack, "ReadingCreated", "New reading objects of the stack's series start a query.", "aws.s3", "Object Created", new Dictionary<string, object>
        {
            ["bucket"] = new Dictionary<string, object> { ["name"] = new[] { buckets.Data.BucketName } },
            ["object"] = new Dictionary<string, object>
            {
                ["key"] = series.Select(each => new Dictionary<string, object> { ["wildcard"] = ReadingKey.SeriesPrefix(each) + "*" + ReadingKey.Extension }).ToArray(),
            },
        }, new SqsQueue(objects));
        functions.StartQuery.AddEventSource(new SqsEventSource(objects, new SqsEventSourceProps { BatchSize = 1000, MaxBatchingWindow = Duration.Seconds(30) }));
        On(stack, "QuerySucceeded", "Our workgroup's succeeded Athena queries render the site.", "aws.athena", "Athena Query State Change", new Dictionary<string, object>
        {
            ["currentState"] = Succeeded,
            ["workgroupName"] = new[] { catalog.WorkGroupName },
        }, new LambdaFunction(functions.Render, new LambdaFunctionProps { RetryAttempts = 2 }));
    }

    /// <summary>What start-query could not take, after three tries.</summary>
    public Queue DeadLetters { get; }

    // An EventBridge rule: events of the source and detail-type whose detail matches, to the target.
    static void On(Stack stack, string id, string description, string source, string detailType, Dictionary<string, object> detail, IRuleTarget target) =>
        _ = new Rule(stack, id, new RuleProps
        {
            Description = description,
            EventPattern = new EventPattern { Source = [source], DetailType = [detailType], Detail = detail },
            Targets = [target],
        });
}
