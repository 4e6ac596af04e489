using System.Text;
using Amazon.S3;
using DataLogger.Ports;
using DataLogger.Storage.S3;
using DataLogger.Testing;

namespace DataLogger.Storage.Tests;

/// <summary>What only the S3 store does: content types, prefixes, and S3's errors as messages that say what to check.</summary>
public sealed class S3ObjectStoreTests(S3ServerFixture fixture) : IClassFixture<S3ServerFixture>
{
    S3ObjectStore Store(string bucket = S3Server.Bucket, string prefix = "", Uri? endpoint = null) =>
        S3ObjectStore.Create(new S3StoreOptions { Bucket = bucket, Prefix = prefix, Endpoint = endpoint ?? fixture.Server.Endpoint });

    [Fact]
    public async Task Objects_carry_their_content_type_and_live_under_the_prefix()
    {
        using var store = Store(prefix: "readings/");
        await store.PutAsync("pool/2025/11/27/1764201600.json", Encoding.UTF8.GetBytes("{}"), "application/json");
        using var client = new AmazonS3Client(S3ObjectStore.ClientConfig(new S3StoreOptions { Bucket = S3Server.Bucket, Endpoint = fixture.Server.Endpoint }));
        var metadata = await client.GetObjectMetadataAsync(S3Server.Bucket, "readings/pool/2025/11/27/1764201600.json");
        Assert.Equal("application/json", metadata.Headers.ContentType);
        Assert.Equal("s3://data/readings/", store.Location);
    }

    [Fact]
    public async Task A_missing_bucket_says_so()
    {
        using var store = Store(bucket: "no-such-bucket");
        var e = await Assert.ThrowsAsync<StoreException>(() => store.PutAsync("a.json", new byte[] { 1 }, "application/json"));
        Assert.Contains("the bucket 'no-such-bucket' does not exist", e.Message);
    }

    [Fact]
    public async Task An_unreachable_endpoint_says_to_check_the_network_or_the_endpoint()
    {
        using var store = Store(endpoint: new Uri("http://127.0.0.1:9"));
        var e = await Assert.ThrowsAsync<StoreException>(() => store.PutAsync("a.json", new byte[] { 1 }, "application/json"));
        Assert.Contains("cannot reach S3", e.Message);
        Assert.Contains("--s3-endpoint", e.Message);
    }

    [Fact]
    public void S3_locations_parse_into_bucket_and_prefix()
    {
        var options = S3StoreOptions.FromUri(new Uri("s3://my-pool-data/house/readings/"));
        Assert.Equal(("my-pool-data", "house/readings"), (options.Bucket, options.Prefix));
        Assert.Equal(("my-pool-data", ""), (S3StoreOptions.FromUri(new Uri("s3://my-pool-data")).Bucket, S3StoreOptions.FromUri(new Uri("s3://my-pool-data")).Prefix));
        Assert.Throws<FormatException>(() => S3StoreOptions.FromUri(new Uri("http://x/y")));
    }
}
