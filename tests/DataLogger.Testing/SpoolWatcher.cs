using System.Collections.Concurrent;

namespace DataLogger.Testing;

/// <summary>
/// Watches a spool folder from outside the agent, every few milliseconds, and remembers every reading it ever saw
/// there: each of them was taken, so each must reach the bucket.
/// </summary>
public sealed class SpoolWatcher : IAsyncDisposable
{
    readonly ConcurrentDictionary<string, bool> _seen = new();
    readonly CancellationTokenSource _stop = new();
    readonly Task _watching;

    public SpoolWatcher(string spool) => _watching = Task.Run(async () =>
    {
        while (!_stop.IsCancellationRequested)
        {
            if (Directory.Exists(spool))
            {
                try
                {
                    foreach (var file in Directory.EnumerateFiles(spool, "*.json", SearchOption.AllDirectories))
                    {
                        _seen.TryAdd(Path.GetRelativePath(spool, file).Replace('\\', '/'), true);
                    }
                }
                catch (IOException)
                {
                    // A file or folder went away while listed: the next pass sees the rest.
                }
            }

            await Task.Delay(5);
        }
    });

    /// <summary>The keys seen in the spool so far.</summary>
    public ICollection<string> Seen => _seen.Keys;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _watching;
        _stop.Dispose();
    }
}
