using System.Text;
using DataLogger.Ingest;
using DataLogger.Notes;
using DataLogger.Readings;
using DataLogger.Testing;
using DataLogger.Time;

namespace DataLogger.Core.Tests;

/// <summary>Notes: what is refused and why, the key contract (the same note twice is one note), the book by window, a note posted over HTTP.</summary>
public sealed class NoteTests
{
    static readonly DateTimeOffset Now = new(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);
    static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Theory]
    [InlineData("", 0, null, "a note needs a text")]
    [InlineData("   \n ", 0, null, "a note needs a text")]
    [InlineData("Shocked", 60, null, "is in the future: a note says what happened")]
    [InlineData("Cover on", -60, -120, "is not after its start")]
    [InlineData("Cover on", -60, 60 * 24 * 40, "a note spans at most 31 days")]
    public void A_note_that_cannot_be_taken_says_why_in_one_line(string text, int minutes, int? untilMinutes, string expected)
    {
        var e = Assert.Throws<NoteException>(() => Note.Create(text, Now.AddMinutes(minutes), Now, until: untilMinutes is { } u ? Now.AddMinutes(u) : null));
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void A_note_is_one_line_of_at_most_500_characters_and_may_end_in_the_future()
    {
        Assert.Equal("Shocked, 1 kg cal-hypo", Note.Create("  Shocked,\n1 kg cal-hypo ", Now, Now).Text);
        Assert.Equal(500, Note.Create(new string('a', 500), Now, Now).Text.Length);
        Assert.Contains("at most 500 characters; this one has 501", Assert.Throws<NoteException>(() => Note.Create(new string('a', 501), Now, Now)).Message);
        var cover = Note.Create("Cover on", Now.AddHours(-1), Now, until: Now.AddHours(12));
        Assert.True(cover.IsSpan);
    }

    [Fact]
    public void A_note_is_stored_at_its_time_and_content_and_the_same_note_twice_is_one_note()
    {
        var note = Note.Create("Shocked, 1 kg cal-hypo", Now, Now, "pool");
        Assert.Matches(@"^notes/2026/12/06/1796551200-[0-9a-f]{12}\.json$", ReadingKey.NoteKey(note));
        Assert.Equal(ReadingKey.NoteKey(note), ReadingKey.NoteKey(Note.Create("Shocked, 1 kg cal-hypo", Now, Now, "pool")));
        Assert.NotEqual(ReadingKey.NoteKey(note), ReadingKey.NoteKey(Note.Create("Shocked, 2 kg cal-hypo", Now, Now, "pool")));
        Assert.Equal(note, NoteBook.Decode(NoteBook.Encode(note)));
        Assert.Equal("{\"timestamp\":1796551200,\"series\":\"pool\",\"text\":\"Shocked, 1 kg cal-hypo\"}\n", Encoding.UTF8.GetString(NoteBook.Encode(note)));
        Assert.Contains("'notes' is the folder of the station's notes", Assert.Throws<ArgumentException>(() => Series.Validate("notes")).Message);
    }

    [Fact]
    public async Task The_book_keeps_one_of_each_and_reads_a_window_with_the_spans_that_reach_into_it()
    {
        var store = new MemoryStore();
        var book = new NoteBook(store);
        var shock = Note.Create("Shocked", Now.AddHours(-2), Now);
        Assert.True(await book.AddAsync(shock));
        Assert.False(await book.AddAsync(shock));
        var holiday = Note.Create("Cover on for the holiday", Now.AddDays(-20), Now, until: Now.AddDays(5)); // began last month
        var old = Note.Create("Opened the pool", Now.AddDays(-3), Now);
        await book.AddAsync(holiday);
        await book.AddAsync(old);
        await store.PutAsync("notes/2026/12/06/garbage.json", "not json"u8.ToArray(), "application/json");
        var day = await book.ReadAsync(TimeWindow.Last(TimeSpan.FromHours(24), Now));
        Assert.Equal(["Cover on for the holiday", "Shocked"], day.Select(n => n.Text));
        Assert.Equal(3, (await book.ReadAsync(TimeWindow.Last(TimeSpan.FromDays(7), Now))).Count);
    }

    [Fact]
    public void A_note_posted_as_json_or_as_the_pages_form_reads_with_its_times_in_the_stations_zone()
    {
        var station = new Station(["pool", "air"]);
        var json = new IngestRequest("POST", NoteRequest.Path, new Dictionary<string, string>(), "Token t", "application/json", "{\"text\": \"Cover on\", \"series\": \"pool\", \"at\": \"2026-12-05 18:00\", \"until\": \"2026-12-06 08:00\"}"u8.ToArray());
        var note = NoteRequest.Read(json, station, Berlin, Now);
        Assert.Equal(new DateTimeOffset(2026, 12, 5, 17, 0, 0, TimeSpan.Zero), note.Time); // 18:00 in Berlin
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 7, 0, 0, TimeSpan.Zero), note.EndTime);
        Assert.Equal("pool", note.Series);

        var form = new IngestRequest("POST", NoteRequest.Path, new Dictionary<string, string>(), null, "application/x-www-form-urlencoded", "text=Shocked%2C+1+kg&token=s3cret"u8.ToArray());
        Assert.Equal("Token s3cret", NoteRequest.WithFormToken(form).Authorization);
        var shocked = NoteRequest.Read(form, station, Berlin, Now);
        Assert.Equal(("Shocked, 1 kg", Now, (string?)null), (shocked.Text, shocked.Time, shocked.Series)); // now, to the minute
        Assert.Equal(201, NoteRequest.Answer(shocked, added: true).Status);
        Assert.Equal(200, NoteRequest.Answer(shocked, added: false).Status);

        foreach (var (body, expected) in new[]
        {
            ("{\"text\": \"\"}", "a note needs a text"),
            ("{\"text\": \"x\", \"series\": \"spa\"}", "'spa' is not a series of this station (pool, air)"),
            ("{\"text\": \"x\", \"at\": \"tomorrow-ish\"}", "'at': 'tomorrow-ish' is not a time"),
            ("[1]", "a note is a JSON object"),
        })
        {
            var e = Assert.Throws<IngestRefusedException>(() => NoteRequest.Read(json with { Body = Encoding.UTF8.GetBytes(body) }, station, Berlin, Now));
            Assert.Equal(400, e.Status);
            Assert.Contains(expected, e.Message);
        }
    }
}

/// <summary>A time as a person types it, in the station's zone unless it says its own.</summary>
public sealed class TypedTimeTests
{
    static readonly DateTimeOffset Now = new(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);
    static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Theory]
    [InlineData("18:00", "2026-12-06T17:00:00Z")]
    [InlineData("2026-12-05 18:00", "2026-12-05T17:00:00Z")]
    [InlineData("2026-07-05 18:00", "2026-07-05T16:00:00Z")]
    [InlineData("2026-11-25T10:00:00Z", "2026-11-25T10:00:00Z")]
    [InlineData("2026-11-25T10:00:00+02:00", "2026-11-25T08:00:00Z")]
    [InlineData("1796551200", "2026-12-06T10:00:00Z")]
    public void Typed_times_read_in_the_stations_zone_unless_they_say_their_own(string text, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), TypedTime.TryParse(text, Berlin, Now));

    [Theory]
    [InlineData("tomorrow-ish")]
    [InlineData("")]
    [InlineData("25:00")]
    public void What_is_no_time_is_null(string text) => Assert.Null(TypedTime.TryParse(text, Berlin, Now));
}
