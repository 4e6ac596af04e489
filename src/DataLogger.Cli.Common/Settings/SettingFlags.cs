using System.CommandLine;

namespace DataLogger.Cli.Common.Settings;

/// <summary>
/// The flags of a command whose settings are layered (<c>run</c>, <c>agent</c>): each <see cref="Setting{T}"/> added
/// becomes a flag of the command, and <see cref="Read"/> builds the layers from the settings file (<c>--config</c>), the
/// environment and the flags the user gave.
/// </summary>
public sealed class SettingFlags
{
    readonly Command _command;
    readonly Dictionary<string, Option> _flags = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Starts the flags of <paramref name="command"/>; <paramref name="data"/> is the global <c>--data</c>.</summary>
    public SettingFlags(Command command, Option<string> data)
    {
        _command = command ?? throw new ArgumentNullException(nameof(command));
        _flags[DataFolder.Key] = data ?? throw new ArgumentNullException(nameof(data));
        Config = new Option<string?>("--config")
        {
            Description = $"A JSON file of settings (the names of the flags, such as \"interval\": \"10m\"). [default: ./{LayeredConfiguration.DefaultFile} when it exists]",
            HelpName = "FILE",
        };
    }

    /// <summary>The <c>--config FILE</c> flag; add it to the command where its help should list it.</summary>
    public Option<string?> Config { get; }

    /// <summary>Adds <paramref name="setting"/>'s flag to the command.</summary>
    public Option<T> Add<T>(Setting<T> setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        var option = setting.CreateOption();
        _command.Add(option);
        _flags[setting.Key] = option;
        return option;
    }

    /// <summary>The layered settings of this invocation.</summary>
    /// <exception cref="UserErrorException">The settings file is missing or unreadable.</exception>
    public LayeredConfiguration Read(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return LayeredConfiguration.Build(parse, _flags, parse.GetValue(Config));
    }
}
