using System.Text.Json;
using DataLogger.Readings;
using DataLogger.Testing;

namespace DataLogger.Functions.Tests;

/// <summary>
/// A heater's relay reports its state with every teleperiod; on AWS each drawing of a series costs its partitions'
/// LISTs and five site files, so a state that repeats the one drawn is left out of the batch's query until it
/// changes or an hour has passed, and its readings stay stored (the S3 and Athena stand-ins, the real functions).
/// </summary>
[Collection(Cloud.Name)]
public sealed class RepeatedStateTests(CloudStandIns cloud)
{
    static readonly DateTimeOffset Start = new(2026, 11, 20, 16, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_repeated_state_waits_for_its_change_or_the_hourly_redraw_and_every_reading_stays_stored()
    {
        var settings = Settings("water,relay");
        Task<FunctionOutcome> Batch(int minutes, double? water, bool heater) => BatchAsync(settings, Start, minutes, water, heater);
        Task<long> DrawnRelay() => DrawnAsync("relay");

        // The first state is drawn (nothing drawn yet), with the water.
        var first = await Batch(0, 27.5, heater: true);
        Assert.Equal("started", first.Status);
        await cloud.RenderAsync(settings, first);
        Assert.Equal(Start.ToUnixTimeSeconds(), await DrawnRelay());

        // The same state five minutes later: only the water is queried and drawn.
        var repeated = await Batch(5, 27.6, heater: true);
        Assert.Equal("started", repeated.Status);
        Assert.Contains("'water' for 1 new objects", repeated.Message);
        Assert.False(repeated.Message.Contains("'relay' for", StringComparison.Ordinal), repeated.Message);
        Assert.Contains("'relay' left out (its new reading repeats on, drawn at 16:00 UTC; drawn again when it changes or within 1h)", repeated.Message);
        Assert.DoesNotContain("'relay'", cloud.Athena.Started.Single(q => q.Id == repeated.QueryExecutionId).Query);
        var rendered = await cloud.RenderAsync(settings, repeated);
        Assert.DoesNotContain("'relay'", rendered.Message);

        // The relay alone, repeating: no query at all.
        var before = cloud.Athena.Started.Count;
        var alone = await Batch(10, null, heater: true);
        Assert.True(alone.Ignored, alone.Message);
        Assert.Equal(before, cloud.Athena.Started.Count);

        // The heater goes off: drawn at once.
        var changed = await Batch(15, 27.8, heater: false);
        Assert.Contains("'relay' for 1 new objects", changed.Message);
        await cloud.RenderAsync(settings, changed);
        Assert.Equal(Start.AddMinutes(15).ToUnixTimeSeconds(), await DrawnRelay());

        // Off for an hour: left out until the drawing is an hour old, then drawn again (the span carried on to now).
        for (var minutes = 20; minutes < 75; minutes += 5)
        {
            Assert.Contains("'relay' left out", (await Batch(minutes, 27.9, heater: false)).Message);
        }

        var hourly = await Batch(75, 28.0, heater: false);
        Assert.Contains("'relay' for 1 new objects", hourly.Message);

        // Nothing lost: every state is stored and the next drawing reads them all.
        using var data = cloud.Bucket(S3Server.Bucket);
        var stored = 0;
        await foreach (var key in data.ListAsync("relay/2026/11/20/"))
        {
            stored++;
        }

        Assert.Equal(16, stored);
    }

    [Fact]
    public async Task With_a_refresh_a_state_is_drawn_in_whole_slots_so_a_slots_batches_still_share_one_query()
    {
        var settings = Settings("pond,switch", "10m");
        var start = Start.AddDays(1);
        var queries = new List<string>();
        var drawn = new List<int>();
        for (var minutes = 0; minutes < 90; minutes += 5)
        {
            var started = await BatchAsync(settings, start, minutes, 20 + (minutes / 100.0), heater: minutes < 25);
            Assert.Equal("started", started.Status);
            if (!queries.Contains(started.QueryExecutionId!))
            {
                queries.Add(started.QueryExecutionId!);
                await cloud.RenderAsync(settings, started);
            }

            if (started.Message.Contains("'switch' for", StringComparison.Ordinal))
            {
                drawn.Add(minutes);
            }
        }

        // Nine 10-minute slots, one query each, and one more where the heater went off in a slot's second batch.
        Assert.Equal(10, queries.Count);
        Assert.Equal([0, 5, 25, 80, 85], drawn); // first drawn, kept in its slot; the change; the hour after it, in whole slots
        Assert.Equal(start.AddMinutes(80).ToUnixTimeSeconds(), await DrawnAsync("switch"));
    }

    FunctionSettings Settings(string series, string? refresh = null)
    {
        var more = new Dictionary<string, string> { [Aws.FunctionVariables.Quantities] = series.Split(',')[1] + "=state" };
        if (refresh is not null)
        {
            more[Aws.FunctionVariables.Refresh] = refresh;
        }

        return cloud.Settings(series: series, more: more);
    }

    // One batch: the number's and the state's readings at start + minutes, stored, and their events to start-query.
    async Task<FunctionOutcome> BatchAsync(FunctionSettings settings, DateTimeOffset start, int minutes, double? number, bool heater)
    {
        using var data = cloud.Bucket(S3Server.Bucket);
        var at = start.AddMinutes(minutes);
        List<string> keys = [];
        foreach (var (series, reading) in new[] { (settings.Series[0], number is { } c ? Reading.Create(at.ToUnixTimeSeconds(), c) : null), (settings.Series[1], Reading.Create(Quantity.State, at, heater ? 1 : 0)) })
        {
            if (reading is not null)
            {
                var key = ReadingKey.For(series, reading).ToString();
                await data.PutAsync(key, ReadingJson.Encode(reading), ReadingJson.ContentType);
                keys.Add(key);
            }
        }

        return await cloud.StartQueryAsync(settings, keys, at.AddSeconds(30));
    }

    async Task<long> DrawnAsync(string series)
    {
        using var site = cloud.Bucket(S3Server.SiteBucket);
        using var latest = JsonDocument.Parse((await site.GetAsync("latest.json"))!);
        return latest.RootElement.GetProperty("series").EnumerateArray().Single(s => s.GetProperty("series").GetString() == series).GetProperty("latest").GetProperty("timestamp").GetInt64();
    }
}
