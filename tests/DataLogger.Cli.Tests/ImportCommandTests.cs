using System.Globalization;
using System.Text;
using DataLogger.Readings;
using DataLogger.Testing;

namespace DataLogger.Cli.Tests;

/// <summary>
/// <c>datalogger import</c> on files shaped as each source documents its export: ours (<c>query --format csv</c>),
/// ThingSpeak's channel feed CSV (<c>created_at,entry_id,field1</c>, times as <c>2024-05-01 12:00:05 UTC</c>), Home
/// Assistant's history download (<c>entity_id,state,last_changed</c>, <c>unavailable</c> among the states). Each
/// reading lands once by the key contract, a second import is "already there" (also once compacted), a different
/// value at a stored time is refused and the stored one kept.
/// </summary>
public sealed class ImportCommandTests : IDisposable
{
    readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    string Write(string name, string text)
    {
        var path = _data.Combine(name);
        File.WriteAllText(path, text);
        return path;
    }

    async Task<List<string>> QueryAsync(string series, string end)
    {
        var (_, csv, _) = await CliRunner.RunAsync("query", "--data", _data.Path, "--series", series, "--last", "30d", "--end", end, "--format", "csv", "--tz", "UTC");
        return [.. csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)];
    }

    [Fact]
    public async Task A_ThingSpeak_export_lands_by_the_key_contract_and_a_second_import_is_already_there_even_compacted()
    {
        var rows = new StringBuilder("created_at,entry_id,field1,field2,latitude,longitude,elevation,status\n");
        var start = new DateTimeOffset(2026, 5, 1, 10, 0, 5, TimeSpan.Zero);
        for (var i = 0; i < 300; i++)
        {
            var at = start.AddMinutes(5 * i);
            rows.Append(CultureInfo.InvariantCulture, $"{at:yyyy-MM-dd HH:mm:ss} UTC,{i + 1},{21.5 + Math.Sin(i / 20.0):0.00},55,,,,\n");
        }

        rows.Append("2026-05-02 11:00:05 UTC,301,,55,,,,\n"); // a field left empty, as ThingSpeak writes a missing value
        var file = Write("feeds.csv", rows.ToString());

        var (exit, _, error) = await CliRunner.RunAsync("import", file, "--data", _data.Path);

        Assert.Equal(0, exit);
        Assert.Contains("Imported 300 readings of 'pool' from feeds.csv (time from 'created_at', °C from 'field1'); 0 already there; 1 refused:", error);
        Assert.Contains("1 × no temperature (line 302)", error);
        Assert.True(File.Exists(_data.Combine("bucket", ReadingKey.For("pool", Reading.Create(start, 21.5)).ToString())));
        var end = start.AddDays(2).ToString("O");
        var stored = await QueryAsync("pool", end);
        Assert.Equal(300, stored.Count);
        Assert.StartsWith($"2026-05-01T10:00:05+00:00,{start.ToUnixTimeSeconds()},21.50,", stored[0], StringComparison.Ordinal);

        // Again, and again once compacted: nothing new, each counted as there.
        var (_, _, second) = await CliRunner.RunAsync("import", file, "--data", _data.Path);
        Assert.Contains("Imported 0 readings of 'pool' from feeds.csv (time from 'created_at', °C from 'field1'); 300 already there; 1 refused", second);
        Assert.Equal(0, (await CliRunner.RunAsync("compact", "--data", _data.Path)).Exit);
        var (_, _, third) = await CliRunner.RunAsync("import", file, "--data", _data.Path);
        Assert.Contains("Imported 0 readings of 'pool' from feeds.csv (time from 'created_at', °C from 'field1'); 300 already there; 1 refused", third);
        Assert.Equal(stored, await QueryAsync("pool", end));
        var day = _data.Combine("bucket", "pool", "2026", "05", "01");
        Assert.False(Directory.Exists(day) && Directory.GetFiles(day, "*.json").Length > 0, "the third import wrote JSON objects over the compacted day");
    }

    [Fact]
    public async Task A_Home_Assistant_history_takes_one_entitys_numeric_states_and_refuses_the_rest_with_reasons()
    {
        var file = Write("history.csv", """
            entity_id,state,last_changed
            sensor.pool_temperature,24.3,2026-06-01T08:00:00.000Z
            sensor.pool_temperature,unavailable,2026-06-01T08:05:00.000Z
            sensor.pool_temperature,24.5,2026-06-01T08:10:00.000Z
            sensor.pool_temperature,-127.0,2026-06-01T08:15:00.000Z
            sensor.air_temperature,18.1,2026-06-01T08:00:00.000Z
            sensor.pool_temperature,unknown,2026-06-01T08:20:00.000Z
            sensor.pool_temperature,24.9,2026-06-01T08:25:00.000Z
            """);

        var (refusedExit, _, which) = await CliRunner.RunAsync("import", file, "--data", _data.Path, "--series", "pool");
        Assert.Equal(2, refusedExit);
        Assert.Contains("holds the history of 2 entities (sensor.pool_temperature, sensor.air_temperature): name one with --entity", which);

        var (exit, _, error) = await CliRunner.RunAsync("import", file, "--data", _data.Path, "--series", "pool", "--entity", "sensor.pool_temperature");
        Assert.Equal(0, exit);
        Assert.Contains("Imported 3 readings of 'pool' from history.csv (time from 'last_changed', °C from 'state' of sensor.pool_temperature); 0 already there; 3 refused:", error);
        Assert.Contains("1 × 'unavailable' is not a temperature (line 3)", error);
        Assert.Contains("1 × 'unknown' is not a temperature (line 7)", error);
        Assert.Contains("1 × temperature outside -55 to 125 °C (line 5)", error);
        var stored = await QueryAsync("pool", "2026-06-02T00:00:00Z");
        Assert.Equal(["24.30", "24.50", "24.90"], stored.Select(r => r.Split(',')[2]));

        // The air, in °F from another export, into its own series.
        var fahrenheit = Write("air.csv", "entity_id,state,last_changed\nsensor.air_temperature,64.4,2026-06-01T08:00:00Z\n");
        var (_, _, air) = await CliRunner.RunAsync("import", fahrenheit, "--data", _data.Path, "--series", "air", "--fahrenheit");
        Assert.Contains("Imported 1 reading of 'air' from air.csv (time from 'last_changed', °F from 'state' of sensor.air_temperature)", air);
        Assert.Equal(["18.00"], (await QueryAsync("air", "2026-06-02T00:00:00Z")).Select(r => r.Split(',')[2]));
    }

    [Fact]
    public async Task Our_own_csv_round_trips_and_a_different_value_at_a_stored_time_is_refused_and_kept()
    {
        Assert.Equal(0, (await CliRunner.RunAsync("generate", "--data", _data.Path, "--days", "1", "--end", "2026-03-10T12:00:00Z")).Exit);
        var (_, csv, _) = await CliRunner.RunAsync("query", "--data", _data.Path, "--last", "24h", "--end", "2026-03-10T12:00:00Z", "--format", "csv", "--tz", "Europe/Berlin");
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(ReadingCsv.Header, lines[0]);

        // Into another folder: every reading, the same.
        var other = _data.Combine("other");
        var file = Write("ours.csv", csv);
        var (exit, _, error) = await CliRunner.RunAsync("import", file, "--data", other);
        Assert.Equal(0, exit);
        Assert.Contains($"Imported {lines.Length - 1} readings of 'pool' from ours.csv (time from 'timestamp', °C from 'celsius'); 0 already there; 0 refused.", error);
        var (_, back, _) = await CliRunner.RunAsync("query", "--data", other, "--last", "24h", "--end", "2026-03-10T12:00:00Z", "--format", "csv", "--tz", "Europe/Berlin");
        Assert.Equal(csv, back);

        // A different value at a stored time: refused, the stored reading kept.
        var changed = lines[0] + "\n" + lines[1].Replace(lines[1].Split(',')[2], "99.5", StringComparison.Ordinal) + "\n";
        var (_, _, refused) = await CliRunner.RunAsync("import", Write("changed.csv", changed), "--data", other);
        Assert.Contains("Imported 0 readings of 'pool' from changed.csv (time from 'timestamp', °C from 'celsius'); 0 already there; 1 refused:", refused);
        Assert.Contains("1 × a different reading is stored at that time (kept, not written over)", refused);
        var (_, kept, _) = await CliRunner.RunAsync("query", "--data", other, "--last", "24h", "--end", "2026-03-10T12:00:00Z", "--format", "csv", "--tz", "Europe/Berlin");
        Assert.Equal(csv, kept);
    }
}
