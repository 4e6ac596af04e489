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

    /// <summary>Whether <paramref name="name"/> is a valid series name.</summary>
    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    /// <summary>Returns <paramref name="name"/> when it is valid, else throws with a message that says what is allowed.</summary>
    /// <exception cref="ArgumentException">The name is not a valid series name.</exception>
    public static string Validate(string? name) =>
        IsValid(name)
            ? name!
            : throw new ArgumentException(
                $"'{name}' is not a valid series name: use 1 to 64 lower-case letters, digits, '-' or '_', starting with a letter or digit (for example 'pool').",
                nameof(name));

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
