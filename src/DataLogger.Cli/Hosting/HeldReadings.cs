using DataLogger.Readings;
using Microsoft.Extensions.Logging;

namespace DataLogger.Cli.Hosting;

/// <summary>
/// <c>run</c>'s readings that the data folder would not take (its disk full, or remounted read-only by the kernel): kept
/// in memory, in order, up to <see cref="Capacity"/>, said once in one line, and stored before the next reading as soon as
/// the folder takes them again, as the agent's spool does. A reading that was taken is not lost for a disk that is full
/// for a while.
/// </summary>
sealed class HeldReadings(Func<string, Reading, Task> store, ILogger logger) : IDisposable
{
    /// <summary>How many readings wait in memory at most: a week of one probe at 5-minute intervals.</summary>
    public const int Capacity = 2016;

    readonly Queue<(string Series, Reading Reading)> _held = new();
    readonly SemaphoreSlim _gate = new(1, 1);
    int _count;

    /// <summary>How many readings wait in memory.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Whether <paramref name="e"/> is the data folder refusing a write (full, read-only, its permissions).</summary>
    public static bool IsRefusal(Exception e) => e is IOException or UnauthorizedAccessException;

    /// <summary>
    /// Stores the readings held before, then <paramref name="reading"/>; returns those stored now, oldest first. While the
    /// folder refuses, the rest wait here (the oldest dropped, and said, past <see cref="Capacity"/>).
    /// </summary>
    public async Task<IReadOnlyList<(string Series, Reading Reading)>> StoreAsync(string series, Reading reading)
    {
        if (Count == 0)
        {
            try
            {
                await store(series, reading).ConfigureAwait(false);
                return [(series, reading)];
            }
            catch (Exception e) when (IsRefusal(e))
            {
                return await HoldAsync(series, reading, e).ConfigureAwait(false);
            }
        }

        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            Enqueue(series, reading);
            return await DrainAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stores the readings held before, while the folder takes them; returns those stored now.</summary>
    public async Task<IReadOnlyList<(string Series, Reading Reading)>> RetryAsync()
    {
        if (Count == 0)
        {
            return [];
        }

        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            return await DrainAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    async Task<IReadOnlyList<(string, Reading)>> HoldAsync(string series, Reading reading, Exception e)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_held.Count == 0)
            {
                logger.LogError("The data folder takes no reading ({Reason}): readings wait in memory (up to {Capacity:N0}) and are stored as soon as it does", e.Message, Capacity);
            }

            Enqueue(series, reading);
            return [];
        }
        finally
        {
            _gate.Release();
        }
    }

    void Enqueue(string series, Reading reading)
    {
        _held.Enqueue((series, reading));
        if (_held.Count > Capacity)
        {
            var (lost, oldest) = _held.Dequeue();
            logger.LogCritical("More than {Capacity:N0} readings wait in memory: the oldest, of '{Series}' at {Time:u}, is dropped", Capacity, lost, oldest.Time);
        }

        Volatile.Write(ref _count, _held.Count);
    }

    // Stores the held readings, oldest first, while the folder takes them (under the gate).
    async Task<IReadOnlyList<(string, Reading)>> DrainAsync()
    {
        var stored = new List<(string, Reading)>();
        while (_held.TryPeek(out var next))
        {
            try
            {
                await store(next.Series, next.Reading).ConfigureAwait(false);
            }
            catch (Exception e) when (IsRefusal(e))
            {
                break;
            }

            _held.Dequeue();
            stored.Add(next);
        }

        Volatile.Write(ref _count, _held.Count);
        if (_held.Count == 0 && stored.Count > 0)
        {
            logger.LogInformation("The data folder takes readings again: {Count} that waited in memory are stored", stored.Count);
        }

        return stored;
    }

    public void Dispose() => _gate.Dispose();
}
