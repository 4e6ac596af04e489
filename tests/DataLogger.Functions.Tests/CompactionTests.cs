using System.Globalization;
using System.Text;
using DataLogger.Charts.Site;
using DataLogger.Query.Athena;
using DataLogger.Readings;
using DataLogger.Site;
using DataLogger.Testing;
using DataLogger.Time;

namespace DataLogger.Functions.Tests;

/// <summary>
/// The cloud's compaction end to end on the stand-ins: readings in a real S3-compatible server, the compact function
/// merging them into Parquet objects, and the readings queries answered by the Athena stand-in through the catalog the
/// stack defines (two tables and the view, with the view's own SQL). Each test has a series of its own, in March, so
/// the other tests' readings are never in its windows.
/// </summary>
[Collection(Cloud.Name)]
public sealed class CompactionTests(CloudStandIns cloud)
{
    static readonly DateTimeOffset Now = new(2026, 3, 12, 10, 17, 0, TimeSpan.Zero);

    static readonly string ScheduledEvent = """
        {"version":"0","id":"53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa","detail-type":"Scheduled Event","source":"aws.events",
         "account":"123456789012","time":"2026-03-12T10:05:00Z","region":"us-east-1",
         "resources":["arn:aws:events:us-east-1:123456789012:rule/DataLogger-CompactSchedule"],"detail":{}}
        """;

    FunctionSettings Settings(string series) => cloud.Settings(series: series);

    CompactFunction Compact(string series, DateTimeOffset now) => new(Settings(series), new FixedTime(now));

    AthenaQueryEngine Athena(string series)
    {
        var settings = Settings(series);
        return new AthenaQueryEngine(cloud.AthenaClient(), settings.Athena, Stores.Open(settings));
    }

    static MemoryStream Stream(string json) => new(Encoding.UTF8.GetBytes(json));

    // The 24-hour view's readings, the 7-day window's readings, the 7-day view's hourly bands and the records' daily
    // summaries (days cut at UTC-5), as text to compare.
    async Task<(List<string> Day, List<string> Week, List<string> Bands)> QueryAsync(string series, DateTimeOffset now)
    {
        var athena = Athena(series);
        static string Row(Reading r) => string.Create(CultureInfo.InvariantCulture, $"{r.Timestamp} {r.Celsius:R} {r.SensorId}");
        var day = await athena.ReadingsAsync(series, TimeWindow.Last(ChartView.Day.Length, now));
        var week = await athena.ReadingsAsync(series, TimeWindow.Last(ChartView.Week.Length, now));
        var bands = await athena.BandsAsync(series, TimeWindow.Last(ChartView.Week.Length, now), ChartView.Week.Bucket!.Value);
        var days = await athena.DaysAsync(series, TimeWindow.Last(ChartView.Week.Length, now), TimeSpan.FromHours(-5));
        // Equal readings may be reached more than once a day: min_by and max_by name one of their times.
        static string Day(DaySummary d) => string.Create(CultureInfo.InvariantCulture, $"{d.Day} {d.Min} {d.Max} {d.Count}");
        Assert.Equal(week.Readings.GroupBy(r => DaySummary.DayOf(r.Timestamp, TimeSpan.FromHours(-5))).Select(g => Day(DaySummary.Of(g.Key, [.. g]))), days.Select(Day));
        Assert.All(days, d => Assert.Contains(week.Readings, r => r.Timestamp == d.MaxAt && r.Celsius == d.Max));
        return ([.. day.Readings.Select(Row)], [.. week.Readings.Select(Row)], [.. bands.Select(b => b.ToString()).Concat(days.Select(Day))]);
    }

    static void AssertSame((List<string> Day, List<string> Week, List<string> Bands) expected, (List<string> Day, List<string> Week, List<string> Bands) actual)
    {
        Assert.Equal(expected.Day, actual.Day);
        Assert.Equal(expected.Week, actual.Week);
        Assert.Equal(expected.Bands, actual.Bands);
    }

    async Task<SortedDictionary<string, byte[]>> ObjectsAsync(string series)
    {
        using var data = cloud.Bucket(S3Server.Bucket);
        var objects = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        await foreach (var key in data.ListAsync(ReadingKey.SeriesPrefix(series)))
        {
            objects[key] = (await data.GetAsync(key))!;
        }

        return objects;
    }

    async Task PutAsync(string key, string json)
    {
        using var data = cloud.Bucket(S3Server.Bucket);
        await data.PutAsync(key, Encoding.UTF8.GetBytes(json), "application/json");
    }

    // Three days of readings, every 20 minutes up to now, in the shapes the contract allows: this system's, the original
    // system's "celcius" without fahrenheit, with a sensor id; and objects that are not plain readings of their key:
    // cut short, out of range, a body whose time is not its key's (a reading for both engines), a file that is no reading.
    async Task<(List<string> Valid, Dictionary<string, string> Odd)> UploadThreeDaysAsync(string series)
    {
        var valid = new List<string>();
        var first = new DateTimeOffset(Now.UtcDateTime.Date, TimeSpan.Zero).AddDays(-2);
        var n = 0;
        var uploads = new List<Task>();
        for (var time = first; time < Now; time = time.AddMinutes(20), n++)
        {
            var t = time.ToUnixTimeSeconds() + (n % 7); // not always on the minute
            var celsius = Math.Round((24 + (3 * Math.Sin(n / 9.0))) * 16) / 16; // the sensor's 1/16 °C steps
            var key = new ReadingKey(series, t).ToString();
            var c = celsius.ToString("R", CultureInfo.InvariantCulture);
            uploads.Add((n % 3) switch
            {
                0 => PutAsync(key, $$"""{"timestamp":{{t}},"celsius":{{c}},"fahrenheit":{{(celsius * 9 / 5 + 32).ToString("R", CultureInfo.InvariantCulture)}}}"""),
                1 => PutAsync(key, $$"""{"timestamp": {{t}}, "celcius": {{c}}}"""),
                _ => PutAsync(key, $$"""{"timestamp":{{t}},"celsius":{{c}},"fahrenheit":{{(celsius * 9 / 5 + 32).ToString("R", CultureInfo.InvariantCulture)}},"sensor":"28-00000a1b2c3d","humidity":null}"""),
            });
            valid.Add(string.Create(CultureInfo.InvariantCulture, $"{t} {Reading.Create(t, celsius).Celsius:R} {(n % 3 == 2 ? "28-00000a1b2c3d" : "")}"));
        }

        await Task.WhenAll(uploads);
        var yesterday = first.AddDays(1);
        var odd = new Dictionary<string, string>
        {
            [new ReadingKey(series, yesterday.AddHours(3).AddSeconds(1).ToUnixTimeSeconds()).ToString()] = """{"timestamp":17733""",
            [new ReadingKey(series, yesterday.AddHours(4).AddSeconds(1).ToUnixTimeSeconds()).ToString()] = $$"""{"timestamp":{{yesterday.AddHours(4).AddSeconds(1).ToUnixTimeSeconds()}},"celsius":130.5}""",
            [new ReadingKey(series, yesterday.AddHours(5).AddSeconds(1).ToUnixTimeSeconds()).ToString()] = $$"""{"timestamp":{{yesterday.AddHours(5).AddSeconds(2).ToUnixTimeSeconds()}},"celsius":21.5}""",
            [ReadingKey.DayPrefix(series, DateOnly.FromDateTime(yesterday.UtcDateTime)) + "notes.txt"] = "the pool was drained on Tuesday",
        };
        foreach (var (key, json) in odd)
        {
            await PutAsync(key, json);
        }

        valid.Add($"{yesterday.AddHours(5).AddSeconds(2).ToUnixTimeSeconds()} 21.5 ");

        return (valid, odd);
    }

    static List<string> Within(IEnumerable<string> rows, TimeSpan length, DateTimeOffset now) =>
        [.. rows.Where(r => long.Parse(r[..r.IndexOf(' ', StringComparison.Ordinal)], CultureInfo.InvariantCulture) is var t
            && t > (now - length).ToUnixTimeSeconds() && t <= now.ToUnixTimeSeconds())
            .OrderBy(r => long.Parse(r[..r.IndexOf(' ', StringComparison.Ordinal)], CultureInfo.InvariantCulture))];

    [Fact]
    public async Task Three_days_compacted_read_exactly_as_before_and_a_late_reading_for_a_compacted_day_is_never_lost()
    {
        const string series = "compact-flow";
        var (valid, odd) = await UploadThreeDaysAsync(series);
        var before = await QueryAsync(series, Now);
        Assert.Equal(Within(valid, ChartView.Day.Length, Now), before.Day);
        Assert.Equal(Within(valid, ChartView.Week.Length, Now), before.Week);
        Assert.Equal(valid.Count, before.Week.Count);

        var outcome = await Compact(series, Now).RunAsync(Stream(ScheduledEvent), default);

        Assert.Equal("compacted", outcome.Status);
        Assert.Contains("readings before 2026-03-12 10:00 UTC: compact-flow: 3 days written", outcome.Message);
        Assert.Contains("3 objects left as they are", outcome.Message);
        var objects = await ObjectsAsync(series);
        Assert.Equal(
            ["compact-flow/compacted/2026/03/10/readings.parquet", "compact-flow/compacted/2026/03/11/readings.parquet", "compact-flow/compacted/2026/03/12/readings.parquet"],
            objects.Keys.Where(k => k.EndsWith(".parquet", StringComparison.Ordinal)));
        var json = objects.Keys.Where(k => !k.Contains("/compacted/", StringComparison.Ordinal)).ToList();
        Assert.Equal([.. odd.Keys.Order(StringComparer.Ordinal), .. valid.Where(v => long.Parse(v[..10], CultureInfo.InvariantCulture) >= Now.AddMinutes(-17).ToUnixTimeSeconds())
            .Select(v => new ReadingKey(series, long.Parse(v[..10], CultureInfo.InvariantCulture)).ToString())], json);
        Assert.All(odd, o => Assert.Equal(o.Value, Encoding.UTF8.GetString(objects[o.Key])));
        AssertSame(before, await QueryAsync(series, Now));

        // Late readings for the two compacted days (the agent's spool draining): read from their JSON objects at once.
        var late = new[] { Now.AddDays(-2).AddHours(-3).AddSeconds(30), Now.AddHours(-20).AddSeconds(30) };
        foreach (var time in late)
        {
            await PutAsync(new ReadingKey(series, time.ToUnixTimeSeconds()).ToString(), $$"""{"timestamp":{{time.ToUnixTimeSeconds()}},"celsius":19.75,"fahrenheit":67.55}""");
        }

        List<string> withLate = [.. valid, .. late.Select(t => $"{t.ToUnixTimeSeconds()} 19.75 ")];
        var later = Now.AddHours(1);
        var arrived = await QueryAsync(series, later);
        Assert.Equal(Within(withLate, ChartView.Day.Length, later), arrived.Day);
        Assert.Equal(Within(withLate, ChartView.Week.Length, later), arrived.Week);

        // The next run merges them (and the readings of the hour that was over); nothing changes for a reader.
        var next = await Compact(series, later).RunAsync(Stream(ScheduledEvent), default);
        Assert.Equal("compacted", next.Status);
        Assert.Contains("3 days written (3 readings merged", next.Message); // the two late ones, and 10:00 of today
        AssertSame(arrived, await QueryAsync(series, later));
        var merged = await ObjectsAsync(series);
        Assert.Equal(odd.Keys.Order(StringComparer.Ordinal), merged.Keys.Where(k => !k.Contains("/compacted/", StringComparison.Ordinal)));

        // Twice is once: nothing to merge, not a byte changed.
        var again = await Compact(series, later).RunAsync(Stream(ScheduledEvent), default);
        Assert.Equal("unchanged", again.Status);
        Assert.Equal(merged, await ObjectsAsync(series));
    }

    [Fact]
    public async Task A_run_that_dies_between_writing_a_day_and_deleting_its_objects_counts_each_reading_once_and_the_next_run_finishes()
    {
        const string series = "compact-crash";
        var (valid, _) = await UploadThreeDaysAsync(series);
        var before = await QueryAsync(series, Now);

        var crashing = Compact(series, Now);
        var days = 0;
        crashing.Compactor.BeforeDeletes = _ => ++days == 2 ? throw new IOException("the function timed out (simulated)") : Task.CompletedTask;
        await Assert.ThrowsAsync<IOException>(() => crashing.RunAsync(Stream(ScheduledEvent), default));

        // The second day is in its Parquet object and still in its JSON objects: the view's UNION reads each reading once.
        var objects = await ObjectsAsync(series);
        Assert.Contains("compact-crash/compacted/2026/03/11/readings.parquet", objects.Keys);
        Assert.Contains(objects.Keys, k => k.StartsWith("compact-crash/2026/03/11/", StringComparison.Ordinal) && k.EndsWith(".json", StringComparison.Ordinal));
        AssertSame(before, await QueryAsync(series, Now));
        Assert.Equal(valid.Count, before.Week.Count);

        var outcome = await Compact(series, Now).RunAsync(Stream(ScheduledEvent), default);
        Assert.Equal("compacted", outcome.Status);
        AssertSame(before, await QueryAsync(series, Now));
        Assert.DoesNotContain((await ObjectsAsync(series)).Keys, k => k.StartsWith("compact-crash/2026/03/11/", StringComparison.Ordinal) && ReadingKey.TryParse(k, out var key)
            && valid.Any(v => v.StartsWith(key!.Timestamp.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Notes_of_the_months_that_are_over_become_one_object_a_month_read_by_the_book_and_by_athena_with_one_sql_text()
    {
        // In 2025, which no other test's notes are in: two months over, and the month of the run.
        var book = new Notes.NoteBook(cloud.Bucket(S3Server.Bucket));
        Notes.Note[] written =
        [
            new(At(2025, 1, 3, 18), At(2025, 1, 4, 8), null, "Cover on"),
            new(At(2025, 1, 10, 9), null, "pool", "Shocked, 1 kg cal-hypo, \"a lot\""),
            new(At(2025, 1, 31, 23), At(2025, 2, 2, 7), "heater", "Heater serviced, off until Sunday"),
            new(At(2025, 2, 14, 12), null, null, "Topped up: 5 cm, garden hose"),
            new(At(2025, 3, 2, 10), null, "ph", "New reagent"),
        ];
        foreach (var note in written)
        {
            Assert.True(await book.AddAsync(note));
        }

        var year = new TimeWindow(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 3, 10, 0, 0, 0, TimeSpan.Zero));
        var athena = Athena("compact-notes");
        static string Line(Notes.Note n) => $"{n.Timestamp} {n.End} {n.Series} {n.Text}";
        var before = (await book.ReadAsync(year)).Select(Line).ToList();
        Assert.Equal(written.Select(Line), before);
        Assert.Equal(before, (await athena.NotesAsync(year)).Select(Line));

        var outcome = await new CompactFunction(Settings("compact-notes"), new FixedTime(new DateTimeOffset(2025, 3, 5, 10, 5, 0, TimeSpan.Zero))).RunAsync(Stream(ScheduledEvent), default);
        Assert.Contains("notes:", outcome.Message, StringComparison.Ordinal);

        var keys = await cloud.Bucket(S3Server.Bucket).ListAsync("notes/").ToListAsync();
        Assert.Contains("notes/compacted/2025/01/notes.json", keys);
        Assert.Contains("notes/compacted/2025/02/notes.json", keys);
        Assert.DoesNotContain(keys, k => k.StartsWith("notes/2025/01/", StringComparison.Ordinal) || k.StartsWith("notes/2025/02/", StringComparison.Ordinal));
        Assert.Contains(keys, k => k.StartsWith("notes/2025/03/02/", StringComparison.Ordinal)); // this month's stays its own

        // The same notes after, by the book (a fresh one) and by Athena's view over both tables; a span into February
        // read from January's object; the same note added again to a compacted month is still one note.
        var fresh = new Notes.NoteBook(cloud.Bucket(S3Server.Bucket));
        Assert.Equal(before, (await fresh.ReadAsync(year)).Select(Line));
        Assert.Equal(before, (await athena.NotesAsync(year)).Select(Line));
        var february = new TimeWindow(new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 2, 10, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal([Line(written[2])], (await athena.NotesAsync(february)).Select(Line));
        Assert.True(await fresh.AddAsync(written[1])); // its own object is gone: created again, read once with the compacted one
        Assert.Equal(before, (await fresh.ReadAsync(year)).Select(Line));
        Assert.Equal(before, (await athena.NotesAsync(year)).Select(Line));

        static long At(int year, int month, int day, int hour) => new DateTimeOffset(year, month, day, hour, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
    }

    [Fact]
    public async Task Compact_ignores_anything_but_its_schedule()
    {
        var outcome = await Compact("compact-flow", Now).RunAsync(Stream("""{"detail-type":"Athena Query State Change","source":"aws.athena","detail":{}}"""), default);
        Assert.True(outcome.Ignored);
        Assert.Equal("not a scheduled event (detail-type: Athena Query State Change)", outcome.Message);
        await Assert.ThrowsAsync<FunctionEventException>(() => Compact("compact-flow", Now).RunAsync(Stream("{"), default));
    }
}
