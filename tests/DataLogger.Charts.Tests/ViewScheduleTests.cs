using System.Text;
using DataLogger.Charts.Site;
using DataLogger.Site;
using DataLogger.Testing;

namespace DataLogger.Core.Tests;

public sealed class ViewScheduleTests
{
    static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void With_nothing_drawn_every_view_is_due_shortest_first()
    {
        Assert.Equal(ChartView.All, ViewSchedule.Local.Due(ViewState.Empty, "pool", Now));
        Assert.Equal(ChartView.All, ViewSchedule.Cloud.Due(ViewState.Empty, "pool", Now));
    }

    [Theory]
    [InlineData(1, "24h")]
    [InlineData(15, "24h,7d,30d")]
    [InlineData(59, "24h,7d,30d")]
    [InlineData(60, "24h,7d,30d,1y")]
    public void Locally_the_day_is_always_due_the_week_and_month_every_15_minutes_and_the_year_hourly(int minutesAgo, string due)
    {
        var state = ViewState.Empty.With("pool", ChartView.All, Now.AddMinutes(-minutesAgo));
        Assert.Equal(due, string.Join(',', ViewSchedule.Local.Due(state, "pool", Now).Select(v => v.Name)));
    }

    [Theory]
    [InlineData(23, "24h")]
    [InlineData(24, "24h,7d,30d")]
    [InlineData(24 * 7, "24h,7d,30d,1y")]
    public void On_aws_the_week_and_month_are_daily_and_the_year_weekly(int hoursAgo, string due)
    {
        var state = ViewState.Empty.With("pool", ChartView.All, Now.AddHours(-hoursAgo));
        Assert.Equal(due, string.Join(',', ViewSchedule.Cloud.Due(state, "pool", Now).Select(v => v.Name)));
    }

    [Fact]
    public void Each_series_has_its_own_record_and_a_record_from_the_future_is_due()
    {
        var state = ViewState.Empty.With("pool", ChartView.All, Now.AddMinutes(-1));
        Assert.Equal(ChartView.All, ViewSchedule.Local.Due(state, "spa", Now));
        var ahead = ViewState.Empty.With("pool", ChartView.All, Now.AddDays(2)); // the clock was set back
        Assert.Equal(ChartView.All, ViewSchedule.Local.Due(ahead, "pool", Now));
    }

    [Fact]
    public async Task The_state_survives_its_store_and_a_damaged_record_reads_as_nothing_drawn()
    {
        var store = new MemoryStore();
        await ViewState.UpdateAsync(store, state => state.With("pool", [ChartView.Week, ChartView.Year], Now));
        var read = await ViewState.LoadAsync(store);
        Assert.Equal(Now, read.DrawnAt("pool", ChartView.Week));
        Assert.Equal(Now, read.DrawnAt("pool", ChartView.Year));
        Assert.Null(read.DrawnAt("pool", ChartView.Month));
        Assert.Contains("\"pool/7d\"", Encoding.UTF8.GetString(store.Objects[SiteFiles.ViewState]));

        foreach (var damaged in new[] { "not json", "[1,2]", """{"pool/7d": 12}""", """{"pool/7d": "yesterday"}""" })
        {
            store.Objects[SiteFiles.ViewState] = Encoding.UTF8.GetBytes(damaged);
            Assert.Equal(ChartView.All, ViewSchedule.Local.Due(await ViewState.LoadAsync(store), "pool", Now));
        }

        Assert.Equal(ChartView.All, ViewSchedule.Local.Due(await ViewState.LoadAsync(new MemoryStore()), "pool", Now));
    }
}
