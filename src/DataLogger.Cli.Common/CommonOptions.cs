using System.CommandLine;
using System.CommandLine.Parsing;
using DataLogger.Time;

namespace DataLogger.Cli.Common;

/// <summary>The options several commands share, each defined once.</summary>
public static class CommonOptions
{
    /// <summary><c>--data DIR</c>: the data folder (readings in <c>DIR/bucket</c>, the site in <c>DIR/site</c>).</summary>
    public static Option<string> Data() => new("--data")
    {
        Description = "The data folder: readings live in DIR/bucket/{series}/..., the site in DIR/site.",
        HelpName = "DIR",
        Recursive = true,
        DefaultValueFactory = _ => DataFolder.DefaultRoot,
    };

    /// <summary>A duration option such as <c>--last 24h</c>; its default is shown as a duration (<c>24h</c>).</summary>
    public static DurationOption Duration(string name, string description, TimeSpan defaultValue) => new(
        new Option<TimeSpan?>(name)
        {
            Description = $"{description} [default: {Durations.Format(defaultValue)}]",
            HelpName = "DURATION",
            CustomParser = result => ParseOrError<TimeSpan?>(result, text => Durations.Parse(text)),
        },
        defaultValue);

    /// <summary><c>--end TIME</c>: the end of a window, default now.</summary>
    public static Option<DateTimeOffset?> End(string description) => new("--end")
    {
        Description = description,
        HelpName = "TIME",
        CustomParser = result => ParseOrError<DateTimeOffset?>(result, ParseTime),
    };

    /// <summary><c>--at TIME</c>: when something was measured or happened, default now.</summary>
    public static Option<DateTimeOffset?> At(string description) => new("--at")
    {
        Description = description,
        HelpName = "TIME",
        CustomParser = result => ParseOrError<DateTimeOffset?>(result, ParseTime),
    };

    /// <summary>Looks up an IANA (or Windows) time zone name, with a message that says what to write when it is unknown.</summary>
    public static TimeZoneInfo FindTimeZone(string name)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(name.Trim());
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            throw new FormatException($"'{name}' is not a time zone this machine knows: use an IANA name such as Europe/Berlin, America/New_York or UTC.", e);
        }
    }

    static DateTimeOffset? ParseTime(string text) =>
        DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var unix)
                ? DateTimeOffset.FromUnixTimeSeconds(unix)
                : throw new FormatException($"'{text}' is not a time: write ISO 8601 such as 2025-11-27T12:00:00Z, or Unix seconds.");

    /// <summary>Parses an option's last token; a bad one becomes a parse error that names the option.</summary>
    internal static T? ParseOrError<T>(ArgumentResult result, Func<string, T> parse)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
        try
        {
            return parse(text);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            var name = result.Parent is OptionResult option ? option.Option.Name : "value";
            result.AddError($"{name}: {UserErrorException.Explain(e)}");
            return default;
        }
    }
}
