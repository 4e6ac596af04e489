using System.Text.Json;
using DataLogger.Ports;

namespace DataLogger.Site;

/// <summary>
/// When each view of each series was last drawn, as the host keeps it between runs: <see cref="Key"/> in the site's
/// store (the site folder locally, the site bucket in AWS). Read with <see cref="ViewSchedule.Due"/>. A missing or
/// damaged record only means every view is drawn again.
/// </summary>
public sealed class ViewState
{
    /// <summary>The record's name in the site.</summary>
    public const string Key = "views-state.json";

    readonly Dictionary<string, DateTimeOffset> _drawn;

    ViewState(Dictionary<string, DateTimeOffset> drawn) => _drawn = drawn;

    /// <summary>A state in which nothing was drawn yet.</summary>
    public static ViewState Empty => new([]);

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

        return new ViewState(drawn);
    }

    /// <summary>The record as JSON: <c>{"pool/7d":"2026-12-01T10:15:00+00:00", ...}</c>.</summary>
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
            foreach (var entry in document.RootElement.EnumerateObject())
            {
                drawn[entry.Name] = entry.Value.GetDateTimeOffset();
            }

            return new ViewState(drawn);
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
        return await store.GetAsync(Key, cancellationToken).ConfigureAwait(false) is { } json ? Decode(json) : Empty;
    }

    /// <summary>Writes the record into <paramref name="store"/>.</summary>
    public Task SaveAsync(IObjectStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.PutAsync(Key, Encode(), "application/json", cancellationToken);
    }

    static string Entry(string series, ChartView view) => $"{series}/{view.Name}";
}
