using System.Buffers;
using System.Text;
using System.Text.Json;

namespace DataLogger.Readings;

/// <summary>
/// The JSON body of a reading object: a temperature as the original system's contract has it,
/// <c>{"timestamp":1764201600,"celsius":21.875,"fahrenheit":71.375}</c>, any other quantity as its value and unit,
/// <c>{"timestamp":1764201600,"value":57.3,"unit":"%"}</c>, one compact line. Reading accepts the original system's <c>celcius</c> spelling, ignores fields it does not
/// know, and rejects anything else with a <see cref="ReadingFormatException"/> that says what is wrong.
/// </summary>
public static class ReadingJson
{
    /// <summary>The media type of a reading object.</summary>
    public const string ContentType = "application/json";

    // Units as written (µS/cm, not \u00B5S/cm): an object is read by engines and people, never put into HTML as it is.
    static readonly JsonWriterOptions WriterOptions = new() { Indented = false, SkipValidation = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>Encodes <paramref name="reading"/> as UTF-8 JSON on one line, ending in a newline.</summary>
    public static byte[] Encode(Reading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        var buffer = new ArrayBufferWriter<byte>(96);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("timestamp"u8, reading.Timestamp);
            WriteValue(writer, reading);
            if (reading.SensorId is { } sensor)
            {
                writer.WriteString("sensor"u8, sensor);
            }

            writer.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Writes a reading's value as the contract spells it, into an object being written: a temperature's
    /// <c>celsius</c> and <c>fahrenheit</c>, another quantity's <c>value</c> and <c>unit</c>. The one place of that rule,
    /// for the objects, <c>latest.json</c> and Home Assistant's state.
    /// </summary>
    public static void WriteValue(Utf8JsonWriter writer, Reading reading)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(reading);
        if (reading.IsTemperature)
        {
            writer.WriteNumber("celsius"u8, reading.Celsius);
            writer.WriteNumber("fahrenheit"u8, reading.Fahrenheit);
        }
        else
        {
            writer.WriteNumber("value"u8, reading.Value);
            writer.WriteString("unit"u8, reading.Unit);
        }
    }

    /// <summary>Encodes <paramref name="reading"/> as a JSON string (without the trailing newline).</summary>
    public static string ToJson(Reading reading) => Encoding.UTF8.GetString(Encode(reading)).TrimEnd('\n');

    /// <summary>Decodes a reading object.</summary>
    /// <exception cref="ReadingFormatException">The bytes are not a valid reading; the message says why.</exception>
    public static Reading Decode(ReadOnlySpan<byte> utf8)
    {
        if (utf8.StartsWith(Utf8Bom))
        {
            utf8 = utf8[Utf8Bom.Length..];
        }

        if (utf8.Trim(" \t\r\n"u8).IsEmpty)
        {
            throw new ReadingFormatException("the object is empty");
        }

        var fields = ReadFields(utf8);
        if (fields.Timestamp is not { } ts)
        {
            throw new ReadingFormatException("the field 'timestamp' is missing");
        }

        if ((fields.Celsius ?? fields.LegacyCelsius) is not { } c)
        {
            return ValueOf(fields, ts);
        }

        if (Reading.Validate(ts, c) is { } problem)
        {
            throw new ReadingFormatException(problem);
        }

        return Reading.Create(ts, c, fields.Sensor);
    }

    // A reading in another unit than °C: {"timestamp", "value", "unit"}.
    static Reading ValueOf(Fields fields, long timestamp)
    {
        if (fields.Value is not { } value)
        {
            throw new ReadingFormatException("the field 'celsius' (or the legacy 'celcius'), or 'value' with its 'unit', is missing");
        }

        if (string.IsNullOrWhiteSpace(fields.Unit))
        {
            throw new ReadingFormatException("the field 'unit' is missing: a 'value' says its unit, such as \"unit\": \"%\"");
        }

        try
        {
            return Reading.Stored(timestamp, value, fields.Unit, fields.Sensor);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new ReadingFormatException(e.Message.Split(" (Parameter", 2)[0]);
        }
        catch (FormatException e)
        {
            throw new ReadingFormatException(e.Message);
        }
    }

    // The fields of a reading object as they were found (each null when absent).
    struct Fields
    {
        public long? Timestamp;
        public double? Celsius;
        public double? LegacyCelsius;
        public double? Value;
        public string? Unit;
        public string? Sensor;
    }

    static Fields ReadFields(ReadOnlySpan<byte> utf8)
    {
        var fields = default(Fields);
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new ReadingFormatException("the object is not a JSON object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                ReadField(ref reader, ref fields);
            }

            // Reads to the end so that trailing garbage after the object is reported.
            while (reader.Read())
            {
            }
        }
        catch (JsonException e)
        {
            throw new ReadingFormatException($"the object is not valid JSON ({e.Message})", e);
        }
        catch (FormatException e) when (e is not ReadingFormatException)
        {
            throw new ReadingFormatException($"a number in the object cannot be read ({e.Message})", e);
        }

        return fields;
    }

    // Reads the property the reader is at, and its value, into the fields; unknown fields are skipped.
    static void ReadField(ref Utf8JsonReader reader, ref Fields fields)
    {
        if (reader.ValueTextEquals("timestamp"u8))
        {
            reader.Read();
            fields.Timestamp = ReadTimestamp(ref reader);
        }
        else if (reader.ValueTextEquals("celsius"u8))
        {
            reader.Read();
            fields.Celsius = ReadNumber(ref reader, "celsius");
        }
        else if (reader.ValueTextEquals("celcius"u8))
        {
            reader.Read();
            fields.LegacyCelsius = ReadNumber(ref reader, "celcius");
        }
        else if (reader.ValueTextEquals("sensor"u8))
        {
            reader.Read();
            fields.Sensor = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            reader.Skip();
        }
        else if (reader.ValueTextEquals("value"u8))
        {
            reader.Read();
            fields.Value = ReadNumber(ref reader, "value");
        }
        else if (reader.ValueTextEquals("unit"u8))
        {
            reader.Read();
            fields.Unit = reader.TokenType == JsonTokenType.String
                ? reader.GetString()
                : throw new ReadingFormatException($"the field 'unit' must be a string, not {Describe(reader.TokenType)}");
        }
        else
        {
            reader.Read();
            reader.Skip(); // unknown fields (fahrenheit included: it is derived) are ignored
        }
    }

    static long ReadTimestamp(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw new ReadingFormatException($"the field 'timestamp' must be a number of Unix seconds, not {Describe(reader.TokenType)}");
        }

        return reader.TryGetInt64(out var seconds)
            ? seconds
            : throw new ReadingFormatException("the field 'timestamp' must be a whole number of Unix seconds");
    }

    static double ReadNumber(ref Utf8JsonReader reader, string field)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw new ReadingFormatException($"the field '{field}' must be a number, not {Describe(reader.TokenType)}");
        }

        return reader.TryGetDouble(out var value) && double.IsFinite(value)
            ? value
            : throw new ReadingFormatException($"the field '{field}' is too large to be {(field == "value" ? "a reading" : "a temperature")}");
    }

    static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.String => "a string",
        JsonTokenType.Null => "null",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        _ => token.ToString(),
    };
}
