using System.Text.Json;
using DataLogger.Ports;
using DataLogger.Site;

namespace DataLogger.Charts.Site;

/// <summary>
/// The site's record of itself, as the host keeps it between runs: <see cref="SiteFiles.ViewState"/> in the site's store (the site folder
/// locally, the site bucket in AWS). When each view of each series was last drawn (read with <see cref="ViewSchedule.Due"/>),
/// and a hash of each file as it was last written, so a file that has not changed (the fonts, their licences, a page
/// whose readings did not change) is not written again. A missing or damaged record only means every view is drawn
/// and every file written again.
/// </summary>
public sealed class ViewState
{
    const string FilesEntry = "files";

    readonly Dictionary<string, DateTimeOffset> _drawn;
    readonly Dictionary<string, string> _files;

    ViewState(Dictionary<string, DateTimeOffset> drawn, Dictionary<string, string>? files = null)
    {
        _drawn = drawn;
        _files = files ?? new(StringComparer.Ordinal);
    }

    /// <summary>A state in which nothing was drawn yet.</summary>
    public static ViewState Empty => new([]);

    /// <summary>The hash of each file of the site as it was last written, by name.</summary>
    public IReadOnlyDictionary<string, string> Files => _files;

    /// <summary>The hash <see cref="Files"/> keeps of <paramref name="file"/>: SHA-256 of its media type and bytes.</summary>
    public static string HashOf(SiteFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes(file.ContentType + "\n"));
        hash.AppendData(file.Body.Span);
        return Convert.ToBase64String(hash.GetHashAndReset());
    }

    /// <summary>This state with <paramref name="files"/> recorded as written (name and <see cref="HashOf"/>).</summary>
    public ViewState WithFiles(IEnumerable<KeyValuePair<string, string>> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var recorded = new Dictionary<string, string>(_files, StringComparer.Ordinal);
        foreach (var (name, hash) in files)
        {
            recorded[name] = hash;
        }

        return new ViewState(new Dictionary<string, DateTimeOffset>(_drawn, StringComparer.Ordinal), recorded);
    }

    /// <summary>When <paramref name="view"/> of <paramref name="series"/> was last drawn, or null.</summary>
    public DateTimeOffset? DrawnAt(string series, ChartView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return _drawn.TryGetValue(Entry(series, view), out var at) ? at : null;
    }

    /// <summary>This state with <paramref name="views"/> of <paramref name="series"/> drawn at <paramref name="at"/>.</summary>
    public ViewState With(string series, IEnumerable<ChartView> views, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(views);
        var drawn = new Dictionary<string, DateTimeOffset>(_drawn, StringComparer.Ordinal);
        foreach (var view in views)
        {
            drawn[Entry(series, view)] = at;
        }

        return new ViewState(drawn, new Dictionary<string, string>(_files, StringComparer.Ordinal));
    }

    /// <summary>The record as JSON: <c>{"pool/7d":"2026-12-01T10:15:00+00:00", ..., "files":{"index.html":"BASE64", ...}}</c>.</summary>
    public byte[] Encode()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            foreach (var (entry, at) in _drawn.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                json.WriteString(entry, at);
            }

            if (_files.Count > 0)
            {
                json.WriteStartObject(FilesEntry);
                foreach (var (name, hash) in _files.OrderBy(f => f.Key, StringComparer.Ordinal))
                {
                    json.WriteString(name, hash);
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Reads a record; anything damaged (not JSON, a value that is no time) reads as <see cref="Empty"/>.</summary>
    public static ViewState Decode(ReadOnlyMemory<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var drawn = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            var files = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in document.RootElement.EnumerateObject())
            {
                if (entry.Name == FilesEntry)
                {
                    foreach (var file in entry.Value.EnumerateObject())
                    {
                        files[file.Name] = file.Value.GetString() ?? throw new FormatException("a file's hash is null");
                    }
                }
                else
                {
                    drawn[entry.Name] = entry.Value.GetDateTimeOffset();
                }
            }

            return new ViewState(drawn, files);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return Empty;
        }
    }

    /// <summary>The record kept in <paramref name="store"/>, or <see cref="Empty"/>.</summary>
    public static async Task<ViewState> LoadAsync(IObjectStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return await store.GetAsync(SiteFiles.ViewState, cancellationToken).ConfigureAwait(false) is { } json ? Decode(json) : Empty;
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the record kept in <paramref name="store"/> and writes it back by
    /// compare-and-swap (<see cref="ObjectUpdate"/>): another series' publish meanwhile is read again, never lost.
    /// </summary>
    public static async Task UpdateAsync(IObjectStore store, Func<ViewState, ViewState> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        await ObjectUpdate.UpdateAsync(store, SiteFiles.ViewState, "application/json", current => change(current is null ? Empty : Decode(current)).Encode(), cancellationToken).ConfigureAwait(false);
    }

    static string Entry(string series, ChartView view) => $"{series}/{view.Name}";
}
