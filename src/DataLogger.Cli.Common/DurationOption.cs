using System.CommandLine;

namespace DataLogger.Cli.Common;

/// <summary>A duration option and its default, which the help shows as a duration (<c>24h</c>) rather than a <see cref="TimeSpan"/>.</summary>
/// <param name="Option">The option, empty when not given.</param>
/// <param name="Default">The value when the option is not given.</param>
public sealed record DurationOption(Option<TimeSpan?> Option, TimeSpan Default)
{
    /// <summary>The option's value, or its default.</summary>
    public TimeSpan ValueIn(ParseResult parse) => parse.GetValue(Option) ?? Default;

    /// <summary>The option itself, for adding it to a command.</summary>
    public static implicit operator Option(DurationOption option) => option.Option;
}
