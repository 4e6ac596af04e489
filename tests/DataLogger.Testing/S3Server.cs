using System.Diagnostics;
using System.Text.Json;

namespace DataLogger.Testing;

/// <summary>
/// A real S3-compatible server for tests: npm's <c>@20minutes/s3rver@4.0.4</c> on 127.0.0.1, started from node on a
/// free port with its own folder, installed into a shared cache folder when it is missing. Can be stopped and started
/// again on the same port, to play an outage. Access key and secret are both <c>S3RVER</c>.
/// </summary>
/// <remarks>
/// s3rver 4.0.4 ignores the conditional headers of a PUT (it honours <c>If-None-Match</c> on GET only, with 304): a PUT
/// with <c>If-None-Match: *</c> replaces the object. S3 answers such a write 412 when the key exists, and a PUT with
/// <c>If-Match</c> 412 when the ETag differs (404 when there is no object). So this fixture puts S3's rules in front of
/// it (<see cref="ConditionalWrites"/>), each key's conditional writes one at a time, as S3 decides them atomically.
/// </remarks>
public sealed class S3Server : IAsyncDisposable
{
    public const string Package = "@20minutes/s3rver@4.0.4";
    public const string AccessKey = "S3RVER";
    public const string Bucket = "data";
    public const string SiteBucket = "site";
    public const string ResultsBucket = "results";

    // Koa middleware run before s3rver's own: S3's conditional writes (If-None-Match: *, If-Match: ETag) on object PUTs.
    const string ConditionalWrites = """
        const queues = new Map();
        server.middleware.unshift(async (ctx, next) => {
          const noneMatch = ctx.get('if-none-match'), match = ctx.get('if-match');
          const conditional = ctx.method === 'PUT' && (noneMatch || match) && !ctx.querystring;
          // S3 shows an object whole or not at all; s3rver streams its file as it is rewritten. So a key's reads and
          // conditional writes go one at a time.
          if (!conditional && !((ctx.method === 'GET' || ctx.method === 'HEAD') && !ctx.querystring)) return next();
          const [bucket, ...rest] = ctx.path.slice(1).split('/').map(decodeURIComponent);
          const id = bucket + '/' + rest.join('/');
          const before = queues.get(id) || Promise.resolve();
          let done;
          const mine = before.then(() => new Promise(resolve => done = resolve));
          queues.set(id, mine);
          await before;
          try {
            if (!conditional) {
              await next();
              if (ctx.body && typeof ctx.body.pipe === 'function') { // read whole while the key is held
                const chunks = [];
                for await (const chunk of ctx.body) chunks.push(chunk);
                ctx.body = Buffer.concat(chunks);
              }
              return;
            }
            let etag = null;
            try { etag = (await server.store.getMetadata(bucket, rest.join('/'))).etag; } catch { }
            const refuse = (code, status, message) => {
              ctx.status = status; ctx.type = 'application/xml';
              ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
            };
            if (noneMatch === '*' && etag !== null) return refuse('PreconditionFailed', 412, 'At least one of the pre-conditions you specified did not hold');
            if (match && etag === null) return refuse('NoSuchKey', 404, 'The specified key does not exist.');
            if (match && match !== '*' && match !== etag) return refuse('PreconditionFailed', 412, 'At least one of the pre-conditions you specified did not hold');
            // A client that goes away mid-body (an agent stopped while uploading) leaves s3rver waiting for the rest
            // for ever: the key is let go then, as S3 drops an incomplete upload.
            const gone = new Promise(resolve => {
              ctx.req.on('aborted', resolve);
              ctx.req.on('close', () => { if (!ctx.req.complete) resolve(); });
            });
            await Promise.race([next(), gone]);
          } finally {
            done();
            if (queues.get(id) === mine) queues.delete(id);
          }
        });
        """;

    // Koa middleware run first: while the fault file holds {status, code, message}, every request is answered that
    // S3 error (a wrong key, an expired token, a skewed clock), as S3 would, until the file is removed.
    const string Faults = """
        const fs = require('fs');
        server.middleware.unshift(async (ctx, next) => {
          let fault;
          try { fault = JSON.parse(fs.readFileSync(faultFile, 'utf8')); } catch { return next(); }
          ctx.status = fault.status; ctx.type = 'application/xml';
          // RequestTimeTooSkewed carries the times, as S3's does (the SDK corrects its clock from them).
          const times = fault.code === 'RequestTimeTooSkewed'
            ? `<RequestTime>${ctx.get('x-amz-date')}</RequestTime><ServerTime>${new Date().toISOString()}</ServerTime><MaxAllowedSkewMilliseconds>900000</MaxAllowedSkewMilliseconds>`
            : '';
          ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${fault.code}</Code><Message>${fault.message}</Message>${times}<RequestId>fault</RequestId></Error>`;
        });
        """;

    readonly string _directory;
    Process? _process;

    S3Server(string directory) => _directory = directory;

    public int Port { get; private set; }

    public Uri Endpoint => new($"http://127.0.0.1:{Port}");

    /// <summary>Installs (when needed) and starts a server with the bucket <see cref="Bucket"/>.</summary>
    public static async Task<S3Server> StartAsync(string directory)
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", AccessKey);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", AccessKey);
        var server = new S3Server(directory);
        await server.StartAsync(port: 0);
        return server;
    }

    string FaultFile => _directory.TrimEnd('/') + ".fault";

    /// <summary>From now on, answers every request with this S3 error (until <see cref="Heal"/>).</summary>
    public void Fail(int status, string code, string message) =>
        File.WriteAllText(FaultFile, JsonSerializer.Serialize(new Dictionary<string, object> { ["status"] = status, ["code"] = code, ["message"] = message }));

    /// <summary>Answers as S3 again.</summary>
    public void Heal() => File.Delete(FaultFile);

    /// <summary>Starts the server again on the same port and folder, after <see cref="StopAsync"/>.</summary>
    public Task RestartAsync() => StartAsync(Port);

    async Task StartAsync(int port)
    {
        var modules = await InstallAsync();
        Directory.CreateDirectory(_directory);
        var script = $$"""
            const S3rver = require('@20minutes/s3rver');
            const server = new S3rver({ address: '127.0.0.1', port: {{port}}, directory: {{JsonSerializer.Serialize(_directory)}}, silent: true,
              allowMismatchedSignatures: true, configureBuckets: [{ name: '{{Bucket}}' }, { name: '{{SiteBucket}}' }, { name: '{{ResultsBucket}}' }] });
            {{ConditionalWrites}}
            const faultFile = {{JsonSerializer.Serialize(FaultFile)}};
            {{Faults}}
            server.run().then(address => console.log(JSON.stringify(address)), error => { console.error(error.message); process.exit(1); });
            process.on('SIGTERM', () => server.close().finally(() => process.exit(0)));
            """;
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        // s3rver makes its continuation tokens with DES, which Node 17+ (OpenSSL 3) only offers with the legacy provider:
        // without it, listing past 1,000 keys answers 500.
        start.ArgumentList.Add("--openssl-legacy-provider");
        start.ArgumentList.Add("-e");
        start.ArgumentList.Add(script);
        start.Environment["NODE_PATH"] = modules;
        _process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var line = await _process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (line is null)
        {
            throw new InvalidOperationException($"the S3 server did not start: {await _process.StandardError.ReadToEndAsync()}");
        }

        using var address = JsonDocument.Parse(line);
        Port = address.RootElement.GetProperty("port").GetInt32();
    }

    /// <summary>Stops the server (an outage); its objects stay in its folder.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>The node_modules folder that holds s3rver.</summary>
    static Task<string> InstallAsync() => NpmPackages.InstallAsync("s3rver-4.0.4", "@20minutes/s3rver/package.json", Package);
}
