using DataLogger.Chemistry;

namespace DataLogger.Core.Tests;

/// <summary>
/// The CSI against the results Trouble Free Pool's Pool Math published for stated inputs (temperatures in °F converted
/// as its calculator does, (F - 32) * 5 / 9):
/// A1-A3: TFP thread 32547, "help with adjusting CSI / pool calculator questions"
/// (troublefreepool.com/threads/32547): pH 7.1 / 7.5 / 7.8, TA 40, CH 340, CYA 75, borates 50, 84 °F give -0.94, -0.79,
/// -1.05, and at pH 7.9 the calculator says "invalid data" (no carbonate alkalinity left).
/// B1: TFP thread 122216, "Taylor Water Balance Calculator versus Pool Math": pH 7.8, TA 80, CH 250, CYA 80, salt 3400,
/// 94 °F give -0.07 (a salt pool).
/// C1: the Pool Math API's overview of a real pool, pinned in wolfson292/poolmath-labcom-sync,
/// tests/PoolSync.Tests/WaterChemistryTests.cs line 11 (commit 8b853cb): pH 8.19, TA 76, CH 500, CYA 34.713,
/// salt 4000, 29.2 °C give 0.59 (0.595 unrounded: compared within 0.01).
/// </summary>
public sealed class WaterBalanceTests
{
    static double C(double fahrenheit) => (fahrenheit - 32) * 5 / 9;

    [Theory]
    [InlineData(7.1, 40, 340, 75, 0, 50, 84, -0.94)]
    [InlineData(7.5, 40, 340, 75, 0, 50, 84, -0.79)]
    [InlineData(7.8, 40, 340, 75, 0, 50, 84, -1.05)]
    [InlineData(7.5, 50, 340, 75, 0, 50, 84, -0.50)]
    [InlineData(7.8, 80, 250, 80, 3400, 0, 94, -0.07)]
    public void Pool_maths_published_results_in_fahrenheit(double ph, double ta, double ch, double cya, double salt, double borate, double fahrenheit, double published)
    {
        var csi = WaterBalance.Csi(ph, ta, ch, cya, salt, C(fahrenheit), borate);
        Assert.NotNull(csi);
        Assert.Equal(published.ToString("+0.00;-0.00;0.00", System.Globalization.CultureInfo.InvariantCulture), WaterBalance.Format(csi.Value));
    }

    [Fact]
    public void The_pool_math_apis_result_for_a_real_salt_pool_in_celsius() =>
        Assert.Equal(0.59, WaterBalance.Csi(8.19, 76, 500, 34.713, 4000, 29.2)!.Value, 0.01);

    [Fact]
    public void Where_no_carbonate_alkalinity_is_left_or_there_is_no_calcium_it_is_not_defined()
    {
        Assert.Null(WaterBalance.Csi(7.9, 40, 340, 75, 0, C(84), borate: 50)); // the calculator's "invalid data"
        Assert.Null(WaterBalance.Csi(7.5, 80, 0, 30, 0, 28));
        Assert.Null(WaterBalance.Csi(9.5, 80, 300, 30, 0, 28));
    }

    [Fact]
    public void Warmer_water_and_more_calcium_scale_more_and_a_third_of_the_cya_comes_off_the_alkalinity()
    {
        var cold = WaterBalance.Csi(7.5, 80, 300, 50, 0, 15)!.Value;
        var warm = WaterBalance.Csi(7.5, 80, 300, 50, 0, 32)!.Value;
        Assert.True(warm > cold + 0.2, $"{cold} -> {warm}");
        Assert.True(WaterBalance.Csi(7.5, 80, 450, 50, 0, 28) > WaterBalance.Csi(7.5, 80, 300, 50, 0, 28));
        Assert.True(WaterBalance.Csi(7.5, 80, 300, 90, 0, 28) < WaterBalance.Csi(7.5, 80, 300, 0, 0, 28));
        Assert.Equal("balanced", WaterBalance.Describe(-0.07));
        Assert.Equal("aggressive: it may etch plaster", WaterBalance.Describe(-0.5));
    }
}
