using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using DataLogger.Ports;

namespace DataLogger.Storage.S3;

/// <summary>
/// An S3 bucket (or an S3-compatible server) as the object store, through AWSSDK.S3: the standard credential chain
/// (environment, profile, instance or task role), keys under an optional prefix, listing with pagination, and S3's
/// errors turned into messages that say what to check.
/// </summary>
public sealed class S3ObjectStore : IObjectStore, IDisposable
{
    readonly IAmazonS3 _client;
    readonly string _prefix;

    /// <summary>Creates a store over an existing client.</summary>
    public S3ObjectStore(IAmazonS3 client, string bucket, string prefix = "")
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        ArgumentException.ThrowIfNullOrEmpty(bucket);
        Bucket = bucket;
        _prefix = prefix.Trim('/') is { Length: > 0 } p ? p + "/" : string.Empty;
    }

    /// <summary>The bucket.</summary>
    public string Bucket { get; }

    /// <summary>The Cache-Control header stored with every object put (a site's files), or null for none.</summary>
    public string? CacheControl { get; set; }

    /// <inheritdoc />
    public string Location => $"s3://{Bucket}/{_prefix}";

    /// <summary>Creates a store and its client from <paramref name="options"/>.</summary>
    public static S3ObjectStore Create(S3StoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new S3ObjectStore(new AmazonS3Client(ClientConfig(options)), options.Bucket, options.Prefix);
    }

    /// <summary>The client configuration: path-style addressing for a custom endpoint, checksums only where required (S3-compatible servers reject the SDK's streaming trailers).</summary>
    public static AmazonS3Config ClientConfig(S3StoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = new AmazonS3Config
        {
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            MaxErrorRetry = 2,
            Timeout = TimeSpan.FromSeconds(30),
        };
        var region = options.Region ?? Environment.GetEnvironmentVariable("AWS_REGION") ?? Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION");
        if (options.Endpoint is { } endpoint)
        {
            config.ServiceURL = endpoint.ToString();
            config.ForcePathStyle = true;
            config.AuthenticationRegion = region ?? "us-east-1";
        }
        else if (region is not null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        return config;
    }

    /// <inheritdoc />
    public async Task PutAsync(string key, ReadOnlyMemory<byte> body, string contentType, CancellationToken cancellationToken = default)
    {
        using var request = PutRequest(key, body, contentType);
        await CallAsync(key, () => _client.PutObjectAsync(request.Put, cancellationToken)).ConfigureAwait(false);
    }

    // A PUT of the body with its content type (and the store's Cache-Control), its stream closed with it.
    PutOf PutRequest(string key, ReadOnlyMemory<byte> body, string contentType)
    {
        var stream = new MemoryStream(body.ToArray(), writable: false);
        var request = new PutObjectRequest { BucketName = Bucket, Key = _prefix + key, InputStream = stream, ContentType = contentType, AutoCloseStream = false };
        if (CacheControl is not null)
        {
            request.Headers.CacheControl = CacheControl;
        }

        return new PutOf(request, stream);
    }

    sealed record PutOf(PutObjectRequest Put, MemoryStream Body) : IDisposable
    {
        public void Dispose() => Body.Dispose();
    }

    /// <inheritdoc />
    /// <remarks>
    /// S3's conditional write: <c>If-None-Match: *</c>, answered <c>412 Precondition Failed</c> when the key exists, and
    /// <c>409 ConditionalRequestConflict</c> when another write to it is in flight (then tried again).
    /// </remarks>
    public async Task<bool> CreateAsync(string key, ReadOnlyMemory<byte> body, string contentType, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var outcome = await PutIfAsync(key, body, contentType, version: null, cancellationToken).ConfigureAwait(false);
            if (outcome != HttpStatusCode.Conflict || attempt == 5)
            {
                return outcome == HttpStatusCode.OK;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    /// <remarks>The version is the object's ETag.</remarks>
    public async Task<VersionedObject?> GetVersionedAsync(string key, CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = await CallAsync(key, () => _client.GetObjectAsync(Bucket, _prefix + key, cancellationToken)).ConfigureAwait(false);
            using var copy = new MemoryStream();
            await response.ResponseStream.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
            return new VersionedObject(copy.ToArray(), response.ETag);
        }
        catch (StoreException e) when (e.InnerException is AmazonS3Exception { StatusCode: HttpStatusCode.NotFound, ErrorCode: "NoSuchKey" or null or "" })
        {
            return null;
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// S3's conditional writes: <c>If-Match</c> with the ETag read (412 when it changed, 404 when the object went), or
    /// <c>If-None-Match: *</c> (412 when one appeared); 409 when another conditional write is in flight.
    /// </remarks>
    public async Task<bool> ReplaceAsync(string key, ReadOnlyMemory<byte> body, string contentType, string? version, CancellationToken cancellationToken = default) =>
        await PutIfAsync(key, body, contentType, version, cancellationToken).ConfigureAwait(false) == HttpStatusCode.OK;

    // A PUT only over the object at version (an ETag), or only where none is (null): OK, or the status S3 refused it
    // with (412 changed or there, 404 gone, 409 another conditional write in flight).
    async Task<HttpStatusCode> PutIfAsync(string key, ReadOnlyMemory<byte> body, string contentType, string? version, CancellationToken cancellationToken)
    {
        using var request = PutRequest(key, body, contentType);
        if (version is null)
        {
            request.Put.IfNoneMatch = "*";
        }
        else
        {
            request.Put.IfMatch = version;
        }

        try
        {
            await CallAsync(key, () => _client.PutObjectAsync(request.Put, cancellationToken)).ConfigureAwait(false);
            return HttpStatusCode.OK;
        }
        catch (StoreException e) when (e.InnerException is AmazonS3Exception { StatusCode: HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict }
            or AmazonS3Exception { StatusCode: HttpStatusCode.NotFound, ErrorCode: "NoSuchKey" })
        {
            return ((AmazonS3Exception)e.InnerException).StatusCode;
        }
    }

    /// <inheritdoc />
    public async Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        (await GetVersionedAsync(key, cancellationToken).ConfigureAwait(false))?.Body;

    /// <inheritdoc />
    /// <remarks>In a versioned bucket this adds a delete marker: the object stays as a noncurrent version until the bucket's lifecycle expires it.</remarks>
    public Task DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        CallAsync(key, () => _client.DeleteObjectAsync(Bucket, _prefix + key, cancellationToken));

    /// <inheritdoc />
    public async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = new ListObjectsV2Request { BucketName = Bucket, Prefix = _prefix + prefix };
        do
        {
            var response = await CallAsync(prefix, () => _client.ListObjectsV2Async(request, cancellationToken)).ConfigureAwait(false);
            foreach (var item in response.S3Objects ?? [])
            {
                yield return item.Key[_prefix.Length..];
            }

            request.ContinuationToken = response.IsTruncated == true ? response.NextContinuationToken : null;
        }
        while (request.ContinuationToken is not null);
    }

    async Task<T> CallAsync<T>(string key, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (AmazonS3Exception e)
        {
            throw new StoreException(Explain(e, key), e);
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or IOException or TaskCanceledException { InnerException: TimeoutException })
        {
            throw new StoreException($"cannot reach S3 for {Location} ({e.Message}): check the network, or the endpoint (--s3-endpoint) of an S3-compatible server", e);
        }
        catch (AmazonClientException e)
        {
            throw new StoreException(
                e.Message.Contains("credential", StringComparison.OrdinalIgnoreCase)
                    ? $"no AWS credentials for {Location}: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or give the machine a role ({e.Message})"
                    : $"S3 failed for {Location}: {e.Message}",
                e);
        }
    }

    string Explain(AmazonS3Exception e, string key) => e.ErrorCode switch
    {
        "NoSuchBucket" => $"the bucket '{Bucket}' does not exist: check its name (and the region: {_client.Config.RegionEndpoint?.SystemName ?? _client.Config.AuthenticationRegion ?? "default"})",
        "AccessDenied" or "AllAccessDisabled" => $"S3 denied access to {Location}{key}: check the credentials and that their policy allows it (the agent needs s3:PutObject on {Bucket}/{_prefix}*)",
        "InvalidAccessKeyId" => "S3 does not know this access key id: check AWS_ACCESS_KEY_ID (or the profile)",
        "SignatureDoesNotMatch" => "S3 refused the request's signature: check AWS_SECRET_ACCESS_KEY (or the profile)",
        "PermanentRedirect" or "AuthorizationHeaderMalformed" => $"the bucket '{Bucket}' is in another region: set AWS_REGION to the bucket's region",
        "ExpiredToken" or "TokenRefreshRequired" => "S3 says the AWS session token has expired: renew the credentials (AWS_SESSION_TOKEN, or the profile's), or give the device its own user's long-term keys",
        "InvalidToken" => "S3 does not accept the AWS session token: check AWS_SESSION_TOKEN (unset it with long-term keys)",
        "RequestTimeTooSkewed" => "S3 says this machine's clock is more than 15 minutes off: set the time (is NTP running? timedatectl shows it); readings taken meanwhile keep their times",
        _ when e.StatusCode == HttpStatusCode.NotFound => $"S3 has nothing at {Location}{key} ({e.ErrorCode})",
        _ => $"S3 answered {(int)e.StatusCode} {e.ErrorCode} for {Location}{key}: {e.Message}",
    };

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();
}
