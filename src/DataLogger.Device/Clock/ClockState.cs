namespace DataLogger.Device.Clock;

/// <summary>What the kernel says of its clock (<see cref="KernelClock.Ask"/>).</summary>
public enum ClockState
{
    /// <summary>A time service has synchronized it.</summary>
    Synchronized,

    /// <summary>No time service has synchronized it yet (<c>TIME_ERROR</c>): readings wait.</summary>
    Unsynchronized,

    /// <summary>
    /// The kernel could answer, but this process may not ask (<c>EPERM</c>: a system-call filter refuses
    /// <c>clock_adjtime</c>). Never taken for synchronized: readings wait, and the line says why.
    /// </summary>
    Refused,

    /// <summary>This system cannot say (not Linux, no such call): the clock is taken as it is.</summary>
    Unknown,
}
