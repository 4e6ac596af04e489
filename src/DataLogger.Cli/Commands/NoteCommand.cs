using System.CommandLine;
using System.Globalization;
using DataLogger.Cli.Common;
using DataLogger.Cli.Common.Settings;
using DataLogger.Cli.Configuration;
using DataLogger.Notes;
using DataLogger.Storage.Local;

namespace DataLogger.Cli.Commands;

/// <summary>
/// <c>datalogger note "Shocked, 1 kg cal-hypo"</c>: what happened to the pool, at a time or over a span, for one series
/// or the whole station, stored in the local bucket as the station's notes are (<see cref="NoteBook"/>); the page
/// draws it at <c>run</c>'s next update. Times without an offset are the station's (<c>timeZone</c>).
/// </summary>
static class NoteCommand
{
    public static Command Create(Terminal terminal, Option<string> data)
    {
        var text = new Argument<string>("TEXT") { Description = "What happened, at most 500 characters (quote it: \"cover on\")." };
        var series = new Option<string?>("--series") { Description = "The series it is about (default: the whole station).", HelpName = "SERIES" };
        var at = new Option<string?>("--at") { Description = "When: 18:00 (today), 2026-12-06 18:00, ISO 8601 or Unix seconds; the station's time zone unless it says one (default: now).", HelpName = "TIME" };
        var until = new Option<string?>("--until") { Description = "When a span ended (or ends: \"cover on\" --until 08:00 tomorrow is --until \"2026-12-07 08:00\").", HelpName = "TIME" };
        var command = new Command("note", "Note what happened to the pool (shock added, cover on, pump off): drawn on the charts beside the readings.") { text, series, at, until };
        var flags = new SettingFlags(command, data);
        command.Add(flags.Config);
        command.SetGuardedAction(terminal, async (parse, cancellationToken) =>
        {
            var options = RunSettings.From(flags.Read(parse));
            var now = DateTimeOffset.UtcNow;
            DateTimeOffset? Time(Option<string?> option) => parse.GetValue(option) is { } value ? Parse(value, option.Name, options.TimeZone, now) : null;
            var about = parse.GetValue(series) is { } name ? name.ToLowerInvariant() : null;
            if (about is not null && !options.Station.Series.Contains(about))
            {
                throw new UserErrorException($"'{about}' is not a series of this station ({string.Join(", ", options.Station.Series)}): name one of them, or leave --series out for a note of the whole station.");
            }

            Note note;
            try
            {
                note = Note.Create(parse.GetValue(text), Time(at), now, about, Time(until));
            }
            catch (NoteException e)
            {
                throw new UserErrorException(e.Message + "; nothing was stored.", e);
            }

            Directory.CreateDirectory(options.Folder.Bucket);
            var added = await new NoteBook(new LocalFolderStore(options.Folder.Bucket)).AddAsync(note, cancellationToken).ConfigureAwait(false);
            await terminal.Out.WriteLineAsync(added
                ? $"Noted \"{note.Text}\" {Describe(note, options.TimeZone)}; the page shows it at run's next update."
                : $"\"{note.Text}\" {Describe(note, options.TimeZone)} was noted already.").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    // "for the whole station at 2026-12-06 18:00" / "for 'pool' from 2026-12-06 18:00 to 2026-12-07 08:00"
    static string Describe(Note note, TimeZoneInfo zone)
    {
        string Local(DateTimeOffset time) => TimeZoneInfo.ConvertTime(time, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var about = note.Series is { } series ? $"for '{series}'" : "for the whole station";
        return note.EndTime is { } end ? $"{about} from {Local(note.Time)} to {Local(end)}" : $"{about} at {Local(note.Time)}";
    }

    static DateTimeOffset Parse(string text, string option, TimeZoneInfo zone, DateTimeOffset now) =>
        Time.TypedTime.TryParse(text, zone, now) ?? throw new UserErrorException($"{option}: '{text}' is not a time: write {Time.TypedTime.Forms}.");
}
