using System.Globalization;
using DataLogger.Cli.Common;
using DataLogger.Readings;
using nietras.SeparatedValues;

namespace DataLogger.Cli.Input;

/// <summary>
/// Reads readings from a CSV file: what <c>datalogger query --format csv</c> writes
/// (<c>time,timestamp,celsius,fahrenheit</c>) or the original system's export (<c>time,temp_c,temp_f</c>, local times).
/// </summary>
static class ReadingsCsv
{
    static readonly string[] TemperatureColumns = ["celsius", "temp_c", "celcius"];

    /// <summary>Reads the readings, ordered by time; times without an offset are local times of <paramref name="zone"/>.</summary>
    /// <exception cref="UserErrorException">The file is missing, has no usable columns, or a row cannot be read.</exception>
    public static List<Reading> Read(string path, TimeZoneInfo zone)
    {
        if (!File.Exists(path))
        {
            throw new UserErrorException($"there is no CSV file {Path.GetFullPath(path)}.");
        }

        using var reader = Sep.Reader(o => o with { Unescape = true, Trim = SepTrim.All }).FromFile(path);
        var header = reader.Header;
        var hasTimestamp = header.TryIndexOf("timestamp", out var timestampIndex);
        var hasTime = header.TryIndexOf("time", out var timeIndex);
        var celsiusIndex = -1;
        foreach (var name in TemperatureColumns)
        {
            if (header.TryIndexOf(name, out celsiusIndex))
            {
                break;
            }
        }

        if (!(hasTimestamp || hasTime) || celsiusIndex < 0)
        {
            throw new UserErrorException(
                $"{path} needs a 'timestamp' (Unix seconds) or 'time' column and a 'celsius' or 'temp_c' column; it has: {string.Join(", ", header.ColNames)}.");
        }

        var readings = new List<Reading>();
        var line = 1;
        foreach (var row in reader)
        {
            line++;
            try
            {
                var timestamp = hasTimestamp
                    ? long.Parse(row[timestampIndex].Span, NumberStyles.Integer, CultureInfo.InvariantCulture)
                    : ParseTime(row[timeIndex].ToString(), zone).ToUnixTimeSeconds();
                var celsius = double.Parse(row[celsiusIndex].Span, NumberStyles.Float, CultureInfo.InvariantCulture);
                readings.Add(Reading.Create(timestamp, celsius));
            }
            catch (Exception e) when (e is FormatException or OverflowException or ArgumentOutOfRangeException)
            {
                throw new UserErrorException($"{path}, line {line}: {e.Message}", e);
            }
        }

        readings.Sort((a, b) => a.Timestamp.CompareTo(b.Timestamp));
        return readings;
    }

    static DateTimeOffset ParseTime(string text, TimeZoneInfo zone)
    {
        var local = DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces);
        if (local.Kind == DateTimeKind.Utc || text.EndsWith('Z') || HasOffset(text))
        {
            return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    static bool HasOffset(string text)
    {
        var t = text.IndexOf('T', StringComparison.Ordinal);
        return t > 0 && (text.IndexOf('+', t) > 0 || text.IndexOf('-', t) > 0);
    }
}
