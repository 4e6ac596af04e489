using System.Globalization;
using System.Text;

namespace DataLogger.Ingest;

/// <summary>One point of InfluxDB line protocol: <c>temperature,device=esp,id=28-… value=22.63 1796256000000000000</c>.</summary>
/// <param name="Measurement">The measurement.</param>
/// <param name="Tags">Its tags.</param>
/// <param name="Fields">Its numeric fields (integers, unsigned and floats; strings and booleans are left out).</param>
/// <param name="Time">When, or null for "when it arrived".</param>
public sealed record LinePoint(string Measurement, IReadOnlyDictionary<string, string> Tags, IReadOnlyDictionary<string, double> Fields, DateTimeOffset? Time);

/// <summary>
/// Reads InfluxDB line protocol as Telegraf, Tasmota's InfluxDB driver and the <c>influx</c> clients write it
/// (<see href="https://docs.influxdata.com/influxdb/v1/write_protocols/line_protocol_reference/"/>): a measurement,
/// tags, fields and an optional timestamp per line, with backslash escapes, quoted string fields, <c>i</c>/<c>u</c>
/// integer suffixes, comments and blank lines.
/// </summary>
public static class LineProtocol
{
    /// <summary>The points of <paramref name="text"/>, each timestamp read in <paramref name="precision"/> (<c>ns</c>, <c>us</c>/<c>u</c>, <c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c>; empty: ns).</summary>
    /// <exception cref="FormatException">A line is not line protocol; the message names the line and what is wrong.</exception>
    public static IReadOnlyList<LinePoint> Parse(string text, string? precision = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        // Ticks (100 ns) per unit, and nanoseconds as a division: whole numbers, no rounding of a double.
        var ticksPerUnit = precision switch
        {
            null or "" or "ns" or "n" => -100L,
            "us" or "u" => 10L,
            "ms" => TimeSpan.TicksPerMillisecond,
            "s" => TimeSpan.TicksPerSecond,
            "m" => TimeSpan.TicksPerMinute,
            "h" => TimeSpan.TicksPerHour,
            _ => throw new FormatException($"'{precision}' is not a precision: use ns, us, ms or s"),
        };
        var points = new List<LinePoint>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            try
            {
                points.Add(ParseLine(line, ticksPerUnit));
            }
            catch (FormatException e)
            {
                throw new FormatException($"line {i + 1}: {e.Message}", e);
            }
        }

        return points;
    }

    static LinePoint ParseLine(string line, long ticksPerUnit)
    {
        // Three parts split at unescaped spaces outside quotes: measurement and tags, fields, timestamp.
        var parts = Split(line, ' ', quotes: true).Where(p => p.Length > 0).ToList();
        if (parts.Count is < 2 or > 3)
        {
            throw new FormatException("a line is 'measurement[,tag=value] field=value [timestamp]'");
        }

        var head = Split(parts[0], ',', quotes: false);
        var measurement = Unescape(head[0]);
        if (measurement.Length == 0)
        {
            throw new FormatException("no measurement");
        }

        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in head.Skip(1))
        {
            var (key, value) = Pair(tag, "tag");
            tags[key] = value;
        }

        var fields = new Dictionary<string, double>(StringComparer.Ordinal);
        var any = false;
        foreach (var field in Split(parts[1], ',', quotes: true))
        {
            var (key, value) = Pair(field, "field");
            any = true;
            if (Number(value) is { } number)
            {
                fields[key] = number;
            }
        }

        if (!any)
        {
            throw new FormatException("no field");
        }

        DateTimeOffset? time = null;
        if (parts.Count == 3)
        {
            try
            {
                time = long.TryParse(parts[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var stamp)
                    ? DateTimeOffset.UnixEpoch.AddTicks(ticksPerUnit < 0 ? stamp / -ticksPerUnit : checked(stamp * ticksPerUnit))
                    : throw new FormatException($"'{parts[2]}' is not a timestamp");
            }
            catch (Exception e) when (e is OverflowException or ArgumentOutOfRangeException)
            {
                throw new FormatException($"the timestamp {parts[2]} is out of range for its precision", e);
            }
        }

        return new LinePoint(measurement, tags, fields, time);
    }

    // A field value as a number: 22.63, 22i, 22u, 2.2e1; null for strings and booleans (kept out of readings).
    static double? Number(string value)
    {
        if (value.StartsWith('"') || value is "t" or "T" or "true" or "True" or "TRUE" or "f" or "F" or "false" or "False" or "FALSE")
        {
            return null;
        }

        var digits = value.EndsWith('i') || value.EndsWith('u') ? value[..^1] : value;
        return double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? number
            : throw new FormatException($"'{value}' is not a field value");
    }

    internal static (string Key, string Value) Pair(string text, string what)
    {
        var parts = Split(text, '=', quotes: true);
        if (parts.Count != 2 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            throw new FormatException($"'{text}' is not {what}=value");
        }

        return (Unescape(parts[0]), what == "tag" ? Unescape(parts[1]) : parts[1]);
    }

    // Splits at a separator that is neither escaped with a backslash nor inside double quotes (when quotes count).
    internal static List<string> Split(string text, char separator, bool quotes)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length)
            {
                current.Append(c).Append(text[++i]);
            }
            else if (c == '"' && quotes)
            {
                quoted = !quoted;
                current.Append(c);
            }
            else if (c == separator && !quoted)
            {
                parts.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        if (quoted)
        {
            throw new FormatException("a quoted string is not closed");
        }

        parts.Add(current.ToString());
        return parts;
    }

    internal static string Unescape(string text) => text.Replace("\\,", ",", StringComparison.Ordinal).Replace("\\=", "=", StringComparison.Ordinal)
        .Replace("\\ ", " ", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
}
