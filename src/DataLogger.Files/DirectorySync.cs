using System.Runtime.InteropServices;

namespace DataLogger.Files;

/// <summary>
/// Flushes a directory's entries to disk, so that a rename survives a power cut. .NET has no API for it, so on
/// Linux and macOS this opens the directory and calls <c>fsync</c>; elsewhere it does nothing.
/// </summary>
static partial class DirectorySync
{
    const int ReadOnly = 0;

    /// <summary>Flushes the entries of <paramref name="directory"/>; best effort, never throws.</summary>
    public static void Flush(string directory)
    {
        if (!(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()))
        {
            return;
        }

        var fd = Open(directory, ReadOnly);
        if (fd < 0)
        {
            return;
        }

        _ = FSync(fd);
        _ = Close(fd);
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int FSync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
