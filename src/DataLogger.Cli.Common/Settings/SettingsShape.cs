namespace DataLogger.Cli.Common.Settings;

/// <summary>
/// What one place of the settings file holds, for the check that runs before any setting is read
/// (<see cref="SettingsSchema"/>): one value, one value or a list of them, a list, an object with fixed keys, or a map
/// whose keys are the user's own (a device's field names), which nobody checks.
/// </summary>
sealed class SettingsShape
{
    readonly List<KeyValuePair<string, SettingsShape>> _keys;

    SettingsShape(ShapeKind kind, string example, SettingsShape? item, IEnumerable<KeyValuePair<string, SettingsShape>> keys)
    {
        Kind = kind;
        Example = example;
        Item = item;
        _keys = [.. keys];
    }

    /// <summary>What the place holds.</summary>
    public ShapeKind Kind { get; }

    /// <summary>What to write there, for messages: <c>DURATION</c>, <c>[ {"id": ...} ]</c>.</summary>
    public string Example { get; }

    /// <summary>The shape of each item of a list.</summary>
    public SettingsShape? Item { get; }

    /// <summary>The keys of an object, in the order messages list them.</summary>
    public IEnumerable<string> Keys => _keys.Select(k => k.Key);

    /// <summary>One value (a text, a number, true or false); <paramref name="example"/> is what it is, such as <c>DURATION</c>.</summary>
    public static SettingsShape Value(string example) => new(ShapeKind.Value, example, null, []);

    /// <summary>One value (<paramref name="item"/>, such as <c>URL</c>) or a list of them (a channel, or several).</summary>
    public static SettingsShape ValueOrList(string item, string example) => new(ShapeKind.ValueOrList, example, Value(item), []);

    /// <summary>A list of <paramref name="item"/>.</summary>
    public static SettingsShape List(SettingsShape item, string example) => new(ShapeKind.List, example, item, []);

    /// <summary>An object whose keys are the user's; what is below them is not checked.</summary>
    public static SettingsShape Map(string example) => new(ShapeKind.Map, example, null, []);

    /// <summary>An object whose keys are the user's (series names), each holding <paramref name="item"/>.</summary>
    public static SettingsShape MapOf(SettingsShape item, string example) => new(ShapeKind.Map, example, item, []);

    /// <summary>
    /// Every place below this one, depth first in the schema's order, with its path as the settings file writes it
    /// (<c>alerts.notify</c>, <c>probes[].id</c>, <c>alerts.series.NAME.below</c>) and its shape.
    /// </summary>
    public IEnumerable<(string Path, SettingsShape Shape)> Walk(string path = "")
    {
        foreach (var (key, shape) in _keys)
        {
            var here = path.Length == 0 ? key : $"{path}.{key}";
            yield return (here, shape);
            foreach (var below in shape.Inside(here))
            {
                yield return below;
            }
        }
    }

    IEnumerable<(string Path, SettingsShape Shape)> Inside(string path) => Kind switch
    {
        ShapeKind.Object => Walk(path),
        ShapeKind.List or ShapeKind.ValueOrList when Item is { Kind: ShapeKind.Object } item => item.Walk(path + "[]"),
        ShapeKind.Map when Item is { Kind: ShapeKind.Object } item => item.Walk(path + ".NAME"),
        _ => [],
    };

    /// <summary>An object with these keys and no other.</summary>
    public static SettingsShape Object(string example, params (string Key, SettingsShape Shape)[] keys) =>
        new(ShapeKind.Object, example, null, keys.Select(k => KeyValuePair.Create(k.Key, k.Shape)));

    /// <summary>The shape of <paramref name="key"/> in an object, ignoring case as the configuration does, or null.</summary>
    public SettingsShape? Find(string key) =>
        _keys.FirstOrDefault(k => string.Equals(k.Key, key, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>
    /// The shape one step below this one, or null where there is none: a key of an object, an index of a list (or of a
    /// value that may be a list); anything below a map is the map's.
    /// </summary>
    public SettingsShape? Below(string segment) => Kind switch
    {
        ShapeKind.Object => Find(segment),
        ShapeKind.List or ShapeKind.ValueOrList => int.TryParse(segment, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _) ? Item : null,
        ShapeKind.Map => Item ?? this,
        _ => null,
    };
}

/// <summary>What a place of the settings file holds.</summary>
enum ShapeKind
{
    /// <summary>One value.</summary>
    Value,

    /// <summary>One value or a list of values.</summary>
    ValueOrList,

    /// <summary>A list.</summary>
    List,

    /// <summary>An object with fixed keys.</summary>
    Object,

    /// <summary>An object with the user's keys.</summary>
    Map,
}
