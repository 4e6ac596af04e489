using DataLogger.Device.Sensors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataLogger.Device.Clock;

/// <summary>
/// No reading is stamped by a clock that is not synchronized: readings are named by their time, so a clock an hour
/// behind would stamp new readings with the times of stored ones. Before the first reading, <c>run</c> and the agent
/// wait for the kernel to say the clock is synchronized (<see cref="KernelClock"/>), with one line saying so; a machine
/// whose clock is right without NTP (a real-time clock) sets the clock trusted.
/// </summary>
public sealed class ClockCheck
{
    readonly Func<ClockState> _ask;
    readonly TimeProvider _time;
    readonly ILogger _logger;

    /// <summary>Creates a check of <paramref name="isSynchronized"/>, polled every <see cref="PollEvery"/> while waiting.</summary>
    public ClockCheck(Func<bool> isSynchronized, TimeProvider? time = null, ILogger? logger = null)
        : this(isSynchronized is null ? null! : () => isSynchronized() ? ClockState.Synchronized : ClockState.Unsynchronized, time, logger)
    {
    }

    /// <summary>Creates a check of what <paramref name="ask"/> says, polled every <see cref="PollEvery"/> while waiting.</summary>
    public ClockCheck(Func<ClockState> ask, TimeProvider? time = null, ILogger? logger = null)
    {
        _ask = ask ?? throw new ArgumentNullException(nameof(ask));
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>A clock that needs no check (a real-time clock, a simulated sensor, tests).</summary>
    public static ClockCheck Trusted { get; } = new(() => true);

    /// <summary>How often the clock is asked again while waiting.</summary>
    public static TimeSpan PollEvery { get; } = TimeSpan.FromSeconds(2);

    /// <summary>The one line said while readings wait for the clock.</summary>
    public const string WaitingMessage = "Waiting for the clock to be synchronized (no NTP yet); readings start when it is";

    /// <summary>
    /// The kernel's check. A system that cannot say (not Linux) counts as synchronized; a kernel that could say but
    /// refuses to be asked (<see cref="ClockState.Refused"/>) never does.
    /// </summary>
    public static ClockCheck Kernel(TimeProvider? time = null, ILogger? logger = null) => new(KernelClock.Ask, time, logger);

    /// <summary>
    /// The check for <paramref name="probes"/>: the kernel's, unless the clock is <see cref="ClockTrust.Trusted"/> or
    /// every probe is simulated (a simulated pool's readings are no one's record).
    /// </summary>
    public static ClockCheck For(ClockTrust trust, IEnumerable<Probe> probes, TimeProvider? time = null, ILogger? logger = null) =>
        trust == ClockTrust.Trusted || probes.All(p => p.IsSimulated)
            ? Trusted
            : Kernel(time, logger);

    /// <summary>Whether the clock is synchronized now.</summary>
    public bool IsSynchronized => State is ClockState.Synchronized or ClockState.Unknown;

    /// <summary>What the clock says now.</summary>
    public ClockState State => _ask();

    /// <summary>Returns once the clock is synchronized; says so once when it has to wait, and tells <paramref name="polled"/> of each look.</summary>
    public async Task WaitAsync(Action? polled, CancellationToken cancellationToken)
    {
        var state = _ask();
        if (state is ClockState.Synchronized or ClockState.Unknown)
        {
            return;
        }

        _logger.LogWarning("{Message}", state == ClockState.Refused ? KernelClock.RefusedMessage : WaitingMessage);
        var started = _time.GetTimestamp();
        while (!IsSynchronized)
        {
            polled?.Invoke();
            await Task.Delay(PollEvery, _time, cancellationToken).ConfigureAwait(false);
        }

        _logger.LogInformation("The clock is synchronized (after {Seconds:0} s): readings start", _time.GetElapsedTime(started).TotalSeconds);
    }
}
