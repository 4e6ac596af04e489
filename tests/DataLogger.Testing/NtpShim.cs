namespace DataLogger.Testing;

/// <summary>
/// A library preloaded into a real executable that answers <c>ntp_adjtime</c> as the kernel does for a clock no time
/// service has synchronized (<c>TIME_ERROR</c>, <c>STA_UNSYNC</c>) until a file exists, then as for a synchronized one:
/// the boot of a Pi without network, and NTP answering later. While another file exists it fails with <c>EPERM</c>, as a
/// systemd unit's system-call filter that refuses <c>clock_adjtime</c> makes it. Built with the machine's C compiler (gcc, installed when
/// missing).
/// </summary>
public sealed class NtpShim
{
    const string Source = """
        #include <errno.h>
        #include <stdlib.h>
        #include <string.h>
        #include <sys/timex.h>
        #include <unistd.h>
        static int synced(void) { const char *f = getenv("NTP_SHIM_SYNCHRONIZED"); return f && access(f, F_OK) == 0; }
        static int refused(void) { const char *f = getenv("NTP_SHIM_REFUSED"); return f && access(f, F_OK) == 0; }
        int ntp_adjtime(struct timex *t) { if (refused()) { errno = EPERM; return -1; } memset(t, 0, sizeof *t); if (synced()) return TIME_OK; t->status = STA_UNSYNC; return TIME_ERROR; }
        int adjtimex(struct timex *t) { return ntp_adjtime(t); }
        """;

    NtpShim(string library, string flag)
    {
        Library = library;
        Flag = flag;
    }

    /// <summary>The library to preload.</summary>
    public string Library { get; }

    /// <summary>The file whose existence says the clock is synchronized.</summary>
    public string Flag { get; }

    /// <summary>Builds the library into <paramref name="folder"/>; the clock starts unsynchronized.</summary>
    public static async Task<NtpShim> BuildAsync(string folder)
    {
        await DebianPackages.EnsureAsync("a C compiler", () => Task.FromResult(File.Exists("/usr/bin/cc")), "gcc", "libc6-dev");
        Directory.CreateDirectory(folder);
        var source = Path.Join(folder, "ntp_shim.c");
        var library = Path.Join(folder, "ntp_shim.so");
        await File.WriteAllTextAsync(source, Source);
        var (exit, output) = await DebianPackages.RunAsync("cc", ["-shared", "-fPIC", "-o", library, source]);
        return exit == 0 ? new NtpShim(library, Path.Join(folder, "synchronized")) : throw new InvalidOperationException($"cc could not build the NTP shim: {output}");
    }

    /// <summary>The environment variable the library reads.</summary>
    public KeyValuePair<string, string> Variable => new("NTP_SHIM_SYNCHRONIZED", Flag);

    /// <summary>The environment variable naming the file whose existence refuses the call (<c>EPERM</c>).</summary>
    public KeyValuePair<string, string> RefusedVariable => new("NTP_SHIM_REFUSED", Flag + ".refused");

    /// <summary>From now on the call is refused, as a system-call filter refuses it.</summary>
    public void Refuse() => File.WriteAllText(RefusedVariable.Value, "EPERM");

    /// <summary>NTP answers: from now on the clock is synchronized.</summary>
    public void Synchronize() => File.WriteAllText(Flag, "yes");
}
