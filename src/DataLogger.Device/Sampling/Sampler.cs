using DataLogger.Ports;
using DataLogger.Readings;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataLogger.Device.Sampling;

/// <summary>
/// Takes a reading every interval, on the wall clock's multiples of it (:00, :05, :10 for 5 minutes), and hands each
/// to a store. A failed sensor read is logged and counted and gives no reading; it never stops the loop. A reading
/// that has been taken is always handed over, even when a stop is requested meanwhile. Readings never go backwards: a
/// clock stepped back while running (an NTP correction) gives no reading at or before the newest one taken.
/// </summary>
public sealed class Sampler
{
    readonly ISensor _sensor;
    readonly TimeSpan _interval;
    readonly Func<Reading, Task> _store;
    readonly TimeProvider _time;
    readonly ILogger _logger;
    long _taken;
    long _failed;
    long _newest = long.MinValue;
    long _alive;

    /// <summary>Creates a sampler.</summary>
    /// <param name="sensor">The sensor to read.</param>
    /// <param name="interval">The time between readings; at least one second.</param>
    /// <param name="store">What to do with each reading (store it, spool it).</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">Where sensor failures are logged.</param>
    public Sampler(ISensor sensor, TimeSpan interval, Func<Reading, Task> store, TimeProvider? time = null, ILogger? logger = null)
    {
        _sensor = sensor ?? throw new ArgumentNullException(nameof(sensor));
        _interval = interval >= TimeSpan.FromSeconds(1) ? interval : throw new ArgumentOutOfRangeException(nameof(interval), "The interval must be at least one second.");
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _alive = _time.GetTimestamp();
    }

    /// <summary>Told of each failed read (for the counts by reason), after it is logged.</summary>
    public Action<SensorException>? OnFailure { get; init; }

    /// <summary>How many readings were taken and handed over.</summary>
    public long Taken => Interlocked.Read(ref _taken);

    /// <summary>How many sensor reads failed.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>The first multiple of <paramref name="interval"/> (since the Unix epoch) after <paramref name="now"/>.</summary>
    public static DateTimeOffset NextTick(DateTimeOffset now, TimeSpan interval)
    {
        var step = interval.Ticks;
        var since = now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return new DateTimeOffset(DateTimeOffset.UnixEpoch.UtcTicks + ((since / step) + 1) * step, TimeSpan.Zero);
    }

    /// <summary>How long the loop sleeps at most before it looks at the clock again (and shows it is alive: <see cref="Alive"/>).</summary>
    public static TimeSpan WakeEvery { get; } = TimeSpan.FromSeconds(20);

    /// <summary>When the loop was last awake (<see cref="TimeProvider.GetTimestamp"/>), at least every <see cref="WakeEvery"/> while it waits.</summary>
    public long Alive => Interlocked.Read(ref _alive);

    /// <summary>Takes readings until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset? last = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            // After the last tick, never at it again: timers may wake a little early, and the clock may step back.
            var now = _time.GetUtcNow();
            var tick = NextTick(last is { } newest && newest > now ? newest : now, _interval);
            try
            {
                await WaitForAsync(tick, last, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            last = tick;
            try
            {
                await TakeAsync(tick, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return; // a read that hung past the stop's grace: abandoned, said
            }
            catch (Exception e)
            {
                _logger.LogError("The reading of {Time:HH:mm:ss} could not be stored: {Message}", tick, e.Message);
            }
        }
    }

    // Sleeps until the clock reads tick, waking every so often: the clock may be set while it sleeps (back, by NTP: it
    // says so once and waits for the clock to pass the newest reading; forward: it wakes in time).
    async Task WaitForAsync(DateTimeOffset tick, DateTimeOffset? newest, CancellationToken cancellationToken)
    {
        var warned = false;
        for (var wait = tick - _time.GetUtcNow(); wait > TimeSpan.Zero; wait = tick - _time.GetUtcNow())
        {
            Interlocked.Exchange(ref _alive, _time.GetTimestamp());
            if (!warned && wait > _interval && newest is { } before)
            {
                _logger.LogWarning(
                    "The clock went back to {Now:yyyy-MM-dd HH:mm:ss} UTC: no reading until it passes the newest one, taken at {Newest:yyyy-MM-dd HH:mm:ss} UTC",
                    _time.GetUtcNow(), before);
                warned = true;
            }

            await Task.Delay(wait < WakeEvery ? wait : WakeEvery, _time, cancellationToken).ConfigureAwait(false);
        }

        Interlocked.Exchange(ref _alive, _time.GetTimestamp());
    }

    async Task<double> ReadAsync(DateTimeOffset time, CancellationToken stopping)
    {
        var read = _sensor.ReadValueAsync(CancellationToken.None);
        try
        {
            return await read.WaitAsync(stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            try
            {
                return await read.WaitAsync(ReadGrace, _time, CancellationToken.None).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                _logger.LogWarning("The read of {Time:HH:mm:ss} from {Sensor} did not return within {Seconds:0} s of the stop: abandoned (a probe's file that never answers?)", time, _sensor.Description, ReadGrace.TotalSeconds);
                throw new OperationCanceledException(stopping);
            }
        }
    }

    /// <summary>Reads the sensor once and hands the reading, stamped <paramref name="time"/>, to the store.</summary>
    /// <returns>The reading, or null when the sensor failed (the failure is logged).</returns>
    public Task<Reading?> TakeAsync(DateTimeOffset time) => TakeAsync(time, CancellationToken.None);

    /// <summary>
    /// How long a read that has started may still take once a stop is asked for: a DS18B20's read takes under a
    /// second, so a read that has not returned by then has hung (a probe's file that never answers), and the stop does
    /// not wait on it for ever.
    /// </summary>
    public static TimeSpan ReadGrace { get; } = TimeSpan.FromSeconds(5);

    async Task<Reading?> TakeAsync(DateTimeOffset time, CancellationToken stopping)
    {
        if (time.ToUnixTimeSeconds() <= Interlocked.Read(ref _newest))
        {
            _logger.LogWarning("No reading at {Time:HH:mm:ss}: the clock is back before the newest reading, taken at {Newest:HH:mm:ss}", time, DateTimeOffset.FromUnixTimeSeconds(Interlocked.Read(ref _newest)));
            return null;
        }

        Reading reading;
        try
        {
            // Not cancelled: a read that has started finishes, so a stop never loses a reading halfway; only one that
            // is still not back ReadGrace after the stop is abandoned.
            var value = await ReadAsync(time, stopping).ConfigureAwait(false);
            reading = Reading.Create(_sensor.Quantity, time, value, _sensor.Id);
        }
        catch (Exception e) when (e is SensorException or ArgumentOutOfRangeException)
        {
            Interlocked.Increment(ref _failed);
            _logger.LogWarning("No reading at {Time:HH:mm:ss}: {Message}", time, e.Message);
            OnFailure?.Invoke(e as SensorException ?? new SensorException(e.Message, "out_of_range", e));
            return null;
        }

        Interlocked.Exchange(ref _newest, reading.Timestamp);
        await _store(reading).ConfigureAwait(false);
        Interlocked.Increment(ref _taken);
        return reading;
    }
}
