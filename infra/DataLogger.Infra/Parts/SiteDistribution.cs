using Amazon.CDK;
using Amazon.CDK.AWS.CertificateManager;
using Amazon.CDK.AWS.CloudFront;
using Amazon.CDK.AWS.CloudFront.Origins;
using DataLogger.Site;
using Distribution = Amazon.CDK.AWS.CloudFront.Distribution;

namespace DataLogger.Infra.Parts;

/// <summary>The site: the private bucket behind CloudFront with origin access control, HTTPS only, logged.</summary>
sealed class SiteDistribution
{
    public SiteDistribution(Stack stack, DataLoggerSettings settings, Buckets buckets)
    {
        var cache = new CachePolicy(stack, "SiteCache", new CachePolicyProps
        {
            Comment = "Honour the site's Cache-Control: no-cache, so phones see each new chart.",
            MinTtl = Duration.Seconds(0),
            DefaultTtl = Duration.Seconds(60),
            MaxTtl = Duration.Seconds(300),
            EnableAcceptEncodingGzip = true,
            EnableAcceptEncodingBrotli = true,
        });
        Distribution = new Distribution(stack, "SiteDistribution", new DistributionProps
        {
            DefaultRootObject = SiteFiles.Page,
            EnableLogging = true,
            LogBucket = buckets.Logs,
            LogFilePrefix = "cloudfront/",
            MinimumProtocolVersion = SecurityPolicyProtocol.TLS_V1_2_2021,
            HttpVersion = HttpVersion.HTTP2_AND_3,
            DomainNames = settings.DomainName is { } domain ? [domain] : null,
            Certificate = settings.CertificateArn is { } arn ? Certificate.FromCertificateArn(stack, "SiteCertificate", arn) : null,
            DefaultBehavior = new BehaviorOptions
            {
                Origin = S3BucketOrigin.WithOriginAccessControl(buckets.Site),
                ViewerProtocolPolicy = ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                CachePolicy = cache,
                Compress = true,
            },
        });
        Url = settings.DomainName is { } name ? $"https://{name}/" : $"https://{Distribution.DistributionDomainName}/";
    }

    /// <summary>The distribution.</summary>
    public Distribution Distribution { get; }

    /// <summary>The page's address.</summary>
    public string Url { get; }
}
