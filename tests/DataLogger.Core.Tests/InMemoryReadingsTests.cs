using DataLogger.Readings;
using DataLogger.Time;

namespace DataLogger.Core.Tests;

public sealed class InMemoryReadingsTests
{
    static readonly long Start = 1764201600; // 00:00 UTC

    static readonly Reading[] Readings = [.. Enumerable.Range(0, 36).Select(i => Reading.Create(Start + (i * 300), 20 + (i % 12)))];

    [Fact]
    public async Task A_window_holds_the_readings_after_its_start_up_to_its_end_in_order()
    {
        var engine = new InMemoryReadings("pool", [.. Readings.Reverse()]);
        var result = await engine.ReadingsAsync("pool", TimeWindow.Last(TimeSpan.FromHours(1), DateTimeOffset.FromUnixTimeSeconds(Start + 3600)));
        Assert.Equal(Enumerable.Range(1, 12).Select(i => Start + (i * 300)), result.Readings.Select(r => r.Timestamp));
        Assert.Equal(0, result.Malformed);
        Assert.Empty((await engine.ReadingsAsync("spa", TimeWindow.Last(TimeSpan.FromDays(1), DateTimeOffset.FromUnixTimeSeconds(Start + 3600)))).Readings);
    }

    [Fact]
    public async Task Bands_are_per_bucket_aligned_on_the_epoch_as_the_engines_sql_aligns_them()
    {
        var engine = new InMemoryReadings("pool", Readings);
        var bands = await engine.BandsAsync("pool", TimeWindow.Last(TimeSpan.FromDays(1), DateTimeOffset.FromUnixTimeSeconds(Start + 86400)), TimeSpan.FromHours(1));
        Assert.Equal([Start, Start + 3600, Start + 7200], bands.Select(b => b.Start));
        Assert.Equal((20, 25.5, 31, 12), (bands[1].Min, bands[1].Mean, bands[1].Max, bands[1].Count));
        Assert.Equal(11, bands[0].Count); // the first reading is the window's start, outside it
    }
}
