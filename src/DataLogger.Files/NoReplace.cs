using System.Runtime.InteropServices;

namespace DataLogger.Files;

/// <summary>
/// Moves a file to a name only when nothing has that name, atomically: <c>link(2)</c>, which the kernel refuses with
/// <c>EEXIST</c> when the name is taken (two writers at once: exactly one wins), then the source unlinked. .NET's own
/// <c>File.Move</c> without overwrite checks and then renames, which two writers can both pass. Where the file system
/// has no hard links (FAT), or on Windows, it falls back to that.
/// </summary>
static partial class NoReplace
{
    // The same number on Linux and macOS.
    const int AlreadyExists = 17;

    /// <summary>Moves <paramref name="source"/> to <paramref name="destination"/>; false, moving nothing, when something is there.</summary>
    public static bool TryMove(string source, string destination)
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            if (Link(source, destination) == 0)
            {
                File.Delete(source);
                return true;
            }

            if (Marshal.GetLastPInvokeError() == AlreadyExists)
            {
                return false;
            }
        }

        try
        {
            File.Move(source, destination, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(destination))
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Link(string source, string destination);
}
