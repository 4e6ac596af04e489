using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DataLogger.Readings;

namespace DataLogger.Notes;

/// <summary>
/// What happened to the pool, beside what it measured: a short text at a time ("Shocked, 1 kg cal-hypo"), or over a
/// span ("cover on", 18:00 to 08:00), for one series or the whole station. A note is stored once at a key made of its
/// time and its content (<see cref="ReadingKey.NoteKey"/>), so the same note sent twice is one note.
/// </summary>
/// <param name="Timestamp">When it happened (or began), Unix seconds.</param>
/// <param name="End">When a span ended, Unix seconds, or null for a moment.</param>
/// <param name="Series">The series it is about, or null for the whole station.</param>
/// <param name="Text">The text, one line, 1 to <see cref="MaxLength"/> characters.</param>
public sealed record Note(long Timestamp, long? End, string? Series, string Text)
{
    /// <summary>The longest text.</summary>
    public const int MaxLength = 500;

    /// <summary>The longest span: a month (a cover on for a holiday).</summary>
    public static TimeSpan MaxSpan { get; } = TimeSpan.FromDays(31);

    /// <summary>
    /// The UTC months (their first days) a note any of which falls in <paramref name="window"/> can start in: from the
    /// month <see cref="MaxSpan"/> before the window's start to the window's end's. The one answer the note book, the
    /// notes' SQL and DuckDB's listing share.
    /// </summary>
    public static IEnumerable<DateOnly> MonthsOf(Time.TimeWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        var first = DateOnly.FromDateTime((window.Start - MaxSpan).UtcDateTime);
        var last = DateOnly.FromDateTime(window.End.UtcDateTime);
        for (var month = new DateOnly(first.Year, first.Month, 1); month <= last; month = month.AddMonths(1))
        {
            yield return month;
        }
    }

    /// <summary>How far ahead of this machine's clock a note's time may be (another device's clock).</summary>
    public static TimeSpan ClockSlack { get; } = TimeSpan.FromMinutes(5);

    /// <summary>When it happened (or began).</summary>
    public DateTimeOffset Time => DateTimeOffset.FromUnixTimeSeconds(Timestamp);

    /// <summary>When its span ended, or null.</summary>
    public DateTimeOffset? EndTime => End is { } end ? DateTimeOffset.FromUnixTimeSeconds(end) : null;

    /// <summary>Whether it spans a time rather than marks a moment.</summary>
    public bool IsSpan => End is not null;

    /// <summary>The note's identity: the first 12 hex digits of the SHA-256 of its time, end, series and text.</summary>
    public string Id => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
        string.Create(CultureInfo.InvariantCulture, $"{Timestamp}\n{End}\n{Series}\n{Text}"))))[..12];

    /// <summary>Whether it is about <paramref name="series"/>: its own note, or one of the whole station.</summary>
    public bool IsAbout(string series) => Series is null || Series == series;

    /// <summary>Whether any of it falls in <paramref name="window"/> (a moment inside it, or a span that overlaps it).</summary>
    public bool FallsIn(Time.TimeWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        return Time <= window.End && (EndTime ?? Time) > window.Start;
    }

    /// <summary>
    /// A note, checked: the text trimmed to one line (line breaks become spaces), 1 to <see cref="MaxLength"/>
    /// characters; not later than <paramref name="now"/> (notes say what happened); a span's end after its start and
    /// at most <see cref="MaxSpan"/> long (it may end in the future: "cover on until 08:00"); the series, when given, valid.
    /// </summary>
    /// <param name="text">What happened.</param>
    /// <param name="at">When; null: now, to the minute (the same note sent twice in a minute is one note).</param>
    /// <param name="now">This machine's time.</param>
    /// <param name="series">The series it is about, or null for the whole station.</param>
    /// <param name="until">When its span ends, or null for a moment.</param>
    /// <exception cref="NoteException">What is wrong, in one line a user can act on.</exception>
    public static Note Create(string? text, DateTimeOffset? at, DateTimeOffset now, string? series = null, DateTimeOffset? until = null)
    {
        var when = at ?? DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds() / 60 * 60);
        var line = string.Join(' ', (text ?? string.Empty).Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Trim();
        if (line.Length == 0)
        {
            throw new NoteException("a note needs a text, such as \"Shocked, 1 kg cal-hypo\"");
        }

        if (line.Length > MaxLength || line.Any(char.IsControl))
        {
            throw new NoteException(line.Length > MaxLength
                ? $"a note is at most {MaxLength} characters; this one has {line.Length}"
                : "a note's text has a control character: write plain text");
        }

        if (when > now + ClockSlack)
        {
            throw new NoteException($"the note's time {when.UtcDateTime:yyyy-MM-dd HH:mm} UTC is in the future: a note says what happened (give --at a time before now)");
        }

        if (until is { } end && (end <= when || end - when > MaxSpan))
        {
            throw new NoteException(end <= when
                ? $"the note's end {end.UtcDateTime:yyyy-MM-dd HH:mm} UTC is not after its start {when.UtcDateTime:yyyy-MM-dd HH:mm} UTC"
                : $"a note spans at most {MaxSpan.TotalDays:0} days; this one spans {(end - when).TotalDays:0.#}");
        }

        if (series is not null && !Readings.Series.IsValid(series))
        {
            throw new NoteException($"'{series}' is not a series name");
        }

        return new Note(when.ToUnixTimeSeconds(), until?.ToUnixTimeSeconds(), series, line);
    }
}

/// <summary>A note that cannot be taken; the message says why in one line.</summary>
public sealed class NoteException(string message) : ArgumentException(message);
