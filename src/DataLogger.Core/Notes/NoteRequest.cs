using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using DataLogger.Ingest;
using DataLogger.Readings;
using DataLogger.Time;

namespace DataLogger.Notes;

/// <summary>
/// A note posted over HTTP to <see cref="Path"/>, as both hosts read it (<c>run</c>'s endpoints, the ingest function):
/// JSON (<c>{"text", "series", "at", "until"}</c>, the times as Unix seconds or typed, <see cref="TypedTime"/>) or a
/// form (<c>text</c>, <c>series</c>, <c>at</c>, <c>until</c>, and <c>token</c>: the page's form, which cannot send a
/// header). Authenticated by a device's token as readings are; refused whole, with one line that says why.
/// </summary>
public static class NoteRequest
{
    /// <summary>The path notes are posted to.</summary>
    public const string Path = "/api/notes";

    /// <summary>Whether <paramref name="request"/> posts a note.</summary>
    public static bool IsNote(IngestRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return string.Equals(request.Method, "POST", StringComparison.OrdinalIgnoreCase) && request.Path.TrimEnd('/') == Path;
    }

    /// <summary>The request with a form's <c>token</c> field as its token, when it has no other (the page's form).</summary>
    public static IngestRequest WithFormToken(IngestRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Authorization is null && !request.Query.ContainsKey("token") && IsForm(request)
            && IngestRequest.ParseQuery(Encoding.UTF8.GetString(request.Body.Span)).GetValueOrDefault("token") is { Length: > 0 } token
                ? request with { Authorization = "Token " + token }
                : request;
    }

    /// <summary>The note <paramref name="request"/> posts, for <paramref name="station"/>, its times typed in <paramref name="zone"/>.</summary>
    /// <exception cref="IngestRefusedException">400 (or 415) with what is wrong; nothing is to be stored.</exception>
    public static Note Read(IngestRequest request, Station station, TimeZoneInfo zone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(station);
        var fields = Fields(request);
        DateTimeOffset? Time(string name) => fields.GetValueOrDefault(name) is { Length: > 0 } text
            ? TypedTime.TryParse(text, zone, now) ?? throw new IngestRefusedException(400, $"'{name}': '{text}' is not a time: write {TypedTime.Forms}")
            : null;
        var series = fields.GetValueOrDefault("series") is { Length: > 0 } name ? name : null;
        if (series is not null && !station.Series.Contains(series))
        {
            throw new IngestRefusedException(400, $"'{series}' is not a series of this station ({string.Join(", ", station.Series)}): name one of them, or none for the whole station");
        }

        try
        {
            return Note.Create(fields.GetValueOrDefault("text"), Time("at"), now, series, Time("until"));
        }
        catch (NoteException e)
        {
            throw new IngestRefusedException(400, e.Message + "; nothing was stored");
        }
    }

    /// <summary>
    /// The answer: 201 and the note when it was added, 200 when the same note was there already; to a browser's form
    /// (<paramref name="request"/> a form with a <c>Referer</c>), 303 back to the page it came from.
    /// </summary>
    public static IngestAnswer Answer(Note note, bool added, IngestRequest? request = null)
    {
        ArgumentNullException.ThrowIfNull(note);
        if (request is not null && IsForm(request) && Uri.TryCreate(request.Referer, UriKind.Absolute, out var page) && page.Scheme is "http" or "https")
        {
            return new IngestAnswer(303, null, string.Empty, new Dictionary<string, string> { ["Location"] = page.GetLeftPart(UriPartial.Path) + "#notes" });
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteBoolean("added", added);
            json.WriteStartObject("note");
            NoteBook.Write(json, note);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return new IngestAnswer(added ? 201 : 200, "application/json; charset=utf-8", Encoding.UTF8.GetString(buffer.ToArray()) + "\n", new Dictionary<string, string>());
    }

    static bool IsForm(IngestRequest request) =>
        request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true;

    // The posted fields, from a form or a JSON object (numbers as their text).
    static Dictionary<string, string> Fields(IngestRequest request)
    {
        if (IsForm(request))
        {
            return IngestRequest.ParseQuery(Encoding.UTF8.GetString(request.Body.Span));
        }

        if (request.ContentType is { } type && !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw new IngestRefusedException(415, $"a note is posted as JSON ({{\"text\": \"cover on\"}}) or as a form, not as {type}");
        }

        try
        {
            using var document = JsonDocument.Parse(request.Body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new IngestRefusedException(400, "a note is a JSON object: {\"text\": \"Shocked, 1 kg cal-hypo\"}");
            }

            return document.RootElement.EnumerateObject()
                .Where(p => p.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number)
                .ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.Number ? p.Value.GetRawText() : p.Value.GetString()!, StringComparer.Ordinal);
        }
        catch (JsonException e)
        {
            throw new IngestRefusedException(400, $"the note is not JSON: {e.Message}");
        }
    }
}
