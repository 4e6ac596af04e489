using System.Text.Json;
using DataLogger.Readings;

namespace DataLogger.Alerts;

/// <summary>
/// A notice as JSON: the webhook's body (documented in the README) and what the outbox keeps.
/// <code>
/// {"id":"pool-below-firing-1764570900","series":"pool","title":"Pool","state":"firing","kind":"below",
///  "celsius":9.5,"fahrenheit":49.1,"threshold":10,"at":"2026-12-01T06:40:00+00:00","since":"2026-12-01T06:40:00+00:00",
///  "subject":"Pool below 10.0 °C","message":"Pool is at 9.5 °C, below 10.0 °C, since 06:40."}
/// </code>
/// </summary>
public static class NoticeJson
{
    /// <summary>The notice as one line of UTF-8 JSON.</summary>
    public static byte[] Encode(AlertNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            Write(json, notice);
        }

        return buffer.ToArray();
    }

    /// <summary>Writes the notice as a JSON object.</summary>
    public static void Write(Utf8JsonWriter json, AlertNotice notice)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(notice);
        json.WriteStartObject();
        json.WriteString("id", notice.Id);
        json.WriteString("series", notice.Series);
        json.WriteString("title", notice.Title);
        json.WriteString("state", notice.State);
        json.WriteString("kind", notice.Kind);
        Number(json, "celsius", notice.Celsius);
        Number(json, "fahrenheit", notice.Celsius is { } c ? Reading.ToFahrenheit(c) : null);
        Number(json, "threshold", notice.Threshold);
        json.WriteString("at", notice.At);
        if (notice.Since is { } since)
        {
            json.WriteString("since", since);
        }
        else
        {
            json.WriteNull("since");
        }

        json.WriteString("subject", notice.Subject);
        json.WriteString("message", notice.Message);
        json.WriteEndObject();

        static void Number(Utf8JsonWriter json, string name, double? value)
        {
            if (value is { } v)
            {
                json.WriteNumber(name, v);
            }
            else
            {
                json.WriteNull(name);
            }
        }
    }

    /// <summary>Reads a notice written by <see cref="Write"/>.</summary>
    /// <exception cref="FormatException">The JSON is not a notice.</exception>
    public static AlertNotice Read(JsonElement e)
    {
        try
        {
            return new AlertNotice(
                e.GetProperty("id").GetString()!,
                e.GetProperty("series").GetString()!,
                e.GetProperty("title").GetString()!,
                e.GetProperty("kind").GetString()!,
                e.GetProperty("state").GetString()!,
                e.GetProperty("celsius").ValueKind == JsonValueKind.Number ? e.GetProperty("celsius").GetDouble() : null,
                e.GetProperty("threshold").ValueKind == JsonValueKind.Number ? e.GetProperty("threshold").GetDouble() : null,
                e.GetProperty("at").GetDateTimeOffset(),
                e.GetProperty("since").ValueKind == JsonValueKind.String ? e.GetProperty("since").GetDateTimeOffset() : null,
                e.GetProperty("subject").GetString()!,
                e.GetProperty("message").GetString()!);
        }
        catch (Exception x) when (x is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new FormatException($"not a notice: {x.Message}", x);
        }
    }
}
