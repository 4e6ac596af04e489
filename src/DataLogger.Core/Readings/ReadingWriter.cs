using System.Globalization;
using DataLogger.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataLogger.Readings;

/// <summary>
/// Stores readings so that a stored reading is never replaced by a different one: each is created at its key only when
/// the key holds nothing (<see cref="IObjectStore.CreateAsync"/>). The same reading again is success (a retried upload
/// stays idempotent); a different one at a taken key (a Pi whose clock came back from a power cut an hour behind,
/// stamping new readings with stored readings' times) is kept aside (<see cref="ReadingKey.AsideKey"/>), neither lost nor
/// over the original, and logged once with both values. An object at the key that is no reading (empty or cut short, a
/// store that lost power mid-write) holds nothing to keep: the reading replaces it. Every writer of readings goes through here: <c>run</c>, the
/// agent's spool, imports.
/// </summary>
public sealed class ReadingWriter(IObjectStore store, ILogger? logger = null)
{
    readonly ILogger _logger = logger ?? NullLogger.Instance;

    /// <summary>Stores <paramref name="reading"/> of <paramref name="series"/>.</summary>
    public Task<StoreOutcome> StoreAsync(string series, Reading reading, CancellationToken cancellationToken = default) =>
        StoreAsync(ReadingKey.For(series, reading), ReadingJson.Encode(reading), cancellationToken);

    /// <summary>Stores the reading object <paramref name="body"/> (a spooled one) at <paramref name="key"/>.</summary>
    public async Task<StoreOutcome> StoreAsync(ReadingKey key, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var text = key.ToString();

        // Created, or there; a key emptied meanwhile (a compaction merged its object into the day's) is tried again.
        for (var attempt = 1; ; attempt++)
        {
            if (await store.CreateAsync(text, body, ReadingJson.ContentType, cancellationToken).ConfigureAwait(false))
            {
                return StoreOutcome.Stored;
            }

            if (await store.GetVersionedAsync(text, cancellationToken).ConfigureAwait(false) is { } existing)
            {
                // The same reading: the same bytes, or both read as the same reading (another writer's spelling of it).
                var (stored, mine) = (TryDecode(existing.Body), TryDecode(body.Span));
                if (existing.Body.AsSpan().SequenceEqual(body.Span) || stored is not null && stored == mine)
                {
                    return StoreOutcome.AlreadyStored;
                }

                if (stored is null)
                {
                    // Not a reading (empty, or cut short by a store that lost power mid-write): nothing to keep, so this
                    // reading takes its place, by compare-and-swap (another writer's reading meanwhile is kept).
                    if (await store.ReplaceAsync(text, body, ReadingJson.ContentType, existing.Version, cancellationToken).ConfigureAwait(false))
                    {
                        _logger.LogWarning("{Key} in {Store} held {Bytes} bytes that are no reading (a write cut short?): replaced by this reading", text, store.Location, existing.Body.Length);
                        return StoreOutcome.Stored;
                    }

                    if (attempt < 3)
                    {
                        continue;
                    }

                    throw new IOException($"{text} in {store.Location} keeps changing: is another program writing there?");
                }

                var aside = key.AsideKey(body.Span);
                await store.CreateAsync(aside, body, ReadingJson.ContentType, cancellationToken).ConfigureAwait(false);
                _logger.LogWarning(
                    "The reading of '{Series}' at {Time:yyyy-MM-dd HH:mm:ss} UTC is already stored as {Stored}; this one, {New}, is kept aside at {Aside}. Readings are stamped by this machine's clock: was it set back?",
                    key.Series, DateTimeOffset.FromUnixTimeSeconds(key.Timestamp), Describe(stored), Describe(mine), aside);
                return StoreOutcome.KeptAside;
            }

            if (attempt == 3)
            {
                throw new IOException($"{text} in {store.Location} keeps appearing and disappearing: is another program writing there?");
            }
        }
    }

    // The same reading: the same bytes, or both read as the same reading (another writer's spelling of it).
    // The reading an object holds, or null for one that is none (empty, cut short, another shape).
    static Reading? TryDecode(ReadOnlySpan<byte> body)
    {
        try
        {
            return ReadingJson.Decode(body);
        }
        catch (ReadingFormatException)
        {
            return null;
        }
    }

    static string Describe(Reading? reading) => reading?.Celsius.ToString("0.000 °C", CultureInfo.InvariantCulture) ?? "an object that is no reading";
}
