using System.Globalization;

namespace DataLogger.Readings;

/// <summary>
/// Where a reading is stored: <c>{series}/{yyyy}/{MM}/{dd}/{unixSeconds}.json</c>, with the date parts taken
/// from the reading's UTC time and zero-padded. The same reading always maps to the same key, so a retried
/// upload overwrites itself and never makes a duplicate. This type owns the layout: the prefixes of a series, a month
/// and a day, their parsing, and the template Athena's partition projection reads it with.
/// </summary>
/// <param name="Series">The series the reading belongs to.</param>
/// <param name="Timestamp">The reading's time in Unix seconds (UTC).</param>
public sealed record ReadingKey(string Series, long Timestamp)
{
    /// <summary>The file extension of every reading object.</summary>
    public const string Extension = ".json";

    /// <summary>The folders of a key, outermost first, named as the table's partition columns: series, year, month, day.</summary>
    public static IReadOnlyList<string> Folders { get; } = ["series", "year", "month", "day"];

    /// <summary>The key of <paramref name="reading"/> in <paramref name="series"/>.</summary>
    public static ReadingKey For(string series, Reading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        return new ReadingKey(Readings.Series.Validate(series), reading.Timestamp);
    }

    /// <summary>The UTC day the key's reading belongs to.</summary>
    public DateOnly Day => DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(Timestamp).UtcDateTime);

    /// <summary>The prefix of every key of <paramref name="series"/>, ending in <c>/</c>: <c>pool/</c>.</summary>
    public static string SeriesPrefix(string series) => series + "/";

    /// <summary>The prefix of every key of <paramref name="series"/> in the month of <paramref name="day"/>, ending in <c>/</c>: <c>pool/2025/11/</c>.</summary>
    public static string MonthPrefix(string series, DateOnly day) =>
        string.Create(CultureInfo.InvariantCulture, $"{SeriesPrefix(series)}{day.Year:D4}/{day.Month:D2}/");

    /// <summary>The prefix of every key of <paramref name="series"/> on <paramref name="day"/>, ending in <c>/</c>: <c>pool/2025/11/27/</c>.</summary>
    public static string DayPrefix(string series, DateOnly day) => MonthPrefix(series, day) + DayFolder(day.Day);

    /// <summary>The name of a day's folder within its month's folder, ending in <c>/</c>: <c>07/</c>.</summary>
    public static string DayFolder(int dayOfMonth) => dayOfMonth.ToString("00", CultureInfo.InvariantCulture) + "/";

    /// <summary>
    /// The day prefix with a placeholder for each folder (<see cref="Folders"/>), such as Athena's
    /// <c>${series}/${year}/${month}/${day}/</c> for <c>n =&gt; "${" + n + "}"</c>.
    /// </summary>
    public static string DayPrefixTemplate(Func<string, string> placeholder)
    {
        ArgumentNullException.ThrowIfNull(placeholder);
        return string.Join('/', Folders.Select(placeholder)) + "/";
    }

    /// <summary>
    /// The folder at the top of a bucket that holds the station's notes (<see cref="Notes.Note"/>): no series is named so
    /// (<see cref="Readings.Series.Validate"/>).
    /// </summary>
    public const string NotesFolder = "notes";

    /// <summary>
    /// Where a note is stored: <c>notes/{yyyy}/{MM}/{dd}/{unix}-{id}.json</c>, by its (start) time in UTC and its
    /// <see cref="Notes.Note.Id"/>, so the same note is always the same key and two notes of one second are two keys.
    /// </summary>
    public static string NoteKey(Notes.Note note)
    {
        ArgumentNullException.ThrowIfNull(note);
        var day = DateOnly.FromDateTime(note.Time.UtcDateTime);
        return string.Create(CultureInfo.InvariantCulture, $"{NotesMonthPrefix(day)}{DayFolder(day.Day)}{note.Timestamp}-{note.Id}{Extension}");
    }

    /// <summary>The prefix of the notes of the month of <paramref name="day"/>, ending in <c>/</c>: <c>notes/2026/12/</c>.</summary>
    public static string NotesMonthPrefix(DateOnly day) =>
        string.Create(CultureInfo.InvariantCulture, $"{NotesFolder}/{day.Year:D4}/{day.Month:D2}/");

    /// <summary>
    /// Where the functions keep the state of the pool's fault rules in the data bucket: <c>_state/alerts.json</c> (no
    /// series name starts with <c>_</c>, so no device's policy reaches it).
    /// </summary>
    public const string AlertStateKey = "_state/alerts.json";

    /// <summary>The name of a month's compacted notes: one note a line, as each note's own object holds it.</summary>
    public const string CompactedNotesName = "notes.json";

    /// <summary>The prefix of the compacted months of notes: <c>notes/compacted/</c> (no year, so never a note's month).</summary>
    public const string CompactedNotesPrefix = NotesFolder + "/" + CompactedFolder + "/";

    /// <summary>Where the notes of the month of <paramref name="day"/> are once compacted: <c>notes/compacted/2026/11/notes.json</c>.</summary>
    public static string CompactedNotesKey(DateOnly day) =>
        string.Create(CultureInfo.InvariantCulture, $"{CompactedNotesPrefix}{day.Year:D4}/{day.Month:D2}/{CompactedNotesName}");

    /// <summary>
    /// The folder, inside a series' folder, of its compacted days in a bucket: <c>pool/compacted/</c>. It is no year, so it
    /// never holds a reading key, and it stays under the series' prefix (the same permissions, the same series).
    /// </summary>
    public const string CompactedFolder = "compacted";

    /// <summary>The file name of a compacted day's Parquet object.</summary>
    public const string CompactedName = "readings.parquet";

    /// <summary>The prefix of the compacted days of <paramref name="series"/>, ending in <c>/</c>: <c>pool/compacted/</c>.</summary>
    public static string CompactedPrefix(string series) => SeriesPrefix(series) + CompactedFolder + "/";

    /// <summary>The key of the Parquet object of <paramref name="series"/> on <paramref name="day"/>: <c>pool/compacted/2025/11/27/readings.parquet</c>.</summary>
    public static string CompactedKey(string series, DateOnly day) =>
        CompactedPrefix(series) + DayPrefix(series, day)[SeriesPrefix(series).Length..] + CompactedName;

    /// <summary>
    /// The compacted day prefix with a placeholder for each folder (<see cref="Folders"/>), as <see cref="DayPrefixTemplate"/>:
    /// <c>${series}/compacted/${year}/${month}/${day}/</c>.
    /// </summary>
    public static string CompactedDayPrefixTemplate(Func<string, string> placeholder)
    {
        ArgumentNullException.ThrowIfNull(placeholder);
        return placeholder(Folders[0]) + "/" + CompactedFolder + "/" + string.Join('/', Folders.Skip(1).Select(placeholder)) + "/";
    }

    /// <summary>
    /// The folder, inside a series' folder, of readings kept aside: a reading whose key already held a different one (a
    /// clock set back after a reboot stamps new readings with the times of stored ones). Not a year, so no query or
    /// compaction reads it as readings; nothing in it is ever deleted.
    /// </summary>
    public const string AsideFolder = "aside";

    /// <summary>The prefix of the readings of <paramref name="series"/> kept aside, ending in <c>/</c>: <c>pool/aside/</c>.</summary>
    public static string AsidePrefix(string series) => SeriesPrefix(series) + AsideFolder + "/";

    /// <summary>
    /// Where <c>datalogger doctor</c> puts its test object and deletes it again, <c>{series}/doctor/</c>: under the
    /// series, where a device may write, and never a reading (no <c>.json</c>: no event, no query, no compaction).
    /// </summary>
    public static string DoctorPrefix(string series) => SeriesPrefix(series) + "doctor/";

    /// <summary>
    /// Where the reading <paramref name="body"/>, which met a different one at this key, is kept:
    /// <c>pool/aside/2026/12/03/1796292010-1a2b3c4d.json</c>, named by its body's SHA-256 too, so the same reading kept
    /// aside twice is one object and two different ones are two.
    /// </summary>
    public string AsideKey(ReadOnlySpan<byte> body)
    {
        Span<byte> hash = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(body, hash);
        return string.Create(CultureInfo.InvariantCulture,
            $"{AsidePrefix(Series)}{DayPrefix(Series, Day)[SeriesPrefix(Series).Length..]}{Timestamp}-{Convert.ToHexStringLower(hash[..4])}{Extension}");
    }

    /// <summary>The key as text: <c>pool/2025/11/27/1764201600.json</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{DayPrefix(Series, Day)}{Timestamp}{Extension}");

    /// <summary>
    /// Parses a day prefix such as <c>pool/2025/11/27</c> (a trailing <c>/</c> is allowed), the way the folders of a
    /// bucket are named; returns false for anything else (a month folder, a date that does not exist, a bad series).
    /// </summary>
    public static bool TryParseDayPrefix(string? prefix, out string series, out DateOnly day)
    {
        series = string.Empty;
        day = default;
        var parts = prefix?.TrimEnd('/').Split('/');
        if (parts is not { Length: 4 } || !Readings.Series.IsValid(parts[0])
            || parts[1].Length != 4 || parts[2].Length != 2 || parts[3].Length != 2
            || !DateOnly.TryParseExact($"{parts[1]}-{parts[2]}-{parts[3]}", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
        {
            return false;
        }

        series = parts[0];
        return true;
    }

    /// <summary>The timestamp named by a reading's file name (<c>1764201600.json</c>), or false when it is no such name.</summary>
    public static bool TryParseFileName(ReadOnlySpan<char> name, out long timestamp)
    {
        timestamp = 0;
        if (!name.EndsWith(Extension, StringComparison.Ordinal))
        {
            return false;
        }

        var stem = name[..^Extension.Length];
        return !stem.IsEmpty && stem[0] is not ('-' or '+')
            && long.TryParse(stem, NumberStyles.None, CultureInfo.InvariantCulture, out timestamp)
            && timestamp <= Reading.MaxTimestamp;
    }

    /// <summary>Parses a key; returns false for anything that is not exactly a reading key (wrong date folders included).</summary>
    public static bool TryParse(string? key, out ReadingKey? result)
    {
        result = null;
        if (key is null || key.LastIndexOf('/') is var slash && slash < 0
            || !TryParseFileName(key.AsSpan(slash + 1), out var timestamp)
            || key.AsSpan(0, slash).Count('/') != Folders.Count - 1)
        {
            return false;
        }

        var series = key[..key.IndexOf('/', StringComparison.Ordinal)];
        if (!Readings.Series.IsValid(series))
        {
            return false;
        }

        var candidate = new ReadingKey(series, timestamp);
        if (!string.Equals(candidate.ToString(), key, StringComparison.Ordinal))
        {
            return false; // date folders that do not match the timestamp, or leading zeros
        }

        result = candidate;
        return true;
    }
}
