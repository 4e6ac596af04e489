using System.Runtime.InteropServices;

namespace DataLogger.Device.Clock;

/// <summary>
/// What the Linux kernel says of its clock: <c>ntp_adjtime</c> returns <c>TIME_ERROR</c> (and sets <c>STA_UNSYNC</c>)
/// while no time service has synchronized it, and systemd-timesyncd, chrony and ntpd clear it once they have. A Pi has
/// no real-time clock: after a power cut it boots with the time fake-hwclock saved, up to an hour behind, and keeps a
/// wrong time until NTP answers.
/// </summary>
/// <remarks>
/// The function is looked up in the process's global scope (where libc is), not in one library, so that a
/// <c>LD_PRELOAD</c>ed replacement is seen: how the tests play an unsynchronized clock on the real executable.
/// </remarks>
public static class KernelClock
{
    // The kernel's clock state for "not synchronized".
    const int TimeError = 5;

    /// <summary>Whether the kernel says its clock is synchronized; null where it cannot say (not Linux, no such function).</summary>
    public static unsafe bool? IsSynchronized()
    {
        if (!OperatingSystem.IsLinux()
            || !NativeLibrary.TryGetExport(NativeLibrary.GetMainProgramHandle(), "ntp_adjtime", out var function))
        {
            return null;
        }

        // struct timex with modes = 0: read only. 208 bytes on 64-bit Linux; room to spare for any layout.
        var timex = stackalloc byte[512];
        new Span<byte>(timex, 512).Clear();
        var state = ((delegate* unmanaged<byte*, int>)function)(timex);
        return state < 0 ? null : state != TimeError;
    }
}
