using System.Runtime.InteropServices;

namespace DataLogger.Device.Clock;

/// <summary>
/// What the Linux kernel says of its clock: <c>ntp_adjtime</c> returns <c>TIME_ERROR</c> (and sets <c>STA_UNSYNC</c>)
/// while no time service has synchronized it, and systemd-timesyncd, chrony and ntpd clear it once they have. A Pi has
/// no real-time clock: after a power cut it boots with the time fake-hwclock saved, up to an hour behind, and keeps a
/// wrong time until NTP answers.
/// </summary>
/// <remarks>
/// glibc's <c>ntp_adjtime</c> is the <c>clock_adjtime</c> system call (glibc 2.36 and later; <c>adjtimex</c> before),
/// asked read-only (<c>modes = 0</c>, no capability needed): the units allow both. The function is looked up in the
/// process's global scope (where libc is), not in one library, so that a <c>LD_PRELOAD</c>ed replacement is seen: how
/// the tests play an unsynchronized clock, and a refused call, on the real executable.
/// </remarks>
public static class KernelClock
{
    // The kernel's clock state for "not synchronized".
    const int TimeError = 5;

    // errno for "operation not permitted" (a seccomp filter's answer).
    const int PermissionDenied = 1;

    /// <summary>What the kernel says of its clock now.</summary>
    public static unsafe ClockState Ask()
    {
        if (!OperatingSystem.IsLinux()
            || !NativeLibrary.TryGetExport(NativeLibrary.GetMainProgramHandle(), "ntp_adjtime", out var function))
        {
            return ClockState.Unknown;
        }

        // struct timex with modes = 0: read only. 208 bytes on 64-bit Linux; room to spare for any layout.
        var timex = stackalloc byte[512];
        new Span<byte>(timex, 512).Clear();
        Marshal.SetLastSystemError(0);
        var state = ((delegate* unmanaged[SuppressGCTransition]<byte*, int>)function)(timex);
        var error = Marshal.GetLastSystemError();
        return state switch
        {
            >= 0 => state == TimeError ? ClockState.Unsynchronized : ClockState.Synchronized,
            _ when error == PermissionDenied => ClockState.Refused,
            _ => ClockState.Unknown,
        };
    }

    /// <summary>Why a refused question is refused, and what to do: the line <c>run</c>, the agent and <c>doctor</c> say.</summary>
    public const string RefusedMessage =
        "The kernel's clock cannot be asked whether it is synchronized (ntp_adjtime: operation not permitted: a system-call filter refuses clock_adjtime), so readings wait: allow clock_adjtime in the unit's SystemCallFilter (the package's units do), or set \"clock\": \"trusted\" on a machine with a real-time clock";
}
