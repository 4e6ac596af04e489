using System.Text.Json;

namespace DataLogger.Query.DuckDb;

/// <summary>What the day and month manifests share: a JSON object that starts with the compaction's time, and is only
/// believed beside the Parquet file it describes.</summary>
static class ManifestJson
{
    /// <summary>Parses <paramref name="fileName"/> in <paramref name="folder"/>; null when it, or the Parquet file <paramref name="parquetName"/> (when given), is missing.</summary>
    public static T? Read<T>(string folder, string fileName, string? parquetName, Func<JsonElement, T> parse)
        where T : class
    {
        var path = Path.Join(folder, fileName);
        if (!File.Exists(path) || (parquetName is not null && !File.Exists(Path.Join(folder, parquetName))))
        {
            return null;
        }

        using var json = JsonDocument.Parse(File.ReadAllBytes(path));
        return parse(json.RootElement);
    }

    /// <summary>A manifest's bytes: <c>compactedAt</c>, then what <paramref name="body"/> writes.</summary>
    public static byte[] Write(DateTimeOffset compactedAt, Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("compactedAt", compactedAt);
            body(json);
            json.WriteEndObject();
        }

        return stream.ToArray();
    }
}
