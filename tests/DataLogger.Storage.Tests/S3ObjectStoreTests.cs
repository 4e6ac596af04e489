using System.Text;
using Amazon.S3;
using DataLogger.Ports;
using DataLogger.Storage.S3;
using DataLogger.Testing;

namespace DataLogger.Storage.Tests;

/// <summary>What only the S3 store does: content types, prefixes, and S3's errors as messages that say what to check.</summary>
[Trait("Category", "System")]
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

    // What S3 answers for a wrong key, an expired token, a clock far off, a denied policy (their codes and statuses as
    // AWS documents them), and what the store says: the fix, in one line.
    [Theory]
    [InlineData(403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.", "does not know this access key id: check AWS_ACCESS_KEY_ID")]
    [InlineData(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.", "check AWS_SECRET_ACCESS_KEY")]
    [InlineData(403, "AccessDenied", "Access Denied", "check the credentials and that their policy allows it")]
    [InlineData(400, "ExpiredToken", "The provided token has expired.", "the AWS session token has expired: renew the credentials")]
    [InlineData(403, "RequestTimeTooSkewed", "The difference between the request time and the current time is too large.", "this machine's clock is more than 15 minutes off: set the time")]
    [InlineData(404, "NoSuchBucket", "The specified bucket does not exist", "the bucket 'data' does not exist: check its name")]
    public async Task Each_refusal_of_S3_says_its_fix_in_one_line(int status, string code, string message, string expected)
    {
        using var store = Store();
        fixture.Server.Fail(status, code, message);
        try
        {
            var e = await Assert.ThrowsAsync<StoreException>(() => store.CreateAsync("pool/2026/12/03/1796292010.json", "{}"u8.ToArray(), "application/json"));
            Assert.Contains(expected, e.Message);
            Assert.DoesNotContain("\n", e.Message);
        }
        finally
        {
            fixture.Server.Heal();
        }
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
