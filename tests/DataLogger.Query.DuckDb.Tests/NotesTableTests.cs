using System.Text;
using DataLogger.Notes;
using DataLogger.Time;

namespace DataLogger.Query.DuckDb.Tests;

/// <summary>
/// The notes table in DuckDB (<see cref="NotesTableSql"/>, <see cref="NotesTable.Sql"/>) over a bucket folder the
/// note book writes and compacts: the same notes as the book reads, before and after a month is compacted, and a
/// malformed object or line left out.
/// </summary>
public sealed class NotesTableTests : BucketFixture
{
    public NotesTableTests()
        : base(new DateTimeOffset(2025, 11, 27, 12, 0, 0, TimeSpan.Zero), TimeSpan.FromDays(1), "pool/2025/11/27/1764200000.json")
    {
    }

    static long At(int month, int day, int hour) => new DateTimeOffset(2025, month, day, hour, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    static string Line(Note n) => $"{n.Timestamp} {n.End} {n.Series} {n.Text}";

    [Fact]
    public async Task The_engine_reads_the_notes_the_book_reads_before_and_after_compaction()
    {
        var book = new NoteBook(Store);
        Note[] written =
        [
            new(At(9, 28, 18), At(10, 2, 8), null, "Cover on, four nights"),
            new(At(10, 5, 9), null, "pool", "Shocked, 1 kg cal-hypo"),
            new(At(10, 5, 9), null, "ph", "pH 7.4, \"fresh\" reagent; TA 90"),
            new(At(10, 31, 22), At(11, 1, 6), "heater", "Heater off for the night"),
            new(At(11, 20, 7), null, null, "Pump serviced, ünïcode ok"),
        ];
        foreach (var note in written)
        {
            await book.AddAsync(note);
        }

        // Not notes: a malformed object, an object with no text, a file that is no JSON object in a note's folder.
        await Store.PutAsync("notes/2025/10/06/1759740000-000000000000.json", "{\"timestamp\": \"soon\", \"text\": \"x\"}\n"u8.ToArray(), "application/json");
        await Store.PutAsync("notes/2025/10/06/1759740001-000000000001.json", "{\"timestamp\": 1759740001}\n"u8.ToArray(), "application/json");
        await Store.PutAsync("notes/2025/10/07/1759830000-000000000002.json", "not json\n"u8.ToArray(), "application/json");

        var window = new TimeWindow(new DateTimeOffset(2025, 10, 1, 0, 0, 0, TimeSpan.Zero), Now);
        var expected = written.Select(Line).ToList();
        Assert.Equal(expected, (await book.ReadAsync(window)).Select(Line));
        Assert.Equal(expected, (await Engine.NotesAsync(window)).Select(Line));

        // October and September are over on November 27: one object each; November's notes stay their own.
        var compaction = await book.CompactAsync(Now);
        Assert.Equal(2, compaction.Months);
        Assert.Equal(4, compaction.Merged);
        Assert.Equal(3, compaction.Left);
        Assert.Equal("notes: 2 months written (4 notes merged, 4 in those months), 3 objects left as they are (not a note)", compaction.ToString());
        Assert.True(File.Exists(Path.Join(Bucket, "notes/compacted/2025/10/notes.json")));
        Assert.Equal(3, File.ReadAllText(Path.Join(Bucket, "notes/compacted/2025/10/notes.json"), Encoding.UTF8).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.False(Directory.Exists(Path.Join(Bucket, "notes/2025/10/05")));
        Assert.Equal(expected, (await new NoteBook(Store).ReadAsync(window)).Select(Line));
        Assert.Equal(expected, (await Engine.NotesAsync(window)).Select(Line));

        // Again: nothing to merge; a span read in a window its start is before.
        Assert.Equal(0, (await book.CompactAsync(Now)).Months);
        var november = new TimeWindow(new DateTimeOffset(2025, 11, 1, 0, 0, 0, TimeSpan.Zero), Now);
        Assert.Equal([expected[3], expected[4]], (await Engine.NotesAsync(november)).Select(Line));
    }

    [Fact]
    public async Task A_month_with_no_notes_is_an_empty_table()
    {
        Assert.Empty(await Engine.NotesAsync(TimeWindow.Last(TimeSpan.FromDays(30), Now)));
        Assert.Equal(0, (await new NoteBook(Store).CompactAsync(Now)).Months);
    }
}
