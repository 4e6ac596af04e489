using DataLogger.Time;

namespace DataLogger.Core.Tests;

public sealed class DurationsTests
{
    [Theory]
    [InlineData("24h", 86_400)]
    [InlineData("5m", 300)]
    [InlineData("90s", 90)]
    [InlineData("7d", 604_800)]
    [InlineData("2w", 1_209_600)]
    [InlineData("1h30m", 5_400)]
    [InlineData("1.5h", 5_400)]
    [InlineData(" 24H ", 86_400)]
    public void Parses_short_durations(string text, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Durations.Parse(text));

    [Theory]
    [InlineData("", "required")]
    [InlineData("24", "not a duration")]
    [InlineData("h", "not a duration")]
    [InlineData("5x", "unknown unit 'x'")]
    [InlineData("0h", "longer than zero")]
    [InlineData("-5m", "not a duration")]
    [InlineData("99999w", "100 years")]
    public void Rejects_what_is_not_a_duration_with_the_accepted_forms(string text, string expected)
    {
        Assert.False(Durations.TryParse(text, out _, out var error));
        Assert.Contains(expected, error);
    }

    [Theory]
    [InlineData(86_400, "24h")]
    [InlineData(604_800, "7d")]
    [InlineData(300, "5m")]
    [InlineData(5_400, "1h30m")]
    [InlineData(90, "1m30s")]
    public void Formats_in_the_same_form(int seconds, string expected)
    {
        Assert.Equal(expected, Durations.Format(TimeSpan.FromSeconds(seconds)));
        Assert.Equal(TimeSpan.FromSeconds(seconds), Durations.Parse(expected));
    }
}
