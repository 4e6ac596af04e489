using DataLogger.Files;

namespace DataLogger.Alerts;

/// <summary>The alerts' state in the data folder (<c>state/alerts.json</c>), written atomically after every change.</summary>
public sealed class AlertStore(string folder)
{
    /// <summary>The file's name in the state folder.</summary>
    public const string FileName = "alerts.json";

    /// <summary>The state file.</summary>
    public string Path { get; } = System.IO.Path.Join(System.IO.Path.GetFullPath(folder), FileName);

    /// <summary>The state kept, or none yet. A damaged file is set aside (<c>alerts.json.damaged</c>) and the state starts over.</summary>
    public AlertBook Load(out string? problem)
    {
        problem = null;
        if (!File.Exists(Path))
        {
            return AlertBook.Empty;
        }

        try
        {
            return AlertBook.Decode(File.ReadAllBytes(Path));
        }
        catch (FormatException e)
        {
            File.Move(Path, Path + ".damaged", overwrite: true);
            problem = $"{e.Message}; it was moved to {Path}.damaged and the alerts start over";
            return AlertBook.Empty;
        }
    }

    /// <summary>Keeps <paramref name="book"/>.</summary>
    public Task SaveAsync(AlertBook book, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(book);
        return AtomicFile.WriteAsync(Path, book.Encode(), cancellationToken: cancellationToken);
    }
}
