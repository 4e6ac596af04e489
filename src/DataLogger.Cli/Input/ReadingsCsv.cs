using System.Globalization;
using DataLogger.Cli.Common;
using DataLogger.Readings;
using nietras.SeparatedValues;

namespace DataLogger.Cli.Input;

/// <summary>
/// Reads readings from a CSV file, mapping the columns of the exports people have:
/// <list type="bullet">
/// <item>ours, as <c>datalogger query --format csv</c> and the page's download write it (<c>time,timestamp,celsius,fahrenheit</c>),
/// and the original system's (<c>time,temp_c,temp_f</c>, local times);</item>
/// <item>ThingSpeak's channel export (<c>created_at,entry_id,field1,…</c>): <c>created_at</c> and <c>field1</c>, or the
/// field <c>--column</c> names;</item>
/// <item>Home Assistant's history download (<c>entity_id,state,last_changed</c>): one entity's numeric states
/// (<c>unavailable</c> and <c>unknown</c> are refused), the entity <c>--entity</c> names when it holds several.</item>
/// </list>
/// Times without an offset are local times of the display zone; a row that cannot be a reading is refused with its reason.
/// </summary>
static class ReadingsCsv
{
    static readonly string[] TimeColumns = ["timestamp", "time", "created_at", "last_changed", "last_updated"];
    static readonly string[] TemperatureColumns = ["celsius", "temp_c", "celcius", "field1", "state"];

    /// <summary>What to take from the file beyond what its header says.</summary>
    /// <param name="Column">The temperature column, or null to find it.</param>
    /// <param name="Entity">Home Assistant's entity to take, or null for the only one.</param>
    /// <param name="Fahrenheit">Whether the values are °F.</param>
    public sealed record Choice(string? Column = null, string? Entity = null, bool Fahrenheit = false)
    {
        /// <summary>What the values measure: a temperature unless said (<c>--quantity</c>), or the file's <c>unit</c> column says.</summary>
        public Quantity? Quantity { get; init; }
    }

    /// <summary>The readings of a file (ordered by time), the rows refused with their reasons, and how the columns were mapped.</summary>
    public sealed record Result(List<Reading> Readings, List<(int Line, string Reason)> Refused, string Mapping)
    {
        /// <summary>What the readings measure.</summary>
        public Quantity Quantity { get; init; } = Quantity.Temperature;
    }

    /// <summary>Reads the file, refusing (not failing on) the rows that are not readings.</summary>
    /// <exception cref="UserErrorException">The file is missing, or has no columns that can be mapped.</exception>
    public static Result Read(string path, TimeZoneInfo zone, Choice choice)
    {
        ArgumentNullException.ThrowIfNull(choice);
        if (!File.Exists(path))
        {
            throw new UserErrorException($"there is no CSV file {Path.GetFullPath(path)}.");
        }

        using var reader = Sep.Reader(o => o with { Unescape = true, Trim = SepTrim.All }).FromFile(path);
        var header = reader.Header;
        var names = header.ColNames;
        var time = choice.Column is null || choice.Column != "timestamp" ? TimeColumns.FirstOrDefault(names.Contains) : null;
        var quantity = choice.Quantity ?? (names.Contains("unit") ? UnitOf(path) : Quantity.Temperature);
        var value = choice.Column ?? (quantity.IsTemperature ? TemperatureColumns : ["value", .. TemperatureColumns]).FirstOrDefault(names.Contains);
        if (time is null || value is null || !names.Contains(value))
        {
            throw new UserErrorException(
                $"{path} needs a time column ({string.Join(", ", TimeColumns)}) and a temperature column ({string.Join(", ", TemperatureColumns)}, or name it with --column); it has: {string.Join(", ", names)}.");
        }

        var entityIndex = names.Contains("entity_id") ? header.IndexOf("entity_id") : -1;
        var entity = entityIndex >= 0 ? choice.Entity ?? OnlyEntity(path) : null;
        var (timeIndex, valueIndex) = (header.IndexOf(time), header.IndexOf(value));
        var unitIndex = names.Contains("unit") ? header.IndexOf("unit") : -1;
        var readings = new List<Reading>();
        var refused = new List<(int, string)>();
        var line = 1;
        foreach (var row in reader)
        {
            line++;
            if (entity is not null && row[entityIndex].ToString() != entity)
            {
                continue;
            }

            Reading? reading = null;
            if ((unitIndex >= 0 && row[unitIndex].ToString() is { Length: > 0 } unit && unit != quantity.Unit
                    ? $"its unit is {unit}, not {quantity.Unit} ({quantity})"
                    : ReadRow(row[timeIndex].ToString(), row[valueIndex].ToString(), time, zone, choice.Fahrenheit, quantity, out reading)) is { } reason)
            {
                refused.Add((line, reason));
            }
            else
            {
                readings.Add(reading!);
            }
        }

        readings.Sort((a, b) => a.Timestamp.CompareTo(b.Timestamp));
        var mapping = $"time from '{time}', {(quantity.IsTemperature ? $"°{(choice.Fahrenheit ? "F" : "C")}" : quantity.Unit)} from '{value}'{(entity is null ? string.Empty : $" of {entity}")}";
        return new Result(readings, refused, mapping) { Quantity = quantity };
    }

    /// <summary>Reads the file whole: a row that is not a reading fails it (<c>render --csv</c>).</summary>
    /// <exception cref="UserErrorException">The file is missing, has no usable columns, or a row cannot be read.</exception>
    public static List<Reading> Read(string path, TimeZoneInfo zone)
    {
        var result = Read(path, zone, new Choice());
        return result.Refused is [var (line, reason), ..] ? throw new UserErrorException($"{path}, line {line}: {reason}") : result.Readings;
    }

    // Why a row is not a reading, or null with the reading.
    static string? ReadRow(string timeText, string valueText, string timeColumn, TimeZoneInfo zone, bool fahrenheit, Quantity quantity, out Reading? reading)
    {
        reading = null;
        if (Ingest.QuantityFields.Value(quantity, valueText) is not { } value)
        {
            var what = quantity.IsTemperature ? "temperature" : quantity.Noun;
            return valueText.Length == 0 ? $"no {what}" : $"'{valueText}' is not {(quantity.IsTemperature ? "a temperature" : $"a value of {what}")}";
        }

        long timestamp;
        try
        {
            timestamp = timeColumn == "timestamp"
                ? long.Parse(timeText, NumberStyles.Integer, CultureInfo.InvariantCulture)
                : ParseTime(timeText, zone).ToUnixTimeSeconds();
        }
        catch (FormatException)
        {
            return timeText.Length == 0 ? "no time" : $"'{timeText}' is not a time";
        }

        var converted = fahrenheit && quantity.IsTemperature ? (value - 32) * 5 / 9 : value;
        if (Reading.Validate(quantity, timestamp, converted) is { } problem)
        {
            return problem;
        }

        reading = Reading.Create(quantity, timestamp, converted);
        return null;
    }

    // The quantity our CSV's unit column names (time,timestamp,value,unit): the one known quantity with it.
    static Quantity UnitOf(string path)
    {
        using var reader = Sep.Reader(o => o with { Unescape = true, Trim = SepTrim.All }).FromFile(path);
        var units = reader.Enumerate(row => row["unit"].ToString()).Where(u => u.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (units.Count != 1)
        {
            return units.Count == 0 ? Quantity.Temperature : throw new UserErrorException($"{path} holds readings in {string.Join(", ", units)}: import one unit at a time, or name it with --quantity.");
        }

        var known = Quantity.All.Where(q => q.Unit == units[0]).ToList();
        return known.Count == 1 ? known[0]
            : throw new UserErrorException($"{path} holds readings in {units[0]}, which is {(known.Count == 0 ? "no known quantity's unit" : $"the unit of {string.Join(" and ", known.Select(q => q.Name))}")}: say which with --quantity (such as --quantity {(known.Count > 0 ? known[0].Name : "number:" + units[0])}).");
    }

    // Home Assistant's download holds every entity asked for: without --entity, the file must hold one.
    static string OnlyEntity(string path)
    {
        using var reader = Sep.Reader(o => o with { Unescape = true, Trim = SepTrim.All }).FromFile(path);
        var entities = reader.Enumerate(row => row["entity_id"].ToString()).Distinct(StringComparer.Ordinal).ToList();
        return entities.Count == 1
            ? entities[0]
            : throw new UserErrorException($"{path} holds the history of {entities.Count} entities ({string.Join(", ", entities.Take(6))}): name one with --entity.");
    }

    static DateTimeOffset ParseTime(string text, TimeZoneInfo zone)
    {
        // ThingSpeak writes "2024-05-01 12:00:00 UTC".
        if (text.EndsWith(" UTC", StringComparison.Ordinal))
        {
            text = text[..^4] + "Z";
        }

        var local = DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces);
        if (local.Kind == DateTimeKind.Utc || text.EndsWith('Z') || HasOffset(text))
        {
            return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    static bool HasOffset(string text)
    {
        var t = text.IndexOfAny(['T', ' ']);
        return t > 0 && (text.IndexOf('+', t) > 0 || text.IndexOf('-', t) > 0);
    }
}
