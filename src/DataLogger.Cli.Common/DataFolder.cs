namespace DataLogger.Cli.Common;

/// <summary>
/// The data folder named by <c>--data</c>: readings under <c>bucket/{series}/...</c>, the published site under <c>site/</c>.
/// </summary>
/// <param name="Root">The full path of the data folder.</param>
public sealed record DataFolder(string Root)
{
    /// <summary>The folder that is the local bucket.</summary>
    public string Bucket => Path.Join(Root, "bucket");

    /// <summary>The folder the site is published to.</summary>
    public string Site => Path.Join(Root, "site");

    /// <summary>The folder of what a host keeps between runs (the alerts' state).</summary>
    public string State => Path.Join(Root, "state");

    /// <summary>The folder of the notices not yet delivered.</summary>
    public string Outbox => Path.Join(Root, "outbox");

    /// <summary>The default data folder: <c>$XDG_DATA_HOME/datalogger</c>, usually <c>~/.local/share/datalogger</c>.</summary>
    public static string DefaultRoot =>
        Path.Join(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "datalogger");

    /// <summary>Throws a <see cref="UserErrorException"/> that says what to do when the bucket folder does not exist.</summary>
    /// <param name="what">What else the user can pass, for example <c> (or --csv FILE)</c>.</param>
    public void RequireBucket(string what = "")
    {
        if (!Directory.Exists(Bucket))
        {
            throw new UserErrorException(
                $"there are no readings in {Root} (no folder {Bucket}): pass --data DIR{what} for another data folder, or write some with 'datalogger generate --data {Root} --days 2'.");
        }
    }

    /// <summary>The name of the setting (<c>--data</c>, <c>"data"</c> in the settings file, <c>DATALOGGER__DATA</c>).</summary>
    public const string Key = "data";

    /// <summary>The data folder of layered settings (<c>run</c>, <c>agent</c>).</summary>
    /// <exception cref="UserErrorException">The value is empty.</exception>
    public static DataFolder From(LayeredConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return At(configuration.Parse(Key, DefaultRoot, text => text.Length > 0 ? text : throw new FormatException("the data folder is empty")));
    }

    /// <summary>The data folder at <paramref name="path"/>, made absolute.</summary>
    public static DataFolder At(string path) => new(Path.GetFullPath(path));
}
