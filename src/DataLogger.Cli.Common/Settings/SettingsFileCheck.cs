using System.Text.Json;

namespace DataLogger.Cli.Common.Settings;

/// <summary>
/// The settings file walked against its <see cref="SettingsShape"/>s, in the file's order: the first unknown key or
/// misplaced kind of thing, as the one line the user reads. A <c>null</c> anywhere is a setting left unset.
/// </summary>
static class SettingsFileCheck
{
    /// <summary>The first problem below <paramref name="path"/> (null: the file itself), or null when there is none.</summary>
    public static string? FirstProblem(JsonElement element, SettingsShape shape, string? path, string file)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var isList = element.ValueKind == JsonValueKind.Array;
        var isObject = element.ValueKind == JsonValueKind.Object;
        return shape.Kind switch
        {
            ShapeKind.Value => isList || isObject ? $"{Place(path, file)} must be one value ({shape.Example}), not {(isList ? "a list" : "an object")}" : null,
            ShapeKind.ValueOrList => isObject ? MustBeList(path, file, shape) : isList ? Items(element, shape, path, file) : null,
            ShapeKind.List => isList ? Items(element, shape, path, file) : MustBeList(path, file, shape),
            ShapeKind.Map => !isObject ? MustBeObject(path, file, shape) : shape.Item is { } item ? Entries(element, item, path, file) : null,
            _ => isObject ? Keys(element, shape, path, file) : MustBeObject(path, file, shape),
        };
    }

    // Each entry of a map of the user's keys (a series' own alerts), checked against the entries' shape.
    static string? Entries(JsonElement map, SettingsShape item, string? path, string file) =>
        map.EnumerateObject().Select(entry => FirstProblem(entry.Value, item, Join(path, entry.Name), file)).FirstOrDefault(problem => problem is not null);

    static string? Items(JsonElement list, SettingsShape shape, string? path, string file)
    {
        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            if (FirstProblem(item, shape.Item!, Join(path, $"{index++}"), file) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    // Each key of an object: known (case ignored), and holding what it should. A key with a colon is a path, as the
    // configuration reads it ("alerts:below" is alerts.below).
    static string? Keys(JsonElement json, SettingsShape shape, string? path, string file)
    {
        foreach (var property in json.EnumerateObject())
        {
            var key = property.Name;
            if (SettingsSchema.Resolve(shape, key.Split(':')) is not { } known)
            {
                return Unknown(key, shape, path, file);
            }

            if (FirstProblem(property.Value, known, Join(path, key.Replace(':', '.')), file) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    // The key's first segment that is no setting, with the nearest known one there, or what is known there.
    static string Unknown(string key, SettingsShape shape, string? path, string file)
    {
        var segments = key.Split(':');
        var known = 0;
        for (var next = shape.Below(segments[0]); next is not null; next = shape.Below(segments[++known]))
        {
            shape = next;
        }

        var where = $"{Place(Join(path, key.Replace(':', '.')), file)} is not a setting";
        var prefix = string.Concat(segments[..known].Select(s => s + ":"));
        var parent = known == 0 ? path : Join(path, string.Join('.', segments[..known]));
        return NearestKey.Of(segments[known], shape.Keys) is { } near
            ? $"{where}: did you mean \"{prefix}{near}\"?"
            : $"{where}: {(parent is null ? "the settings are" : $"\"{parent}\" takes")} {string.Join(", ", shape.Keys)}";
    }

    static string MustBeList(string? path, string file, SettingsShape shape) => $"{Place(path, file)} must be a list: {shape.Example}";

    static string MustBeObject(string? path, string file, SettingsShape shape) => $"{Place(path, file)} must be an object: {shape.Example}";

    static string Place(string? path, string file) => $"\"{path}\" in {file}";

    static string Join(string? path, string key) => path is null ? key : $"{path}.{key}";
}
