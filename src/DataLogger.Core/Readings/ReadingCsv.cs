using System.Globalization;

namespace DataLogger.Readings;

/// <summary>
/// Readings as CSV, the one place its columns are spelled: <c>time,timestamp,celsius,fahrenheit</c> for a temperature,
/// <c>time,timestamp,value,unit</c> for another quantity, the time in the display zone with its offset. <c>datalogger query --format csv</c> prints it, each view of the site offers it for
/// download (a longer view's rows are its bands: the mean, then the lowest, the highest and how many readings), and
/// <c>datalogger import</c> reads it back.
/// </summary>
public static class ReadingCsv
{
    /// <summary>The header of readings.</summary>
    public const string Header = "time,timestamp,celsius,fahrenheit";

    /// <summary>The header of bands: the readings' columns (the mean as <c>celsius</c>), then <c>min_celsius,max_celsius,readings</c>.</summary>
    public const string BandHeader = Header + ",min_celsius,max_celsius,readings";

    /// <summary>The header of readings of another quantity than temperature.</summary>
    public const string ValueHeader = "time,timestamp,value,unit";

    /// <summary>The header of another quantity's bands: the mean as <c>value</c>, then <c>min,max,readings</c>.</summary>
    public const string ValueBandHeader = ValueHeader + ",min,max,readings";

    /// <summary>The header of readings of <paramref name="quantity"/>.</summary>
    public static string HeaderOf(Quantity quantity) => quantity?.IsTemperature != false ? Header : ValueHeader;

    /// <summary>A reading as a row: a temperature in °C and °F, another quantity's value and unit.</summary>
    public static string Row(Reading reading, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(reading);
        return reading.IsTemperature
            ? string.Create(CultureInfo.InvariantCulture, $"{Local(reading.Time, zone):yyyy-MM-ddTHH:mm:sszzz},{reading.Timestamp},{reading.Celsius:0.00#},{reading.Fahrenheit:0.00#}")
            : string.Create(CultureInfo.InvariantCulture, $"{Local(reading.Time, zone):yyyy-MM-ddTHH:mm:sszzz},{reading.Timestamp},{reading.Value:0.###},{reading.Unit}");
    }

    /// <summary>A band as a row: its start, its mean (°C and °F, or value and unit), lowest, highest and count.</summary>
    public static string Row(ReadingBand band, TimeZoneInfo zone, Quantity? quantity = null)
    {
        ArgumentNullException.ThrowIfNull(band);
        return Row(Reading.Stored(band.Start, band.Mean, (quantity ?? Quantity.Temperature).Unit), zone)
            + string.Create(CultureInfo.InvariantCulture, $",{band.Min:0.00#},{band.Max:0.00#},{band.Count}");
    }

    /// <summary>Readings of <paramref name="quantity"/> (a temperature unless said) as a whole CSV text, header first.</summary>
    public static string Of(IEnumerable<Reading> readings, TimeZoneInfo zone, Quantity? quantity = null) =>
        string.Join("\n", readings.Select(r => Row(r, zone)).Prepend(HeaderOf(quantity ?? Quantity.Temperature))) + "\n";

    /// <summary>Bands of <paramref name="quantity"/> (a temperature unless said) as a whole CSV text, header first.</summary>
    public static string Of(IEnumerable<ReadingBand> bands, TimeZoneInfo zone, Quantity? quantity = null) =>
        string.Join("\n", bands.Select(b => Row(b, zone, quantity)).Prepend((quantity ?? Quantity.Temperature).IsTemperature ? BandHeader : ValueBandHeader)) + "\n";

    /// <summary>The header of notes: when, its Unix seconds, a span's end (empty for a moment), its series (empty for the station), its text.</summary>
    public const string NotesHeader = "time,timestamp,end,series,text";

    /// <summary>Notes as a whole CSV text, header first, the text quoted as RFC 4180 says where it needs to be.</summary>
    public static string Of(IEnumerable<Notes.Note> notes, TimeZoneInfo zone) =>
        string.Join("\n", notes.Select(n => string.Create(CultureInfo.InvariantCulture,
            $"{Local(n.Time, zone):yyyy-MM-ddTHH:mm:sszzz},{n.Timestamp},{n.End},{n.Series},{Quoted(n.Text)}")).Prepend(NotesHeader)) + "\n";

    static string Quoted(string text) => text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;

    static DateTimeOffset Local(DateTimeOffset time, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(time, zone);
}
