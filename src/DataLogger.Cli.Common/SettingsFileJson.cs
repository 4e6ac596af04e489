using System.Text;
using System.Text.Json;

namespace DataLogger.Cli.Common;

/// <summary>
/// The settings file as JSON, read with the configuration's own rules (comments skipped, trailing commas allowed), so a
/// mistake is named by its line and column before the configuration says only that it could not parse the file.
/// </summary>
static class SettingsFileJson
{
    static readonly JsonDocumentOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>The file's one object.</summary>
    /// <exception cref="UserErrorException">It is not JSON, or not an object; the message says where and what.</exception>
    public static JsonElement Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException e)
        {
            throw new UserErrorException($"the configuration file {path} cannot be read: {e.Message}", e);
        }

        try
        {
            using var document = JsonDocument.Parse(text, Options);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.Clone()
                : throw new UserErrorException($"the configuration file {path} cannot be read: it must hold one object, such as {{ \"interval\": \"5m\" }}, not {Kind(document.RootElement.ValueKind)}.");
        }
        catch (JsonException e)
        {
            var line = (int)(e.LineNumber ?? 0);
            var column = Column(text, line, (int)(e.BytePositionInLine ?? 0));
            throw new UserErrorException($"the configuration file {path} cannot be read: line {line + 1}, column {column}: {What(e)}", e);
        }
    }

    // The 1-based column, in characters, of the byte position the reader gives (a ° before it is two bytes, one character).
    static int Column(string text, int line, int bytes)
    {
        var lines = text.Split('\n');
        if (line >= lines.Length)
        {
            return bytes + 1;
        }

        var encoded = Encoding.UTF8.GetBytes(lines[line]);
        return Encoding.UTF8.GetCharCount(encoded, 0, Math.Min(bytes, encoded.Length)) + 1;
    }

    // The reader's message without the position it appends in its own terms (0-based, bytes).
    static string What(JsonException e)
    {
        var message = e.Message;
        var at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (at < 0 ? message : message[..at]).Trim();
    }

    static string Kind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a text",
        JsonValueKind.Number => "a number",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
