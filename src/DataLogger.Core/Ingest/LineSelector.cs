namespace DataLogger.Ingest;

/// <summary>
/// The line-protocol points a device's map entry names: a measurement, and the tags a point must carry with those
/// values, written as line protocol writes a point's head (<c>temperature,id=28-0316a279c4ff</c>), with its escapes
/// (<c>\,</c>, <c>\ </c>, <c>\=</c>) for those characters inside a name or value (<c>temp,location=us\,west</c>).
/// </summary>
/// <param name="Measurement">The measurement, unescaped.</param>
/// <param name="Tags">The tags a point must carry, unescaped.</param>
public sealed record LineSelector(string Measurement, IReadOnlyDictionary<string, string> Tags)
{
    /// <summary>The selector <paramref name="text"/> writes.</summary>
    /// <exception cref="FormatException">It is not <c>measurement[,tag=value…]</c>; the message says what is wrong.</exception>
    public static LineSelector Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var head = LineProtocol.Split(text, ',', quotes: false);
        var measurement = LineProtocol.Unescape(head[0]);
        if (measurement.Length == 0)
        {
            throw new FormatException($"'{text}' names no measurement");
        }

        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in head.Skip(1))
        {
            var (key, value) = LineProtocol.Pair(tag, "tag");
            tags[key] = value;
        }

        return new LineSelector(measurement, tags);
    }

    /// <summary>The selector <paramref name="text"/> writes, or null when it is not one.</summary>
    public static LineSelector? TryParse(string text)
    {
        try
        {
            return Parse(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// The selector that names <paramref name="point"/> exactly, as line protocol writes its head (escapes and all):
    /// how a point is named in messages, and a map key that takes it.
    /// </summary>
    public static string Of(LinePoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        return Escape(point.Measurement, ", ") + string.Concat(point.Tags.Select(t => $",{Escape(t.Key, ",= ")}={Escape(t.Value, ",= ")}"));

        static string Escape(string text, string special) =>
            string.Concat(text.Select(c => special.Contains(c, StringComparison.Ordinal) ? $"\\{c}" : c.ToString()));
    }

    /// <summary>Whether <paramref name="point"/> is of this measurement and carries each of these tags with its value.</summary>
    public bool Matches(LinePoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        return point.Measurement == Measurement && Tags.All(t => point.Tags.TryGetValue(t.Key, out var v) && v == t.Value);
    }
}
