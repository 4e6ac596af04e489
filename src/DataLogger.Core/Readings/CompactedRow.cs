using System.Text.Json;

namespace DataLogger.Readings;

/// <summary>
/// One reading as the tables hold it: the fields of its JSON object exactly as Athena's JSON SerDe reads them
/// (<c>celsius</c> and the original system's <c>celcius</c> kept apart), so a reading that is both in its day's Parquet
/// object and still in its JSON object is the same row twice, which the view's <c>UNION</c> counts once.
/// </summary>
/// <param name="Timestamp">When the reading was taken, Unix seconds (UTC).</param>
/// <param name="Celsius">The <c>celsius</c> field, or null.</param>
/// <param name="Celcius">The <c>celcius</c> field, or null.</param>
/// <param name="Fahrenheit">The <c>fahrenheit</c> field, or null.</param>
/// <param name="Sensor">The <c>sensor</c> field, or null.</param>
public sealed record CompactedRow(long Timestamp, double? Celsius, double? Celcius, double? Fahrenheit, string? Sensor)
{
    static readonly string[] Fields = ["timestamp", "celsius", "celcius", "fahrenheit", "sensor", "value", "unit"];

    /// <summary>The <c>value</c> field of a reading in another unit than °C, or null.</summary>
    public double? Value { get; init; }

    /// <summary>The <c>unit</c> field (with <see cref="Value"/>), or null.</summary>
    public string? Unit { get; init; }

    /// <summary>
    /// The row of the object at <paramref name="key"/>, or null when the object is not plainly a reading of that key: not
    /// a valid reading (<see cref="ReadingJson.Decode"/>), another timestamp than its key's, a field of an unexpected
    /// type, or a field spelled with other capitals (Athena's SerDe reads field names case-insensitively). Such an object
    /// is never merged: it stays as it is.
    /// </summary>
    public static CompactedRow? FromObject(ReadingKey key, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!IsReadingOf(key, body))
        {
            return null;
        }

        JsonDocument document;
        try
        {
            // Strict JSON (no comments, no byte order mark), as the SerDe would read it; anything else stays as it is.
            document = JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException)
        {
            return null;
        }

        using var scope = document;
        CompactedRow? row = new(long.MinValue, null, null, null, null);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var field in document.RootElement.EnumerateObject())
        {
            var known = Array.Find(Fields, f => string.Equals(f, field.Name, StringComparison.OrdinalIgnoreCase));
            if (known is null)
            {
                continue;
            }

            row = known == field.Name && seen.Add(known) ? row.With(known, field.Value) : null;
            if (row is null)
            {
                return null;
            }
        }

        return row.Timestamp == key.Timestamp ? row : null;
    }

    // Whether the body decodes as a reading taken at its key's time.
    static bool IsReadingOf(ReadingKey key, ReadOnlySpan<byte> body)
    {
        try
        {
            return ReadingJson.Decode(body).Timestamp == key.Timestamp;
        }
        catch (ReadingFormatException)
        {
            return false;
        }
    }

    // The row with one known field set from its JSON value, or null when the value is not of the field's type.
    CompactedRow? With(string field, JsonElement value) => field switch
    {
        "timestamp" when value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var t) => this with { Timestamp = t },
        "celsius" or "celcius" or "fahrenheit" or "sensor" or "value" or "unit" when value.ValueKind == JsonValueKind.Null => this,
        "value" when Number(value) is { } number => this with { Value = number },
        "unit" when value.ValueKind == JsonValueKind.String => this with { Unit = value.GetString() },
        "celsius" when Number(value) is { } number => this with { Celsius = number },
        "celcius" when Number(value) is { } number => this with { Celcius = number },
        "fahrenheit" when Number(value) is { } number => this with { Fahrenheit = number },
        "sensor" when value.ValueKind == JsonValueKind.String => this with { Sensor = value.GetString() },
        _ => null,
    };

    static double? Number(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number) ? number : null;

    /// <summary>
    /// Whether <paramref name="other"/> is the same reading: the same time, temperature (under either spelling) or value
    /// and unit, and sensor. Fahrenheit is derived, so it does not count.
    /// </summary>
    public bool IsSameReading(CompactedRow other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Timestamp == other.Timestamp && (Celsius ?? Celcius) == (other.Celsius ?? other.Celcius) && Sensor == other.Sensor
            && Value == other.Value && Unit == other.Unit;
    }

    /// <summary>The row as a reading object again: its fields that are set, as the contract spells them.</summary>
    public byte[] ToJson()
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteNumber("timestamp", Timestamp);
            WriteIfSet(json, "celsius", Celsius);
            WriteIfSet(json, "celcius", Celcius);
            WriteIfSet(json, "fahrenheit", Fahrenheit);
            WriteIfSet(json, "value", Value);
            if (Unit is not null)
            {
                json.WriteString("unit", Unit);
            }

            if (Sensor is not null)
            {
                json.WriteString("sensor", Sensor);
            }

            json.WriteEndObject();
        }

        return stream.ToArray();
    }

    static void WriteIfSet(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
    }
}
