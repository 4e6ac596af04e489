using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using DataLogger.Ports;
using DataLogger.Readings;
using DataLogger.Time;

namespace DataLogger.Notes;

/// <summary>
/// The station's notes in a bucket, the local folder or S3 (<see cref="ReadingKey.NoteKey"/>): each created only where
/// nothing is, the same note again is the one already there; compacted by month once the month is over
/// (<see cref="CompactAsync"/>); read back for a window by month (a month's compacted object and one listing of the
/// notes not yet in it, for each month the window or a span reaching into it touches). Both hosts and the functions
/// call it; SQL reads the same objects as the notes table (<c>NotesTable</c>).
/// </summary>
public sealed class NoteBook(IObjectStore store)
{
    static readonly JsonWriterOptions Writing = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // A note's object never changes once created (its key is its content), so each is read once: a publish lists the
    // months and reads only the notes it has not seen (a year's view: 13 listings, not 13 listings and 130 reads).
    readonly System.Collections.Concurrent.ConcurrentDictionary<string, Note?> _read = new(StringComparer.Ordinal);

    // A compacted month changes when a compaction merges a late note into it: kept with its version.
    readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string Version, IReadOnlyList<Note> Notes)> _months = new(StringComparer.Ordinal);

    /// <summary>Stores <paramref name="note"/>; false when the same note was there already.</summary>
    public Task<bool> AddAsync(Note note, CancellationToken cancellationToken = default) =>
        store.CreateAsync(ReadingKey.NoteKey(note), Encode(note), ReadingJson.ContentType, cancellationToken);

    /// <summary>The notes any of which falls in <paramref name="window"/>, oldest first; an unreadable object is skipped.</summary>
    public async Task<IReadOnlyList<Note>> ReadAsync(TimeWindow window, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(window);
        var notes = new Dictionary<string, Note>(StringComparer.Ordinal);
        foreach (var month in Note.MonthsOf(window))
        {
            // A month compacted (one object, a note a line), and its notes still objects of their own: one note in both
            // (the moments between a compaction's write and its deletes) is one note, by its id.
            foreach (var note in await CompactedAsync(month, cancellationToken).ConfigureAwait(false))
            {
                Keep(note);
            }

            await foreach (var key in store.ListAsync(ReadingKey.NotesMonthPrefix(month), cancellationToken).ConfigureAwait(false))
            {
                if (await NoteAtAsync(key, cancellationToken).ConfigureAwait(false) is { } note)
                {
                    Keep(note);
                }
            }
        }

        return [.. notes.Values.OrderBy(n => n.Timestamp).ThenBy(n => n.Text, StringComparer.Ordinal)];

        void Keep(Note note)
        {
            if (note.FallsIn(window))
            {
                notes.TryAdd(note.Id, note);
            }
        }
    }

    /// <summary>
    /// Compacts each month of notes that ended before <paramref name="cutoff"/> into one object
    /// (<see cref="ReadingKey.CompactedNotesKey"/>: the notes it held and the month's note objects, a note a line, oldest
    /// first), then deletes the objects it merged: a year's view reads twelve objects, not one a note. Safe to run twice or
    /// to stop at any moment (the month's object is written whole before any note's object is deleted, and a note in both
    /// is read once). A note created later for a compacted month is read from its object until the next run merges it.
    /// The local folder's compaction (<c>run</c>, <c>compact</c>) and the compact function call it.
    /// </summary>
    public async Task<NotesCompaction> CompactAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        var before = DateOnly.FromDateTime(cutoff.UtcDateTime);
        var thisMonth = new DateOnly(before.Year, before.Month, 1);
        var months = new SortedDictionary<DateOnly, List<string>>();
        await foreach (var key in store.ListAsync(ReadingKey.NotesFolder + "/", cancellationToken).ConfigureAwait(false))
        {
            if (!key.StartsWith(ReadingKey.CompactedNotesPrefix, StringComparison.Ordinal) && MonthOf(key) is { } month && month < thisMonth)
            {
                (months.TryGetValue(month, out var keys) ? keys : months[month] = []).Add(key);
            }
        }

        var summary = new NotesCompaction();
        foreach (var (month, keys) in months)
        {
            var (merged, notes) = await CompactMonthAsync(month, keys, cancellationToken).ConfigureAwait(false);
            summary = summary with
            {
                Months = summary.Months + (merged > 0 ? 1 : 0),
                Merged = summary.Merged + merged,
                Notes = summary.Notes + notes,
                Left = summary.Left + keys.Count - merged,
            };
        }

        return summary;
    }

    // Writes a month's compacted object whole (what it held and the notes of its objects, oldest first), then deletes
    // the objects it merged; returns how many it merged and how many notes the month holds (none written: 0, 0).
    async Task<(int Merged, int Notes)> CompactMonthAsync(DateOnly month, List<string> keys, CancellationToken cancellationToken)
    {
        var notes = new SortedDictionary<(long, string), Note>();
        foreach (var note in await CompactedAsync(month, cancellationToken).ConfigureAwait(false))
        {
            notes.TryAdd((note.Timestamp, note.Id), note);
        }

        var merged = new List<string>();
        foreach (var key in keys)
        {
            if (await NoteAtAsync(key, cancellationToken).ConfigureAwait(false) is { } note)
            {
                notes.TryAdd((note.Timestamp, note.Id), note);
                merged.Add(key);
            }
        }

        if (merged.Count == 0)
        {
            return (0, 0);
        }

        var body = new List<byte>();
        foreach (var note in notes.Values)
        {
            body.AddRange(Encode(note));
        }

        await store.PutAsync(ReadingKey.CompactedNotesKey(month), body.ToArray(), ReadingJson.ContentType, cancellationToken).ConfigureAwait(false);
        foreach (var key in merged)
        {
            await store.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
        }

        return (merged.Count, notes.Count);
    }

    // The notes of a month's compacted object (none when it has none), read again only when it changed.
    async Task<IReadOnlyList<Note>> CompactedAsync(DateOnly month, CancellationToken cancellationToken)
    {
        var key = ReadingKey.CompactedNotesKey(month);
        if (await store.GetVersionedAsync(key, cancellationToken).ConfigureAwait(false) is not { } stored)
        {
            return [];
        }

        if (_months.TryGetValue(key, out var known) && known.Version == stored.Version)
        {
            return known.Notes;
        }

        var notes = DecodeLines(stored.Body);
        _months[key] = (stored.Version, notes);
        return notes;
    }

    // The note a note's object holds, read once (its key is its content, so it never changes); null when it is not one.
    async Task<Note?> NoteAtAsync(string key, CancellationToken cancellationToken)
    {
        if (!key.EndsWith(ReadingKey.Extension, StringComparison.Ordinal))
        {
            return null;
        }

        if (!_read.TryGetValue(key, out var note))
        {
            note = await store.GetAsync(key, cancellationToken).ConfigureAwait(false) is { } body ? Decode(body) : null;
            _read[key] = note;
        }

        return note;
    }

    // The month of a note's key (notes/{yyyy}/{MM}/...), or null.
    static DateOnly? MonthOf(string key)
    {
        var parts = key.Split('/');
        return parts.Length == 5
            && int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var year)
            && int.TryParse(parts[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var month)
            && year is >= 1 and <= 9999 && month is >= 1 and <= 12
            ? new DateOnly(year, month, 1)
            : null;
    }

    /// <summary>The notes of a compacted month (a note a line); a line that is not one is skipped.</summary>
    public static IReadOnlyList<Note> DecodeLines(ReadOnlySpan<byte> utf8)
    {
        var notes = new List<Note>();
        foreach (var range in utf8.Split((byte)'\n'))
        {
            if (utf8[range].Trim((byte)' ') is { Length: > 0 } line && Decode(line) is { } note)
            {
                notes.Add(note);
            }
        }

        return notes;
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
                || !root.TryGetProperty("timestamp", out var at) || at.ValueKind != JsonValueKind.Number || !at.TryGetInt64(out var timestamp)
                || !root.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String || text.GetString() is not { Length: > 0 and <= Note.MaxLength } line)
            {
                return null;
            }

            long? end = root.TryGetProperty("end", out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var until) && until > timestamp ? until : null;
            var series = root.TryGetProperty("series", out var s) && s.ValueKind == JsonValueKind.String && s.GetString() is { } name && Series.IsValid(name) ? name : null;
            return new Note(timestamp, end, series, line);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>What a compaction of the notes did.</summary>
public sealed record NotesCompaction
{
    /// <summary>The months whose compacted object was written.</summary>
    public int Months { get; init; }

    /// <summary>The note objects merged (and deleted).</summary>
    public int Merged { get; init; }

    /// <summary>The notes the written months hold in all.</summary>
    public int Notes { get; init; }

    /// <summary>The objects in a note's folder left as they are: not a note.</summary>
    public int Left { get; init; }

    /// <summary>One line for the log: <c>notes: 1 month written (3 notes merged, 7 in that month)</c>.</summary>
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"notes: {(Months == 0 ? "nothing to merge" : $"{Months:N0} month{(Months == 1 ? "" : "s")} written ({Merged:N0} note{(Merged == 1 ? "" : "s")} merged, {Notes:N0} in {(Months == 1 ? "that month" : "those months")})")}")
        + (Left > 0 ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $", {Left:N0} object{(Left == 1 ? "" : "s")} left as {(Left == 1 ? "it is" : "they are")} (not a note)") : string.Empty);
}
