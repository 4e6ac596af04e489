using System.Collections.Concurrent;
using System.IO.Compression;
using System.Threading.RateLimiting;

namespace DataLogger.Ingest;

/// <summary>
/// The requests a device may make a minute (a fixed window a device, no queue), and the largest body taken: the two
/// limits both ingest hosts keep. On AWS each warm instance of the function keeps its own window.
/// </summary>
/// <param name="perMinute">Requests a device may make a minute.</param>
/// <param name="maxBytes">The largest body taken.</param>
/// <param name="settingNames">How the two settings are spelt where the user sets them, for the refusals' lines.</param>
public sealed class IngestLimits(int perMinute, int maxBytes, (string PerMinute, string MaxBytes) settingNames)
{
    readonly ConcurrentDictionary<string, RateLimiter> _windows = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, RateLimiter> _guesses = new(StringComparer.Ordinal);

    /// <summary>The requests a device may make a minute.</summary>
    public int PerMinute => perMinute;

    /// <summary>The largest body taken.</summary>
    public int MaxBytes => maxBytes;

    /// <summary>Takes one of <paramref name="device"/>'s requests of this minute.</summary>
    /// <exception cref="IngestRefusedException">It has made its requests for this minute (429).</exception>
    public void Take(IngestDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        using var lease = _windows.GetOrAdd(device.Token, _ => new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions
        {
            PermitLimit = perMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        })).AttemptAcquire();
        if (!lease.IsAcquired)
        {
            throw new IngestRefusedException(429, $"too many requests from '{device.Name}': at most {perMinute} a minute ({settingNames.PerMinute})");
        }
    }

    /// <summary>Wrong tokens one address may send a minute; past them, every request from it is refused until the minute is over.</summary>
    public const int WrongTokensPerMinute = 10;

    /// <summary>
    /// Whether <paramref name="client"/> (an address) has sent <see cref="WrongTokensPerMinute"/> wrong tokens this minute:
    /// its requests are then refused (429) before their token is looked at, so a token cannot be guessed at speed.
    /// </summary>
    /// <exception cref="IngestRefusedException">It has (429).</exception>
    public void CheckGuessing(string client)
    {
        if (_guesses.TryGetValue(client, out var window) && window.GetStatistics()?.CurrentAvailablePermits == 0)
        {
            throw new IngestRefusedException(429, $"too many wrong tokens from {client}: at most {WrongTokensPerMinute} a minute; wait a minute and send the device's own token");
        }
    }

    /// <summary>Counts a wrong token from <paramref name="client"/> (see <see cref="CheckGuessing"/>).</summary>
    public void WrongToken(string client)
    {
        if (_guesses.Count > 10_000)
        {
            _guesses.Clear(); // a bound on what many addresses can make it keep
        }

        using var lease = _guesses.GetOrAdd(client, _ => new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions
        {
            PermitLimit = WrongTokensPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        })).AttemptAcquire();
    }

    /// <summary>The refusal of a body over <see cref="MaxBytes"/> (413), as sent or once inflated.</summary>
    public IngestRefusedException TooLarge(bool inflated = false) =>
        new(413, $"the body is over {maxBytes} bytes ({settingNames.MaxBytes}){(inflated ? " once inflated" : string.Empty)}: send fewer readings at once");

    /// <summary>
    /// <paramref name="request"/> with its body inflated when it came compressed (<c>Content-Encoding: gzip</c>, the default
    /// of Telegraf's InfluxDB outputs), held to the same <see cref="MaxBytes"/> as it inflates: a small body that inflates
    /// to gigabytes (a gzip bomb) is refused (413) once it passes the limit, having cost that much memory and no more.
    /// </summary>
    /// <exception cref="IngestRefusedException">Over the limit once inflated (413), not gzip (400), or another encoding (415).</exception>
    public IngestRequest Inflated(IngestRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        switch (request.ContentEncoding?.Trim().ToLowerInvariant())
        {
            case null or "" or "identity":
                return request;
            case "gzip" or "x-gzip":
                break;
            case var other:
                throw new IngestRefusedException(415, $"the body's Content-Encoding is '{other}': send it as it is, or with gzip");
        }

        using var gzip = new GZipStream(new MemoryStream(request.Body.ToArray(), writable: false), CompressionMode.Decompress);
        using var inflated = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            for (var n = gzip.Read(chunk); n > 0; n = gzip.Read(chunk))
            {
                inflated.Write(chunk, 0, n);
                if (inflated.Length > maxBytes)
                {
                    throw TooLarge(inflated: true);
                }
            }
        }
        catch (InvalidDataException e)
        {
            throw new IngestRefusedException($"the body is not gzip, as its Content-Encoding says ({e.Message})", e);
        }

        return request with { Body = inflated.ToArray(), ContentEncoding = null };
    }
}
