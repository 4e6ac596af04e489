using System.Text.Json;

namespace DataLogger.Alerts;

/// <summary>
/// The state of every alert, by rule key (<c>pool/below</c>): what the host keeps between runs (a file in the data
/// folder, written atomically), so a restart neither sends a firing alert again nor forgets it.
/// </summary>
public sealed class AlertBook
{
    readonly Dictionary<string, AlertState> _states;

    AlertBook(Dictionary<string, AlertState> states) => _states = states;

    /// <summary>No alert has ever fired.</summary>
    public static AlertBook Empty => new(new Dictionary<string, AlertState>(StringComparer.Ordinal));

    /// <summary>The state of <paramref name="rule"/> (quiet when never seen).</summary>
    public AlertState this[AlertRule rule] => _states.TryGetValue(rule.Key, out var state) ? state : AlertState.Ok;

    /// <summary>Every state kept, by rule key.</summary>
    public IReadOnlyDictionary<string, AlertState> States => _states;

    /// <summary>This book with <paramref name="rule"/> at <paramref name="state"/>.</summary>
    public AlertBook With(AlertRule rule, AlertState state)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var states = new Dictionary<string, AlertState>(_states, StringComparer.Ordinal);
        if (state.Status == AlertStatus.Ok)
        {
            states.Remove(rule.Key);
        }
        else
        {
            states[rule.Key] = state;
        }

        return new AlertBook(states);
    }

    /// <summary>The book as JSON: <c>{"pool/below": {"status": "firing", "since": "...", "celsius": 9.4, "notifiedAt": "..."}}</c>.</summary>
    public byte[] Encode()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            foreach (var (key, state) in _states.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                json.WriteStartObject(key);
                json.WriteString("status", state.Status.ToString().ToLowerInvariant());
                Time(json, "since", state.Since);
                if (state.Celsius is { } celsius)
                {
                    json.WriteNumber("celsius", celsius);
                }

                Time(json, "notifiedAt", state.NotifiedAt);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();

        static void Time(Utf8JsonWriter json, string name, DateTimeOffset? time)
        {
            if (time is { } t)
            {
                json.WriteString(name, t.ToUniversalTime());
            }
        }
    }

    /// <summary>Reads a book back.</summary>
    /// <exception cref="FormatException">The bytes are not a book this writes.</exception>
    public static AlertBook Decode(ReadOnlyMemory<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var states = new Dictionary<string, AlertState>(StringComparer.Ordinal);
            foreach (var entry in document.RootElement.EnumerateObject())
            {
                var value = entry.Value;
                states[entry.Name] = new AlertState(
                    Enum.Parse<AlertStatus>(value.GetProperty("status").GetString()!, ignoreCase: true),
                    value.TryGetProperty("since", out var since) ? since.GetDateTimeOffset() : null,
                    value.TryGetProperty("celsius", out var celsius) ? celsius.GetDouble() : null,
                    value.TryGetProperty("notifiedAt", out var notified) ? notified.GetDateTimeOffset() : null);
            }

            return new AlertBook(states);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or ArgumentException)
        {
            throw new FormatException($"the alert state is damaged: {e.Message}", e);
        }
    }
}
