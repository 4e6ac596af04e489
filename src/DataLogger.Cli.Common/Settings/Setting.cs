using System.CommandLine;

namespace DataLogger.Cli.Common.Settings;

/// <summary>
/// One setting, defined once for every command that has it: its name in <c>datalogger.json</c> and after
/// <c>DATALOGGER__</c>, its flag and help, its default, and the one check of its text. The flag is typed and checked
/// as the command line is parsed (<c>--series Pool!</c> is refused there, as in every command); the value comes from the
/// layers (<see cref="LayeredConfiguration"/>), so a bad one in the file or the environment names where it came from.
/// </summary>
/// <typeparam name="T">The setting's type.</typeparam>
public sealed class Setting<T>
{
    readonly string _description;
    readonly string _shownDefault;
    readonly Func<string, T> _parse;

    /// <summary>Defines a setting.</summary>
    /// <param name="key">Its name in the settings file (<c>interval</c>).</param>
    /// <param name="flag">Its flag (<c>--interval</c>).</param>
    /// <param name="description">What it means, for the help.</param>
    /// <param name="helpName">The flag's value in the help (<c>DURATION</c>).</param>
    /// <param name="fallback">The text used when no layer has a value.</param>
    /// <param name="parse">Checks and converts a text; throws <see cref="FormatException"/> or <see cref="ArgumentException"/> with what to write instead.</param>
    /// <param name="shownDefault">The default as the help shows it, when not <paramref name="fallback"/> (<c>the machine's</c>).</param>
    public Setting(string key, string flag, string description, string helpName, string fallback, Func<string, T> parse, string? shownDefault = null)
    {
        Key = key;
        Flag = flag;
        HelpName = helpName;
        Fallback = fallback;
        _description = description;
        _parse = parse;
        _shownDefault = shownDefault ?? fallback;
    }

    /// <summary>The name in the settings file and after <c>DATALOGGER__</c>.</summary>
    public string Key { get; }

    /// <summary>The flag.</summary>
    public string Flag { get; }

    /// <summary>The flag's value in the help.</summary>
    public string HelpName { get; }

    /// <summary>The text used when no layer has a value.</summary>
    public string Fallback { get; }

    /// <summary>A new flag for a command, checked as it is parsed, with the default in its help.</summary>
    public Option<T> CreateOption() => new(Flag)
    {
        Description = $"{_description} [default: {_shownDefault}]",
        HelpName = HelpName,
        CustomParser = result => CommonOptions.ParseOrError(result, _parse),
    };

    /// <summary>The value from the layers (flag, environment, file), or the default; a bad one names its source.</summary>
    /// <exception cref="UserErrorException">The value is bad.</exception>
    public T Read(LayeredConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration.Parse(Key, Fallback, _parse);
    }

    /// <summary>The flag's value, or the default, for commands that read flags only (<c>query</c>, <c>render</c>).</summary>
    public T ValueIn(ParseResult parse, Option<T> option) => ValueIn(parse, option, Fallback);

    /// <summary>The flag's value, or <paramref name="fallback"/> when it was not given (a default that depends on the data).</summary>
    public T ValueIn(ParseResult parse, Option<T> option, string fallback)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return parse.GetResult(option) is { Implicit: false } ? parse.GetValue(option)! : _parse(fallback);
    }

    /// <summary>Checks a text as the flag would.</summary>
    public T Parse(string text) => _parse(text);
}
