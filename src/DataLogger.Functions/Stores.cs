using DataLogger.Ports;
using DataLogger.Storage.S3;

namespace DataLogger.Functions;

/// <summary>Opens the functions' S3 buckets, on AWS or on the S3-compatible endpoint of <c>AWS_ENDPOINT_URL_S3</c>.</summary>
static class Stores
{
    public static Func<string, IObjectStore> Open(FunctionSettings settings) =>
        bucket => S3ObjectStore.Create(new S3StoreOptions { Bucket = bucket, Endpoint = settings.S3Endpoint });

    /// <summary>The data bucket under its prefix: the readings' and the notes' keys as the contract lays them out.</summary>
    public static S3ObjectStore Data(FunctionSettings settings) =>
        S3ObjectStore.Create(new S3StoreOptions { Bucket = settings.DataBucket, Prefix = settings.DataPrefix, Endpoint = settings.S3Endpoint });
}
