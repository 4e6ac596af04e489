using DataLogger.Aws;

namespace DataLogger.Aws.Tests;

public sealed class RefreshSlotsTests
{
    [Theory]
    [InlineData("2026-12-04T16:00:00Z", 10, "2026-12-04T16:10:00Z")]
    [InlineData("2026-12-04T16:09:59Z", 10, "2026-12-04T16:10:00Z")]
    [InlineData("2026-12-04T16:10:00Z", 10, "2026-12-04T16:20:00Z")]
    [InlineData("2026-12-04T23:59:30Z", 15, "2026-12-05T00:00:00Z")]
    [InlineData("2026-12-04T16:04:00Z", 5, "2026-12-04T16:05:00Z")]
    public void A_slot_ends_on_the_next_multiple_of_the_refresh(string now, int minutes, string end) =>
        Assert.Equal(DateTimeOffset.Parse(end, System.Globalization.CultureInfo.InvariantCulture), RefreshSlots.EndOf(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromMinutes(minutes)));

    [Fact]
    public void The_token_names_the_series_and_the_slot_and_fits_athenas_limits()
    {
        var end = DateTimeOffset.FromUnixTimeSeconds(1796400600);
        var token = RefreshSlots.Token(["pool", "spa"], end);
        Assert.InRange(token.Length, 32, 128);
        Assert.Equal(token, RefreshSlots.Token(["pool", "spa"], end));
        Assert.NotEqual(token, RefreshSlots.Token(["pool"], end));
        Assert.NotEqual(token, RefreshSlots.Token(["pool", "spa"], end.AddMinutes(10)));
    }

    [Theory]
    [InlineData(5, true)]
    [InlineData(10, true)]
    [InlineData(30, true)]
    [InlineData(60, true)]
    [InlineData(4, false)]
    [InlineData(7, false)]
    [InlineData(45, false)]
    [InlineData(120, false)]
    public void A_refresh_divides_an_hour(int minutes, bool valid) => Assert.Equal(valid, RefreshSlots.Check(TimeSpan.FromMinutes(minutes)) is null);
}
