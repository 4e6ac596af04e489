using Amazon.CDK;
using Amazon.CDK.AWS.S3;

namespace DataLogger.Infra.Parts;

/// <summary>
/// The stack's buckets: private, encrypted, TLS only. The data bucket (the record: versioned, kept on delete) tells
/// EventBridge of its objects; its access logs, the results' and the site's go to a logs bucket that expires them.
/// </summary>
sealed class Buckets
{
    public Buckets(Stack stack)
    {
        Logs = new Bucket(stack, "Logs", Secure(new BucketProps
        {
            ObjectOwnership = ObjectOwnership.BUCKET_OWNER_PREFERRED,
            LifecycleRules = [new LifecycleRule { Expiration = Duration.Days(90) }],
            RemovalPolicy = RemovalPolicy.RETAIN,
        }));
        Data = new Bucket(stack, "Data", Secure(new BucketProps
        {
            Versioned = true,
            ServerAccessLogsBucket = Logs,
            ServerAccessLogsPrefix = "data-access/",
            // Compaction deletes merged JSON objects: their versions stay 30 days, then go, and so do the delete markers.
            LifecycleRules = [new LifecycleRule { NoncurrentVersionExpiration = Duration.Days(30), ExpiredObjectDeleteMarker = true }],
            RemovalPolicy = RemovalPolicy.RETAIN,
        }));
        Results = new Bucket(stack, "Results", Secure(new BucketProps
        {
            ServerAccessLogsBucket = Logs,
            ServerAccessLogsPrefix = "results-access/",
            LifecycleRules = [new LifecycleRule { Expiration = Duration.Days(7) }],
            RemovalPolicy = RemovalPolicy.DESTROY,
        }));
        Site = new Bucket(stack, "Site", Secure(new BucketProps
        {
            ServerAccessLogsBucket = Logs,
            ServerAccessLogsPrefix = "site-access/",
            RemovalPolicy = RemovalPolicy.DESTROY,
        }));

        // The data bucket tells EventBridge of its objects (CloudFormation's own setting: no custom resource).
        ((CfnBucket)Data.Node.DefaultChild!).NotificationConfiguration = new CfnBucket.NotificationConfigurationProperty
        {
            EventBridgeConfiguration = new CfnBucket.EventBridgeConfigurationProperty { EventBridgeEnabled = true },
        };
    }

    /// <summary>Access logs of the other buckets and of CloudFront.</summary>
    public Bucket Logs { get; }

    /// <summary>The readings.</summary>
    public Bucket Data { get; }

    /// <summary>Athena's query results.</summary>
    public Bucket Results { get; }

    /// <summary>The published site.</summary>
    public Bucket Site { get; }

    static BucketProps Secure(BucketProps props)
    {
        props.BlockPublicAccess = BlockPublicAccess.BLOCK_ALL;
        props.Encryption = BucketEncryption.S3_MANAGED;
        props.EnforceSSL = true;
        return props;
    }
}
