using System.Text.Json;

namespace DataLogger.Query.DuckDb.Legacy;

/// <summary>What the older layout's day and month manifests share: a JSON object, only
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
}
