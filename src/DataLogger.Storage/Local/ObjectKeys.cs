namespace DataLogger.Storage.Local;

/// <summary>Checks that a key can be a path below a folder without escaping it.</summary>
static class ObjectKeys
{
    /// <summary>Throws unless <paramref name="key"/> is a relative <c>/</c>-separated path of plain names.</summary>
    public static void Validate(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (key.Contains('\\', StringComparison.Ordinal) || key.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The key '{key}' contains a backslash or NUL, which a local bucket does not allow.", nameof(key));
        }

        foreach (var segment in key.Split('/'))
        {
            if (segment.Length == 0 || segment[0] == '.')
            {
                throw new ArgumentException(
                    $"The key '{key}' has an empty segment or one that starts with '.', which a local bucket does not allow.", nameof(key));
            }
        }
    }
}
