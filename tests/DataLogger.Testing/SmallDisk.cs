namespace DataLogger.Testing;

/// <summary>
/// A real small file system for the tests of a full or read-only disk: a tmpfs of a given size mounted on a folder
/// (which needs root, as the suite's package installs do), filled up, freed, remounted read-only and back, as a worn
/// SD card is. Unmounted when disposed.
/// </summary>
public sealed class SmallDisk : IAsyncDisposable
{
    SmallDisk(string folder) => Folder = folder;

    /// <summary>The mounted folder.</summary>
    public string Folder { get; }

    string Filler => Path.Join(Folder, ".filler");

    /// <summary>Mounts a tmpfs of <paramref name="kilobytes"/> KiB on <paramref name="folder"/>.</summary>
    /// <exception cref="InvalidOperationException">The machine does not allow it; the message says what is needed.</exception>
    public static async Task<SmallDisk> MountAsync(string folder, int kilobytes)
    {
        Directory.CreateDirectory(folder);
        var (exit, output) = await RunAsync("mount", "-t", "tmpfs", "-o", $"size={kilobytes}k", "tmpfs", folder);
        return exit == 0
            ? new SmallDisk(folder)
            : throw new InvalidOperationException($"a small file system for the disk-full tests could not be mounted (run the tests as root, where mount -t tmpfs is allowed): {output.Trim()}");
    }

    /// <summary>Fills the disk: nothing more can be written.</summary>
    public async Task FillAsync()
    {
        await RunAsync("dd", "if=/dev/zero", $"of={Filler}", "bs=4k");
        await RunAsync("sync");
    }

    /// <summary>Frees what <see cref="FillAsync"/> took.</summary>
    public void Free() => File.Delete(Filler);

    /// <summary>Remounts it read-only (<paramref name="readOnly"/>) or read-write, as the kernel does a failing card.</summary>
    public async Task RemountAsync(bool readOnly)
    {
        var (exit, output) = await RunAsync("mount", "-o", readOnly ? "remount,ro" : "remount,rw", Folder);
        if (exit != 0)
        {
            throw new InvalidOperationException($"could not remount {Folder}: {output.Trim()}");
        }
    }

    public async ValueTask DisposeAsync() => await RunAsync("umount", "-l", Folder);

    static Task<(int Exit, string Output)> RunAsync(string file, params string[] args) => DebianPackages.RunAsync(file, args);
}
