using System.Diagnostics;
using DataLogger.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataLogger.Cli.Hosting;

/// <summary>
/// Runs an action after objects are created, the way the original system's S3 trigger did, but so that a burst of
/// objects (a backfill, a spool drain) makes a few runs, not one per object: a notification while a run is in
/// progress only marks that another run is needed. A notification after a quiet while (a reading every five minutes)
/// runs at once; one that comes within the quiet period of the last run (a burst going on) waits that long for the
/// rest of it. Runs never overlap. A failed run is logged and retried on the next notification; it never ends the loop.
/// </summary>
public sealed class CoalescingPipeline : IDisposable
{
    readonly Func<CancellationToken, Task> _run;
    readonly TimeSpan _quietPeriod;
    readonly ILogger _logger;
    readonly WakeSignal _signal = new();
    int _pending;
    long _lastRunEnded; // a Stopwatch timestamp; 0: no run yet
    long _runs;
    long _failures;

    /// <summary>Creates the pipeline.</summary>
    /// <param name="run">What one run does: query, render, publish.</param>
    /// <param name="quietPeriod">How long a burst is waited for after a run (default 50 ms).</param>
    /// <param name="logger">Where failures are logged.</param>
    public CoalescingPipeline(Func<CancellationToken, Task> run, TimeSpan? quietPeriod = null, ILogger? logger = null)
    {
        _run = run ?? throw new ArgumentNullException(nameof(run));
        _quietPeriod = quietPeriod ?? TimeSpan.FromMilliseconds(50);
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>How many runs have finished (successfully or not).</summary>
    public long Runs => Interlocked.Read(ref _runs);

    /// <summary>How many runs have failed.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Raised after each run, with the error when it failed. For progress and tests.</summary>
    public event EventHandler<Exception?>? RunCompleted;

    /// <summary>Asks for a run: cheap and safe from any thread, however often it is called.</summary>
    public void Notify()
    {
        if (Interlocked.Exchange(ref _pending, 1) == 0)
        {
            _signal.Wake(); // a wake-up already queued takes this notification along
        }
    }

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled, one run per burst of notifications.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await _signal.WaitAsync(cancellationToken).ConfigureAwait(false);
                if (_quietPeriod > TimeSpan.Zero && InBurst())
                {
                    await Task.Delay(_quietPeriod, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }

            // Notifications from here on ask for the next run.
            Interlocked.Exchange(ref _pending, 0);
            await RunOnceAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    // Whether the last run ended within the quiet period: the notification is part of a burst still coming.
    bool InBurst() => Interlocked.Read(ref _lastRunEnded) is var ended and not 0 && Stopwatch.GetElapsedTime(ended) < _quietPeriod;

    /// <summary>Runs once now, logging (not throwing) a failure; returns the failure or null.</summary>
    public async Task<Exception?> RunOnceAsync(CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            await _run(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception e)
        {
            failure = e;
            Interlocked.Increment(ref _failures);
            // What the disk or the query engine says is one line; anything else is a bug, and its trace says where.
            _logger.LogError(e is IOException or UnauthorizedAccessException or System.Data.Common.DbException ? null : e,
                "Publishing the site failed; it will be tried again on the next reading: {Message}", e.Message);
        }

        Interlocked.Exchange(ref _lastRunEnded, Stopwatch.GetTimestamp());
        Interlocked.Increment(ref _runs);
        RunCompleted?.Invoke(this, failure);
        return failure;
    }

    /// <inheritdoc />
    public void Dispose() => _signal.Dispose();
}
