using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Configuration.Memory;

namespace DataLogger.Cli.Common;

/// <summary>
/// Settings from three layers, each winning over the one before: a JSON file (<c>datalogger.json</c>), environment
/// variables (<c>DATALOGGER__INTERVAL=10m</c>), and flags given on the command line. Knows which layer a value came
/// from, so a bad one gets a message that says where to fix it.
/// </summary>
public sealed class LayeredConfiguration
{
    /// <summary>The prefix of the environment variables: <c>DATALOGGER__SERIES</c> sets <c>series</c>.</summary>
    public const string EnvironmentPrefix = "DATALOGGER__";

    /// <summary>The configuration file read when <c>--config</c> is not given, from the current folder.</summary>
    public const string DefaultFile = "datalogger.json";

    readonly IConfigurationRoot _root;
    readonly string? _file;
    readonly IReadOnlyDictionary<string, Option> _flags;

    LayeredConfiguration(IConfigurationRoot root, string? file, IReadOnlyDictionary<string, Option> flags, JsonElement? content)
    {
        _root = root;
        _file = file;
        _flags = flags;
        FileContent = content;
    }

    /// <summary>The configuration file that was read, or null.</summary>
    public string? File => _file;

    /// <summary>The configuration file's object as JSON, for the check of its keys (<c>SettingsSchema</c>), or null.</summary>
    internal JsonElement? FileContent { get; }

    /// <summary>
    /// Builds the layers. <paramref name="flags"/> maps a setting to the flag that sets it; only flags the user gave
    /// count. <paramref name="file"/> must exist when given; the default file is optional.
    /// </summary>
    public static LayeredConfiguration Build(ParseResult parse, IReadOnlyDictionary<string, Option> flags, string? file) => Build(parse, flags, file, observer: null);

    /// <summary>
    /// <see cref="Build(ParseResult, IReadOnlyDictionary{string, Option}, string?)"/>, with <paramref name="observer"/> as
    /// the top layer when given: asked first for every key a reader looks up, so a test can list them (and check each is
    /// one <c>SettingsSchema</c> knows).
    /// </summary>
    public static LayeredConfiguration Build(ParseResult parse, IReadOnlyDictionary<string, Option> flags, string? file, IConfigurationSource? observer)
    {
        var builder = new ConfigurationBuilder();
        var path = Path.GetFullPath(file ?? DefaultFile);
        if (file is not null && !System.IO.File.Exists(path))
        {
            throw new UserErrorException($"the configuration file {path} does not exist: check --config.");
        }

        var exists = System.IO.File.Exists(path);
        JsonElement? content = null;
        if (exists)
        {
            content = SettingsFileJson.Read(path); // a mistake by its line and column, before the configuration's "Could not parse"
            builder.AddJsonFile(path, optional: false, reloadOnChange: false);
        }

        builder.AddEnvironmentVariables(EnvironmentPrefix);
        var given = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (setting, option) in flags)
        {
            if (parse.GetResult(option) is { Implicit: false } result)
            {
                given[setting] = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "true";
            }
        }

        builder.AddInMemoryCollection(given);
        if (observer is not null)
        {
            builder.Add(observer);
        }

        try
        {
            return new LayeredConfiguration(builder.Build(), exists ? path : null, flags, content);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or IOException)
        {
            throw new UserErrorException($"the configuration file {path} cannot be read: {(e.InnerException ?? e).Message}", e);
        }
    }

    /// <summary>A section of the configuration, such as the list of probes.</summary>
    public IConfigurationSection Section(string key) => _root.GetSection(key);

    /// <summary>The value of <paramref name="setting"/>, from the highest layer that has it, or null.</summary>
    public string? this[string setting] => _root[setting];

    /// <summary>
    /// The value of <paramref name="setting"/> (or <paramref name="fallback"/>), parsed; a value that does not parse is
    /// a <see cref="UserErrorException"/> that names where it came from.
    /// </summary>
    public T Parse<T>(string setting, string fallback, Func<string, T> parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var text = this[setting] ?? fallback;
        try
        {
            return parse(text.Trim());
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            throw new UserErrorException($"{SourceOf(setting)}: {UserErrorException.Explain(e)}", e);
        }
    }

    /// <summary>Where the value of <paramref name="setting"/> comes from, for messages: <c>--interval</c>, <c>DATALOGGER__INTERVAL</c>, <c>interval in /etc/datalogger.json</c>.</summary>
    public string SourceOf(string setting)
    {
        foreach (var provider in _root.Providers.Reverse())
        {
            if (!provider.TryGet(setting, out _))
            {
                continue;
            }

            return provider switch
            {
                MemoryConfigurationProvider => _flags.TryGetValue(setting, out var flag) ? flag.Name : setting,
                EnvironmentVariablesConfigurationProvider => EnvironmentPrefix + setting.ToUpperInvariant().Replace(":", "__", StringComparison.Ordinal),
                JsonConfigurationProvider => $"\"{setting.Replace(':', '.')}\" in {_file}",
                _ => setting,
            };
        }

        return _flags.TryGetValue(setting, out var option) ? option.Name : setting;
    }
}
