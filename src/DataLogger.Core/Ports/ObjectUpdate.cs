namespace DataLogger.Ports;

/// <summary>
/// An object that several writers change, each its own part (<c>latest.json</c> with one summary per series, the site's
/// record of what was drawn), updated by compare-and-swap: read it with its version, change it, store it only if the
/// version is still the same (S3's <c>If-Match</c>), else read again and redo the change. Two series rendered at once
/// no longer lose each other's update.
/// </summary>
public static class ObjectUpdate
{
    /// <summary>How many times an update is tried before it gives up.</summary>
    public const int Attempts = 10;

    /// <summary>
    /// Applies <paramref name="change"/> to the object at <paramref name="key"/> (null when there is none) and stores the
    /// result, retried while another writer changed it meanwhile (a change that changes nothing writes nothing); returns
    /// what is stored and whether it was written.
    /// </summary>
    /// <exception cref="IOException">It kept changing under every try.</exception>
    public static async Task<(byte[] Body, bool Written)> UpdateAsync(IObjectStore store, string key, string contentType, Func<byte[]?, byte[]> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(change);
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            var current = await store.GetVersionedAsync(key, cancellationToken).ConfigureAwait(false);
            var body = change(current?.Body);
            if (current is not null && body.AsSpan().SequenceEqual(current.Body))
            {
                return (body, false); // nothing changed: nothing written
            }

            if (await store.ReplaceAsync(key, body, contentType, current?.Version, cancellationToken).ConfigureAwait(false))
            {
                return (body, true);
            }

            // Another writer got in between: a short, random pause, so two do not collide again at once.
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(10, 50 * attempt)), cancellationToken).ConfigureAwait(false);
        }

        throw new IOException($"{key} in {store.Location} changed under each of {Attempts} updates: is another writer stuck in a loop?");
    }
}
