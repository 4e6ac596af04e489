using System.Text.RegularExpressions;

namespace DataLogger.Readings;

/// <summary>
/// The name of a series of readings (<c>pool</c>, <c>spa</c>, ...): the first part of every key.
/// Lower-case letters, digits, <c>-</c> and <c>_</c>, starting with a letter or digit, at most 64 characters,
/// so a series is a safe folder name and a safe S3 prefix.
/// </summary>
public static partial class Series
{
    /// <summary>The series used when none is configured.</summary>
    public const string Default = "pool";

    /// <summary>
    /// The series of the simulated pool when no probe is attached and no series is set (the quick start, a Pi not yet
    /// wired): its readings never mix with a real probe's, which go to <see cref="Default"/>.
    /// </summary>
    public const string Demo = "demo";

    /// <summary>
    /// The series a reading command (<c>query</c>, <c>render</c>) means when none is given: <see cref="Default"/>, or
    /// the demo's when the bucket holds only the demo's readings (after the quick start).
    /// </summary>
    public static string DefaultIn(string bucket) =>
        !Directory.Exists(Path.Join(bucket, Default)) && Directory.Exists(Path.Join(bucket, Demo)) ? Demo : Default;

    /// <summary>Whether <paramref name="name"/> is a valid series name (<c>notes</c> is not: the station's notes' folder, <see cref="ReadingKey.NotesFolder"/>).</summary>
    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name) && name != ReadingKey.NotesFolder;

    /// <summary>Returns <paramref name="name"/> when it is valid, else throws with a message that says what is allowed.</summary>
    /// <exception cref="ArgumentException">The name is not a valid series name.</exception>
    public static string Validate(string? name) =>
        IsValid(name)
            ? name!
            : throw new ArgumentException(
                name == ReadingKey.NotesFolder
                    ? $"'{name}' is the folder of the station's notes, not a series: name the series otherwise (for example 'pool')."
                    : $"'{name}' is not a valid series name: use 1 to 64 lower-case letters, digits, '-' or '_', starting with a letter or digit (for example 'pool').",
                nameof(name));

    /// <summary>A comma-separated list of series (<c>pool,spa</c>), each checked, none twice, at least one.</summary>
    /// <exception cref="ArgumentException">A name is not valid, one repeats, or there is none.</exception>
    public static IReadOnlyList<string> ParseList(string? list)
    {
        var names = (list ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Validate).ToList();
        if (names.Count == 0)
        {
            throw new ArgumentException("no series given: write one or more names separated by commas, such as pool,spa.", nameof(list));
        }

        return names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice
            ? throw new ArgumentException($"the series '{twice.Key}' is named twice.", nameof(list))
            : names;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
