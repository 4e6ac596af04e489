using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace DataLogger.Charts.Site;

/// <summary>
/// One of the site's templates (<c>Site/Templates/*.html</c> and <c>site.css</c>, embedded in the assembly): the page's
/// markup and style as a designer reads them, with <c>{{name}}</c> where the renderer puts a value. The values are
/// given ready to insert (text already HTML-encoded by the renderer); a placeholder left without a value, or a value
/// given for a placeholder the template does not have, is a mistake and throws, so a template and its renderer never
/// drift apart silently.
/// </summary>
/// <remarks>
/// Written by hand rather than taken from a template engine: the served ones (Scriban, Fluid) bind by reflection, which
/// the NativeAOT builds of the CLI cannot keep, and the site needs only substitution.
/// </remarks>
sealed partial class SiteTemplate
{
    static readonly ConcurrentDictionary<string, SiteTemplate> Loaded = new(StringComparer.Ordinal);

    readonly string _text;
    readonly HashSet<string> _names;

    SiteTemplate(string name, string text)
    {
        Name = name;
        _text = text;
        _names = [.. Placeholder().Matches(text).Select(m => m.Groups[1].Value)];
    }

    /// <summary>The template's file name, such as <c>page.html</c>.</summary>
    public string Name { get; }

    /// <summary>The template of that name, read once from the assembly's resources.</summary>
    public static SiteTemplate Named(string name) => Loaded.GetOrAdd(name, static n =>
    {
        using var stream = typeof(SiteTemplate).Assembly.GetManifestResourceStream("DataLogger.Charts.Site.Templates." + n)
            ?? throw new InvalidOperationException($"The site template {n} is not in the assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Parse(n, reader.ReadToEnd());
    });

    /// <summary>The template's text as it is, for a file served whole (the page's script).</summary>
    public byte[] Bytes => Encoding.UTF8.GetBytes(_text);

    /// <summary>A template from its text (for tests).</summary>
    public static SiteTemplate Parse(string name, string text) => new(name, text.ReplaceLineEndings("\n"));

    /// <summary>The text with each placeholder replaced by its value.</summary>
    /// <exception cref="ArgumentException">A placeholder has no value, or a value has no placeholder.</exception>
    public string Fill(params (string Name, string Value)[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var given = values.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
        if (_names.FirstOrDefault(n => !given.ContainsKey(n)) is { } missing)
        {
            throw new ArgumentException($"The site template {Name} needs a value for {{{{{missing}}}}}.", nameof(values));
        }

        if (given.Keys.FirstOrDefault(n => !_names.Contains(n)) is { } extra)
        {
            throw new ArgumentException($"The site template {Name} has no {{{{{extra}}}}}.", nameof(values));
        }

        return Placeholder().Replace(_text, m => given[m.Groups[1].Value]);
    }

    [GeneratedRegex(@"\{\{([a-zA-Z]+)\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
