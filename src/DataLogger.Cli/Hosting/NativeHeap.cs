using System.Runtime.InteropServices;

namespace DataLogger.Cli.Hosting;

/// <summary>
/// Hands the C heap's free memory back to the system after an update. DuckDB and Skia allocate through it (a chart's
/// 8 MB of pixels on each drawing thread), and glibc keeps what they free in each thread's arena, raising its own
/// threshold for mapping large blocks apart once one is freed: a long-running <c>run</c> would hold every
/// thread's largest drawing until the next. <c>malloc_trim</c> returns it; where there is none (not glibc) nothing is done.
/// </summary>
static class NativeHeap
{
    static bool _missing = !OperatingSystem.IsLinux();

    /// <summary>Returns the C heap's free memory to the system; best effort, never throws.</summary>
    public static void Trim()
    {
        if (_missing)
        {
            return;
        }

        try
        {
            _ = MallocTrim(0);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            _missing = true;
        }
    }

    // A blittable signature: no marshalling (DllImport, not LibraryImport, needs no unsafe code in this project).
    [DllImport("libc", EntryPoint = "malloc_trim", ExactSpelling = true)]
    static extern int MallocTrim(nuint pad);
}
