using DataLogger.Ports;
using DataLogger.Readings;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataLogger.Device.Spooling;

/// <summary>
/// Uploads the spool to the object store, oldest first, a few at a time, removing each reading only after the store
/// confirmed it. Idempotent: a reading's key is its object's key, and it is created only where nothing is
/// (<see cref="ReadingWriter"/>), so an upload retried after a crash finds itself there; a different reading at its key
/// stays, and this one is kept aside.
/// </summary>
public sealed class SpoolDrainer(Spool spool, IObjectStore store, int concurrency = 4, ILogger? logger = null)
{
    readonly ILogger _logger = logger ?? NullLogger.Instance;
    readonly ReadingWriter _writer = new(store, logger);

    /// <summary>How many uploads run at once.</summary>
    public int Concurrency { get; } = Math.Max(1, concurrency);

    /// <summary>
    /// Uploads what the spool holds now. Stops at the first failure (the rest stay spooled for the next try) and
    /// reports it rather than throwing.
    /// </summary>
    public async Task<DrainResult> DrainAsync(IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var pending = spool.Pending();
        var uploaded = 0;
        Exception? failure = null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = stop.Token }, async (key, ct) =>
            {
                var body = await spool.ReadAsync(key, ct).ConfigureAwait(false);
                if (body is not null)
                {
                    try
                    {
                        var parsed = ReadingKey.TryParse(key, out var k) ? k! : throw new InvalidDataException($"'{key}' in the spool is not a reading key");
                        await _writer.StoreAsync(parsed, body, ct).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                    {
                        Interlocked.CompareExchange(ref failure, e, null);
                        await stop.CancelAsync().ConfigureAwait(false);
                        return;
                    }

                    spool.Remove(key);
                    Interlocked.Increment(ref uploaded);
                }

                progress?.Report(1);
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (failure is not null && !cancellationToken.IsCancellationRequested)
        {
            // Stopped by the first failure: reported below.
        }

        if (failure is not null)
        {
            _logger.LogWarning("Upload to {Store} failed after {Uploaded} readings; {Left} stay spooled: {Message}", store.Location, uploaded, spool.Count, failure.Message);
        }

        return new DrainResult(uploaded, spool.Count, failure);
    }
}
