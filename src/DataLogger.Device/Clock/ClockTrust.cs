namespace DataLogger.Device.Clock;

/// <summary>Whether readings wait for the clock to be synchronized (the <c>clock</c> setting).</summary>
public enum ClockTrust
{
    /// <summary>Wait until the kernel says a time service has synchronized the clock (the default: a Pi has no real-time clock).</summary>
    Synchronized,

    /// <summary>Trust the clock as it is: a machine with a real-time clock, or tests.</summary>
    Trusted,
}
