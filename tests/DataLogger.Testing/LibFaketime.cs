namespace DataLogger.Testing;

/// <summary>
/// Debian's libfaketime (the <c>faketime</c> package, installed when missing) preloaded into a real executable: its
/// wall clock starts at a given time and runs on, and is read again from a file at every look, so a test can step it
/// back or forward while the program runs (as NTP or a reboot with fake-hwclock would). The monotonic clock stays real,
/// so the runtime's timers behave. The thread-safe variant (<c>libfaketimeMT</c>): .NET reads the clock from many
/// threads, and the plain one, reading its file from each, now and then gives one the real time.
/// </summary>
public sealed class LibFaketime
{
    readonly string _file;

    LibFaketime(string library, string file)
    {
        Library = library;
        _file = file;
    }

    /// <summary>The preloaded library.</summary>
    public string Library { get; }

    /// <summary>Installs libfaketime when missing; the clock reads <paramref name="start"/> (UTC) now.</summary>
    public static async Task<LibFaketime> StartingAtAsync(string folder, DateTimeOffset start)
    {
        await DebianPackages.EnsureAsync("libfaketime", () => Task.FromResult(Find() is not null), "faketime");
        var clock = new LibFaketime(Find()!, Path.Join(folder, "faketime.rc"));
        clock.Set(start);
        return clock;
    }

    /// <summary>
    /// Sets the clock: it reads <paramref name="time"/> now, and runs on (an offset from the real clock: libfaketime's
    /// absolute form stands still when read again from its file at every look).
    /// </summary>
    public void Set(DateTimeOffset time) =>
        File.WriteAllText(_file, ((long)Math.Round((time - DateTimeOffset.UtcNow).TotalSeconds)).ToString("+0;-0", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The environment that puts a program on this clock, with <paramref name="alsoPreload"/> preloaded beside it.</summary>
    public Dictionary<string, string> Environment(params string[] alsoPreload) => new()
    {
        ["LD_PRELOAD"] = string.Join(':', [Library, .. alsoPreload]),
        ["FAKETIME_TIMESTAMP_FILE"] = _file,
        ["FAKETIME_NO_CACHE"] = "1",
        ["FAKETIME_DONT_FAKE_MONOTONIC"] = "1",
        ["TZ"] = "UTC",
    };

    static string? Find() =>
        Directory.Exists("/usr/lib")
            ? Directory.EnumerateFiles("/usr/lib", "libfaketimeMT.so.1", new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 3 }).FirstOrDefault()
            : null;
}
