namespace DataLogger.Cli.Common.Settings;

/// <summary>The known key a misspelt one most likely meant: <c>targt</c> is <c>target</c>, <c>w1-root</c> is <c>w1Root</c>.</summary>
static class NearestKey
{
    /// <summary>The key of <paramref name="known"/> nearest to <paramref name="typed"/>, or null when none is near.</summary>
    public static string? Of(string typed, IEnumerable<string> known)
    {
        ArgumentNullException.ThrowIfNull(typed);
        var word = Normal(typed);
        var limit = Math.Clamp(word.Length / 3, 1, 3);
        var candidates = known.Select(k => (Key: k, Distance: Distance(word, Normal(k)))).ToList();
        if (candidates.Where(c => c.Distance <= limit).OrderBy(c => c.Distance).Select(c => c.Key).FirstOrDefault() is { } near)
        {
            return near;
        }

        // A part of a key, or a key with more to it: offline for offlineAfter, discoveryPrefix for mqttDiscoveryPrefix.
        return candidates.Select(c => c.Key).FirstOrDefault(k => Normal(k) is var n && Math.Min(n.Length, word.Length) >= 4
            && (n.Contains(word, StringComparison.Ordinal) || word.Contains(n, StringComparison.Ordinal)));
    }

    // Case, dashes and underscores aside: the flag's spelling (w1-root) is the key's (w1Root).
    static string Normal(string key) => key.Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal).ToLowerInvariant();

    // The edits from one to the other: a letter added, removed, changed, or two swapped.
    static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
