using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using DataLogger.Ports;
using DataLogger.Readings;
using DataLogger.Time;

namespace DataLogger.Notes;

/// <summary>
/// The station's notes in a bucket, the local folder or S3 (<see cref="ReadingKey.NoteKey"/>): each created only where
/// nothing is, the same note again is the one already there; read back for a window by month (one listing a month the
/// window or a span reaching into it touches). Both hosts and the functions call it.
/// </summary>
public sealed class NoteBook(IObjectStore store)
{
    static readonly JsonWriterOptions Writing = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // A note's object never changes once created (its key is its content), so each is read once: a publish lists the
    // months and reads only the notes it has not seen (a year's view: 13 listings, not 13 listings and 130 reads).
    readonly System.Collections.Concurrent.ConcurrentDictionary<string, Note?> _read = new(StringComparer.Ordinal);

    /// <summary>Stores <paramref name="note"/>; false when the same note was there already.</summary>
    public Task<bool> AddAsync(Note note, CancellationToken cancellationToken = default) =>
        store.CreateAsync(ReadingKey.NoteKey(note), Encode(note), ReadingJson.ContentType, cancellationToken);

    /// <summary>The notes any of which falls in <paramref name="window"/>, oldest first; an unreadable object is skipped.</summary>
    public async Task<IReadOnlyList<Note>> ReadAsync(TimeWindow window, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(window);
        var notes = new List<Note>();
        var first = DateOnly.FromDateTime((window.Start - Note.MaxSpan).UtcDateTime);
        var last = DateOnly.FromDateTime(window.End.UtcDateTime);
        for (var month = new DateOnly(first.Year, first.Month, 1); month <= last; month = month.AddMonths(1))
        {
            await foreach (var key in store.ListAsync(ReadingKey.NotesMonthPrefix(month), cancellationToken).ConfigureAwait(false))
            {
                if (!key.EndsWith(ReadingKey.Extension, StringComparison.Ordinal))
                {
                    continue;
                }

                if (!_read.TryGetValue(key, out var note))
                {
                    note = await store.GetAsync(key, cancellationToken).ConfigureAwait(false) is { } body ? Decode(body) : null;
                    _read[key] = note;
                }

                if (note is not null && note.FallsIn(window))
                {
                    notes.Add(note);
                }
            }
        }

        return [.. notes.OrderBy(n => n.Timestamp).ThenBy(n => n.Text, StringComparer.Ordinal)];
    }

    /// <summary>A note as stored: <c>{"timestamp", "end", "series", "text"}</c> (<c>end</c> and <c>series</c> only when set).</summary>
    public static byte[] Encode(Note note)
    {
        ArgumentNullException.ThrowIfNull(note);
        var buffer = new ArrayBufferWriter<byte>(128 + (note.Text.Length * 3));
        using (var json = new Utf8JsonWriter(buffer, Writing))
        {
            json.WriteStartObject();
            Write(json, note);
            json.WriteEndObject();
        }

        return [.. buffer.WrittenSpan, (byte)'\n'];
    }

    /// <summary>Writes a note's fields into the object <paramref name="json"/> is in (the data files carry notes so).</summary>
    public static void Write(Utf8JsonWriter json, Note note)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(note);
        json.WriteNumber("timestamp", note.Timestamp);
        if (note.End is { } end)
        {
            json.WriteNumber("end", end);
        }

        if (note.Series is { } series)
        {
            json.WriteString("series", series);
        }

        json.WriteString("text", note.Text);
    }

    /// <summary>A stored note, or null when the object is not one.</summary>
    public static Note? Decode(ReadOnlySpan<byte> utf8)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("timestamp", out var at) || !at.TryGetInt64(out var timestamp)
                || !root.TryGetProperty("text", out var text) || text.GetString() is not { Length: > 0 and <= Note.MaxLength } line)
            {
                return null;
            }

            long? end = root.TryGetProperty("end", out var e) && e.TryGetInt64(out var until) && until > timestamp ? until : null;
            var series = root.TryGetProperty("series", out var s) && s.GetString() is { } name && Series.IsValid(name) ? name : null;
            return new Note(timestamp, end, series, line);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
