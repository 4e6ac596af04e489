using System.Globalization;
namespace DataLogger.Files;

/// <summary>
/// Writes files so that a crash at any moment leaves either the old file or the new one, never a part: the body goes
/// to a hidden temporary file in the same folder (<c>.NAME.PID-GUID.tmp</c>, the writer's process id in it), is flushed to disk, and is renamed over the
/// final name; then the folder is flushed, so the rename survives a power cut too. The one owner of that recipe and
/// of the temporary names, for the local bucket, the spool and the compactor.
/// </summary>
public static class AtomicFile
{
    /// <summary>The pattern of the temporary files a killed writer may leave behind.</summary>
    public const string TemporaryPattern = ".*.tmp";

    /// <summary>A new temporary path beside <paramref name="path"/>, hidden (its name starts with <c>.</c>).</summary>
    public static string TemporaryPathFor(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Path.Join(Path.GetDirectoryName(path), string.Create(CultureInfo.InvariantCulture, $".{Path.GetFileName(path)}.{Environment.ProcessId}-{Guid.NewGuid():N}.tmp"));
    }

    /// <summary>
    /// Removes the temporary files below <paramref name="root"/> whose writer is gone (killed between write and rename):
    /// those named by a process that no longer runs, and those without a process id in their name (an older version's)
    /// once they are <paramref name="unnamedAfter"/> old. Safe while other processes write there: a live writer's file
    /// is never touched. Returns how many were removed.
    /// </summary>
    public static int RemoveLeftoversOfDeadWriters(string root, TimeSpan unnamedAfter)
    {
        if (!Directory.Exists(root))
        {
            return 0;
        }

        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(root, TemporaryPattern, SearchOption.AllDirectories))
        {
            var dead = WriterOf(file) is { } pid
                ? !IsRunning(pid)
                : DateTime.UtcNow - File.GetLastWriteTimeUtc(file) > unnamedAfter;
            if (dead)
            {
                TryDelete(file);
                removed++;
            }
        }

        return removed;
    }

    // The process id in a temporary file's name (.NAME.PID-GUID.tmp), or null.
    static int? WriterOf(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        var token = name[(name.LastIndexOf('.') + 1)..];
        var dash = token.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 && int.TryParse(token.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }

    static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false; // no such process
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// Writes <paramref name="body"/> to <paramref name="path"/> atomically, creating its folder when needed.
    /// </summary>
    /// <param name="path">The final path.</param>
    /// <param name="body">The bytes.</param>
    /// <param name="durable">Whether to flush the file and its folder to disk (the default); without it the write is still atomic for other processes.</param>
    /// <param name="beforeRename">Test seam: runs with the temporary path after it is written and before it is renamed (a crash point).</param>
    /// <param name="cancellationToken">Cancels the write (the temporary file is removed).</param>
    public static async Task WriteAsync(string path, ReadOnlyMemory<byte> body, bool durable = true, Action<string>? beforeRename = null, CancellationToken cancellationToken = default) =>
        await WriteCoreAsync(path, body, durable, beforeRename, replace: true, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Writes <paramref name="body"/> to <paramref name="path"/> as <see cref="WriteAsync(string, ReadOnlyMemory{byte}, bool, Action{string}?, CancellationToken)"/>
    /// does, but only when no file is there: the rename refuses to replace one (<see cref="NoReplace"/>), so of two
    /// writers at once exactly one creates the file. Returns false, writing nothing, when a file was there.
    /// </summary>
    public static Task<bool> CreateAsync(string path, ReadOnlyMemory<byte> body, bool durable = true, CancellationToken cancellationToken = default) =>
        WriteCoreAsync(path, body, durable, beforeRename: null, replace: false, cancellationToken);

    static async Task<bool> WriteCoreAsync(string path, ReadOnlyMemory<byte> body, bool durable, Action<string>? beforeRename, bool replace, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = TemporaryPathFor(path);
        try
        {
            var stream = new FileStream(temp, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                PreallocationSize = body.Length,
                Options = FileOptions.Asynchronous,
            });
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(body, cancellationToken).ConfigureAwait(false);
                if (durable)
                {
                    stream.Flush(flushToDisk: true);
                }
            }

            beforeRename?.Invoke(temp);
            if (replace)
            {
                File.Move(temp, path, overwrite: true);
            }
            else if (!NoReplace.TryMove(temp, path))
            {
                TryDelete(temp);
                return false;
            }
        }
        catch
        {
            TryDelete(temp);
            throw;
        }

        if (durable)
        {
            DirectorySync.Flush(directory);
        }

        return true;
    }

    /// <summary>
    /// Puts a finished temporary file (written by another writer, such as DuckDB's <c>COPY</c>) in place: flushes it,
    /// renames it over <paramref name="path"/> and flushes the folder.
    /// </summary>
    public static void Commit(string temporaryPath, string path)
    {
        using (var file = new FileStream(temporaryPath, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Flush(flushToDisk: true);
        }

        File.Move(temporaryPath, path, overwrite: true);
        DirectorySync.Flush(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>
    /// Deletes <paramref name="path"/> (nothing when it is not there), then the folders above it that became empty, up
    /// to but not including <paramref name="root"/>.
    /// </summary>
    public static void DeleteAndPrune(string path, string root)
    {
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            return; // nor its folder: nothing to delete, nothing to prune
        }

        var top = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        for (var folder = Path.GetDirectoryName(Path.GetFullPath(path)); folder is not null && folder.Length > top.Length; folder = Path.GetDirectoryName(folder))
        {
            try
            {
                Directory.Delete(folder); // only when empty
            }
            catch (IOException)
            {
                break; // not empty (or another writer is filling it)
            }
            catch (UnauthorizedAccessException)
            {
                break;
            }
        }
    }

    /// <summary>
    /// Removes the temporary files a killed writer left below <paramref name="root"/>. Only call it when no other
    /// process writes there (the agent's spool, which it locks); returns how many were removed.
    /// </summary>
    public static int RemoveLeftovers(string root)
    {
        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(root, TemporaryPattern, SearchOption.AllDirectories))
        {
            TryDelete(file);
            removed++;
        }

        return removed;
    }

    /// <summary>Deletes a file, ignoring failure (a temporary file that could not be removed is swept later).</summary>
    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
