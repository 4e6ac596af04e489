using System.CommandLine;
using DataLogger.Alerts;
using DataLogger.Cli.Common;
using DataLogger.Cli.Configuration;
using DataLogger.Readings;
using DataLogger.Testing;

namespace DataLogger.Cli.Tests;

/// <summary>
/// The station model from the settings file (<c>quantities</c>), what it changes in the alerts' settings, and
/// <c>datalogger record</c>, the reading taken by hand, through the real executable.
/// </summary>
public sealed class StationSettingsTests : IDisposable
{
    readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    string Settings(string json)
    {
        var file = _temp.Combine("datalogger.json");
        File.WriteAllText(file, json);
        return file;
    }

    RunSettings Read(string json) => RunSettings.From(LayeredConfiguration.Build(new RootCommand().Parse([]), new Dictionary<string, Option>(), Settings(json)));

    const string Station = """
        "sensor": "simulated", "series": "pool", "timeZone": "UTC",
        "quantities": { "ph": "ph", "humidity": "humidity", "heater": "state" },
        "ingest": { "devices": [{ "name": "poolpump", "token": "tasmota-0123456789abcdef", "map": { "humidity,sensor=am2301": "humidity", "power1": "heater" } }] }
        """;

    [Fact]
    public void A_series_named_only_in_quantities_is_entered_by_hand_and_each_series_has_its_quantity_and_title()
    {
        var settings = Read($$"""{ {{Station}} }""");
        Assert.Equal(["pool", "humidity", "heater", "ph"], settings.Station.Series);
        Assert.Equal([Quantity.Temperature, Quantity.Humidity, Quantity.State, Quantity.Ph], settings.Station.Series.Select(settings.Station.QuantityOf));
        Assert.Equal(["ph"], settings.Station.ByHand);
        Assert.True(settings.Station.IsSparse("heater"));
        Assert.False(settings.Station.IsSparse("humidity"));
        Assert.Equal(("pH", "Humidity", "Pool"), (settings.Titles.Of("ph"), settings.Titles.Of("humidity"), settings.Titles.Of("pool")));
    }

    [Theory]
    [InlineData("\"quantities\": { \"ph\": \"phh\" }", "\"quantities.ph\" in", "'phh' is not a quantity: use one of temperature, humidity, pressure, ph")]
    [InlineData("\"quantities\": { \"pool\": \"ph\" }", "\"quantities.pool\" in", "'pool' is a 1-Wire probe's series, which measures a temperature, not ph")]
    [InlineData("\"ingest\": { \"devices\": [{ \"name\": \"gw\", \"token\": \"gateway-fedcba9876543210\", \"map\": { \"humidityin\": \"indoor\" } }] }",
        "\"ingest.devices.0.map.humidityin\" in", "'humidityin' is a humidity, but 'indoor' measures temperature: declare it, \"quantities\": {\"indoor\": \"humidity\"}")]
    public void A_wrong_quantity_is_one_line_that_says_what_to_write(string json, string where, string what)
    {
        var e = Assert.Throws<UserErrorException>(() => Read($$"""{ "sensor": "simulated", "series": "pool", {{json}} }"""));
        Assert.Contains(where, e.Message, StringComparison.Ordinal);
        Assert.Contains(what, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Alerts_of_a_series_are_in_its_unit_the_shared_thresholds_stay_a_temperatures_and_a_sparse_series_is_not_offline()
    {
        var settings = Read($$"""
            { {{Station}},
              "alerts": { "notify": ["ntfy://ntfy.sh/our-pool"], "below": 10, "series": { "ph": { "below": 7.2, "above": 7.8 }, "humidity": { "above": 90 } } } }
            """);
        Assert.Equal(
            [
                "pool below 10 °C (hysteresis 0.5 °C)", "pool offline after 15m",
                "humidity above 90 % (hysteresis 2 %)", "humidity offline after 15m",
                "ph below 7.2 pH (hysteresis 0.05 pH)", "ph above 7.8 pH (hysteresis 0.05 pH)",
                "pool stuck", "pool jump", "pool glitches", "pool not-heating", // the pool's fault rules: on with a channel, the heater's state beside
            ],
            settings.Alerts.Rules.Select(r => r.ToString()));
        Assert.Equal(("pool", "heater", null), (settings.Alerts.Watch!.Water, settings.Alerts.Watch.Heater, settings.Alerts.Watch.Air));

        // The notice a person reads on the phone, in the series' unit.
        var rule = settings.Alerts.Rules.Single(r => r.Key == "ph/below");
        var at = new DateTimeOffset(2026, 12, 6, 8, 30, 0, TimeSpan.Zero);
        var (_, notices) = AlertEvaluator.Evaluate([rule], AlertBook.Empty, _ => Reading.Create(Quantity.Ph, at, 7.05), settings.Titles.Of, at, TimeZoneInfo.Utc);
        Assert.Equal(("pH below pH 7.2", "pH is at pH 7.05, below pH 7.2, since 08:30."), (notices[0].Subject, notices[0].Message));

        var refused = Assert.Throws<UserErrorException>(() => Read($$"""{ {{Station}}, "alerts": { "notify": ["ntfy://ntfy.sh/x"], "series": { "ph": { "below": 15 } } } }"""));
        Assert.Contains("'15' is not a pH threshold: write pH from 0 to 14", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_pools_fault_rules_watch_the_water_with_its_air_and_heater_and_go_off_or_keep_quiet_hours_when_asked()
    {
        const string Pool = """
            "sensor": "simulated", "timeZone": "Europe/Berlin",
            "probes": [ { "id": "28-000000000001", "series": "pool", "target": 28, "ambient": "air" }, { "id": "28-000000000002", "series": "air" } ],
            "quantities": { "heater": "state" }
            """;
        var settings = Read($$"""{ {{Pool}}, "alerts": { "notify": ["ntfy://ntfy.sh/our-pool"], "offlineAfter": "off", "reached": "off", "quietHours": "22:00-07:00" } }""");
        Assert.Equal(["pool stuck", "pool jump", "pool glitches", "pool not-heating", "air frost"], settings.Alerts.Rules.Select(r => r.ToString()));
        Assert.Equal(("pool", "air", "heater"), (settings.Alerts.Watch!.Water, settings.Alerts.Watch.Air, settings.Alerts.Watch.Heater));

        // Quiet from 22:00 to 07:00 in Berlin: a notice made at 23:30 (22:30 UTC) waits until 07:00 (06:00 UTC).
        var quiet = settings.Alerts.Quiet!;
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 7, 0, 0, TimeSpan.FromHours(1)), quiet.EndOf(new DateTimeOffset(2026, 12, 6, 22, 30, 0, TimeSpan.Zero)));
        Assert.Null(quiet.EndOf(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero)));

        Assert.Empty(Read($$"""{ {{Pool}}, "alerts": { "notify": ["ntfy://ntfy.sh/our-pool"], "offlineAfter": "off", "reached": "off", "watch": "off" } }""").Alerts.Rules);
        Assert.Empty(Read($$"""{ {{Pool}} }""").Alerts.Rules); // no channel: nothing to tell
        var refused = Assert.Throws<UserErrorException>(() => Read($$"""{ {{Pool}}, "alerts": { "notify": ["ntfy://ntfy.sh/x"], "quietHours": "late" } }"""));
        Assert.Contains("'late' is not quiet hours: write two times of day, such as 22:00-07:00", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_water_balance_alerts_when_it_leaves_the_owners_band_and_needs_the_tests_it_is_computed_from()
    {
        const string Tests = """
            "sensor": "simulated", "series": "pool", "timeZone": "UTC",
            "quantities": { "ph": "ph", "ta": "total_alkalinity", "ch": "calcium_hardness", "cya": "cyanuric_acid" }
            """;
        var settings = Read($$"""{ {{Tests}}, "alerts": { "notify": ["ntfy://ntfy.sh/our-pool"], "offlineAfter": "off", "balance": { "below": -0.3, "above": 0.3 } } }""");
        Assert.Equal(["water-balance below -0.3 CSI (hysteresis 0.1 CSI)", "water-balance above 0.3 CSI (hysteresis 0.1 CSI)", "pool stuck", "pool jump", "pool glitches"], settings.Alerts.Rules.Select(r => r.ToString()));

        // An aggressive water (pH 7.2, TA 60, CH 150, CYA 50 at 26 °C: -0.87), as the notice reads on the phone.
        var at = new DateTimeOffset(2026, 12, 6, 8, 30, 0, TimeSpan.Zero);
        var csi = Chemistry.WaterBalance.Csi(7.2, 60, 150, 50, 0, 26)!.Value;
        var (_, notices) = AlertEvaluator.Evaluate(settings.Alerts.Rules, AlertBook.Empty, _ => Reading.Stored(at.ToUnixTimeSeconds(), Math.Round(csi, 2), "CSI"), settings.Titles.Of, at, TimeZoneInfo.Utc);
        Assert.Equal(("Water balance below -0.3 CSI", $"Water balance is at {Math.Round(csi, 2):0.##} CSI, below -0.3 CSI, since 08:30."), (notices[0].Subject, notices[0].Message));

        var refused = Assert.Throws<UserErrorException>(() => Read("""{ "sensor": "simulated", "series": "pool", "quantities": { "ph": "ph" }, "alerts": { "notify": ["ntfy://ntfy.sh/x"], "balance": { "below": -0.3 } } }"""));
        Assert.Contains("the water balance needs a series of total alkalinity (total_alkalinity) beside pH, total alkalinity and calcium hardness", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Record_takes_a_ph_by_hand_into_its_series_in_its_unit_and_says_what_is_wrong_in_one_line()
    {
        Settings($$"""{ {{Station}} }""");
        var data = _temp.Combine("data");
        var (exit, output, error) = await Executable.RunAsync(["record", "ph", "7.42", "--at", "2026-12-01T08:00:00Z", "--data", data], workingDirectory: _temp.Path);
        Assert.True(exit == 0, error);
        Assert.Equal("Recorded pH 7.42 in 'ph' at 2026-12-01 08:00; the page shows it at run's next update.", output.Trim());
        Assert.Equal("""{"timestamp":1796112000,"value":7.42,"unit":"pH"}""", File.ReadAllText(Path.Join(data, "bucket/ph/2026/12/01/1796112000.json")).Trim());

        (exit, output, _) = await Executable.RunAsync(["record", "ph", "7.42", "--at", "2026-12-01T08:00:00Z", "--data", data], workingDirectory: _temp.Path);
        Assert.Equal((0, "pH 7.42 in 'ph' at 2026-12-01 08:00 was recorded already."), (exit, output.Trim()));
        (exit, _, _) = await Executable.RunAsync(["record", "heater", "on", "--at", "2026-12-01T08:00:00Z", "--data", data], workingDirectory: _temp.Path);
        Assert.Equal(0, exit);
        Assert.Contains("\"value\":1,\"unit\":\"on/off\"", File.ReadAllText(Path.Join(data, "bucket/heater/2026/12/01/1796112000.json")), StringComparison.Ordinal);

        foreach (var (args, line) in new[]
        {
            (new[] { "ph", "15" }, "'ph': pH 15 is outside the supported range 0 to 14."),
            (["ph", "7,4"], "'7,4' is not a number: write pH with a dot for the decimals, such as 7, what 'ph' measures."),
            (["chlorine", "1.5"], "'chlorine' is not a series of this station (pool, humidity, heater, ph): say what it measures in \"quantities\" in"),
            (["ph", "7.4", "--at", "2030-01-01T00:00:00Z"], "'ph': the time 2030-01-01T00:00:00Z is in the future"),
        })
        {
            var (code, _, text) = await Executable.RunAsync(["record", .. args, "--data", data], workingDirectory: _temp.Path);
            Assert.Equal(2, code);
            Assert.Contains(line, text, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Import_reads_our_csv_of_another_quantity_by_its_unit_and_asks_which_when_the_unit_is_shared()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var ph = new[] { 7.62, 7.55, 7.48 }.Select((v, i) => Reading.Create(Quantity.Ph, 1796544000 + (i * 3600), v)).ToList();
        var csv = _temp.Combine("ph.csv");
        File.WriteAllText(csv, ReadingCsv.Of(ph, zone, Quantity.Ph)); // as the page's download writes it: time,timestamp,value,unit
        Assert.StartsWith("time,timestamp,value,unit\n", File.ReadAllText(csv), StringComparison.Ordinal);
        var data = _temp.Combine("data");
        var (exit, _, error) = await Executable.RunAsync(["import", csv, "--data", data]);
        Assert.Equal(2, exit); // never into the default series, the pool's temperature
        Assert.Contains("holds pH readings (pH): name the series they go to with --series, such as --series ph", error, StringComparison.Ordinal);
        (exit, _, error) = await Executable.RunAsync(["import", csv, "--series", "ph", "--data", data]);
        Assert.True(exit == 0, error);
        Assert.Contains("pH from 'value'", error, StringComparison.Ordinal);
        Assert.Equal(ph, Directory.GetFiles(Path.Join(data, "bucket", "ph"), "*.json", SearchOption.AllDirectories).Order().Select(f => ReadingJson.Decode(File.ReadAllBytes(f))));

        var humidity = _temp.Combine("humidity.csv");
        File.WriteAllText(humidity, ReadingCsv.Of([Reading.Create(Quantity.Humidity, 1796544000, 57.3)], zone, Quantity.Humidity));
        (exit, _, error) = await Executable.RunAsync(["import", humidity, "--series", "humidity", "--data", data]);
        Assert.Equal(2, exit);
        Assert.Contains("holds readings in %, which is the unit of humidity and battery: say which with --quantity (such as --quantity humidity)", error, StringComparison.Ordinal);
        (exit, _, error) = await Executable.RunAsync(["import", humidity, "--series", "humidity", "--quantity", "humidity", "--data", data]);
        Assert.True(exit == 0, error);
        Assert.Contains("\"value\":57.3,\"unit\":\"%\"", File.ReadAllText(Directory.GetFiles(Path.Join(data, "bucket", "humidity"), "*.json", SearchOption.AllDirectories).Single()), StringComparison.Ordinal);
    }
}
