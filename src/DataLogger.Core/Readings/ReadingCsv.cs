using System.Globalization;

namespace DataLogger.Readings;

/// <summary>
/// Readings as CSV, the one place its columns are spelled: <c>time,timestamp,celsius,fahrenheit</c>, the time in the
/// display zone with its offset. <c>datalogger query --format csv</c> prints it, each view of the site offers it for
/// download (a longer view's rows are its bands: the mean, then the lowest, the highest and how many readings), and
/// <c>datalogger import</c> reads it back.
/// </summary>
public static class ReadingCsv
{
    /// <summary>The header of readings.</summary>
    public const string Header = "time,timestamp,celsius,fahrenheit";

    /// <summary>The header of bands: the readings' columns (the mean as <c>celsius</c>), then <c>min_celsius,max_celsius,readings</c>.</summary>
    public const string BandHeader = Header + ",min_celsius,max_celsius,readings";

    /// <summary>A reading as a row.</summary>
    public static string Row(Reading reading, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(reading);
        return string.Create(CultureInfo.InvariantCulture,
            $"{Local(reading.Time, zone):yyyy-MM-ddTHH:mm:sszzz},{reading.Timestamp},{reading.Celsius:0.00#},{reading.Fahrenheit:0.00#}");
    }

    /// <summary>A band as a row: its start, its mean (°C and °F), lowest, highest and count.</summary>
    public static string Row(ReadingBand band, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(band);
        return Row(Reading.Create(band.Start, band.Mean), zone) + string.Create(CultureInfo.InvariantCulture, $",{band.Min:0.00#},{band.Max:0.00#},{band.Count}");
    }

    /// <summary>Readings as a whole CSV text, header first.</summary>
    public static string Of(IEnumerable<Reading> readings, TimeZoneInfo zone) =>
        string.Join("\n", readings.Select(r => Row(r, zone)).Prepend(Header)) + "\n";

    /// <summary>Bands as a whole CSV text, header first.</summary>
    public static string Of(IEnumerable<ReadingBand> bands, TimeZoneInfo zone) =>
        string.Join("\n", bands.Select(b => Row(b, zone)).Prepend(BandHeader)) + "\n";

    static DateTimeOffset Local(DateTimeOffset time, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(time, zone);
}
