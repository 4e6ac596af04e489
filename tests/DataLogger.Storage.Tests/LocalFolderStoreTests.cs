using System.Text;
using DataLogger.Ports;
using DataLogger.Storage.Local;
using DataLogger.Testing;

namespace DataLogger.Storage.Tests;

public sealed class LocalFolderStoreTests : IDisposable
{
    readonly TempDirectory _temp = new();
    readonly LocalFolderStore _store;

    public LocalFolderStoreTests() => _store = new LocalFolderStore(_temp.Combine("bucket"));

    public void Dispose() => _temp.Dispose();

    static byte[] Body(string text) => Encoding.UTF8.GetBytes(text);

    async Task<List<string>> List(string prefix)
    {
        var keys = new List<string>();
        await foreach (var key in _store.ListAsync(prefix))
        {
            keys.Add(key);
        }

        return keys;
    }

    [Fact]
    public async Task Put_then_get_returns_the_same_bytes_at_the_keys_path()
    {
        await _store.PutAsync("pool/2025/11/27/1764201600.json", Body("{\"a\":1}"), "application/json");
        Assert.Equal("{\"a\":1}", Encoding.UTF8.GetString((await _store.GetAsync("pool/2025/11/27/1764201600.json"))!));
        Assert.True(File.Exists(_temp.Combine("bucket", "pool", "2025", "11", "27", "1764201600.json")));
    }

    [Fact]
    public async Task Get_of_a_missing_key_returns_null()
    {
        Assert.Null(await _store.GetAsync("pool/2025/11/27/1.json"));
        Assert.Null(await _store.GetAsync("nothing-here"));
    }

    [Fact]
    public async Task Put_replaces_an_existing_object()
    {
        await _store.PutAsync("a/b.json", Body("old"), "application/json");
        await _store.PutAsync("a/b.json", Body("new"), "application/json");
        Assert.Equal("new", Encoding.UTF8.GetString((await _store.GetAsync("a/b.json"))!));
        Assert.Equal(["a/b.json"], await List(""));
    }

    [Fact]
    public async Task Lists_by_prefix_in_ordinal_order_like_s3()
    {
        string[] keys =
        [
            "pool/2025/11/27/1764201900.json", "pool/2025/11/26/1764115200.json", "pool/2025/11/27/1764201600.json",
            "spa/2025/11/27/1764201600.json", "pool/2025/12/01/1764547200.json", "pool.json", "pool-2/x.json",
        ];
        foreach (var key in keys)
        {
            await _store.PutAsync(key, Body("{}"), "application/json");
        }

        Assert.Equal(keys.Order(StringComparer.Ordinal), await List(""));
        Assert.Equal(
            ["pool/2025/11/26/1764115200.json", "pool/2025/11/27/1764201600.json", "pool/2025/11/27/1764201900.json", "pool/2025/12/01/1764547200.json"],
            await List("pool/"));
        Assert.Equal(["pool/2025/11/27/1764201600.json", "pool/2025/11/27/1764201900.json"], await List("pool/2025/11/27/"));
        Assert.Equal(["pool/2025/11/26/1764115200.json", "pool/2025/11/27/1764201600.json", "pool/2025/11/27/1764201900.json"], await List("pool/2025/11/2"));
        Assert.Equal(["pool-2/x.json", "pool.json", "pool/2025/11/26/1764115200.json", "pool/2025/11/27/1764201600.json", "pool/2025/11/27/1764201900.json", "pool/2025/12/01/1764547200.json"], await List("pool"));
        Assert.Empty(await List("pool/2030/"));
        Assert.Empty(await List("nothing"));
    }

    [Fact]
    public async Task An_object_is_readable_whole_once_its_put_returns()
    {
        await _store.PutAsync("pool/2025/11/27/1764201600.json", Body("12345"), "application/json");
        Assert.True(File.Exists(_store.PathOf("pool/2025/11/27/1764201600.json")));
        Assert.Equal(Body("12345"), await _store.GetAsync("pool/2025/11/27/1764201600.json"));
    }

    [Fact]
    public async Task A_crash_between_write_and_rename_leaves_no_partial_object()
    {
        const string Key = "pool/2025/11/27/1764201600.json";
        string? tempFile = null;
        _store.BeforeRename = path =>
        {
            tempFile = path;
            throw new IOException("simulated crash before rename");
        };
        await Assert.ThrowsAsync<IOException>(() => _store.PutAsync(Key, Body("{\"timestamp\":1764201600,\"celsius\":20}"), "application/json"));

        Assert.Null(await _store.GetAsync(Key));
        Assert.Empty(await List(""));
        Assert.NotNull(tempFile);
        Assert.Equal(Path.GetDirectoryName(_store.PathOf(Key)), Path.GetDirectoryName(tempFile)); // same folder, so rename is atomic
    }

    [Fact]
    public async Task A_crash_while_overwriting_keeps_the_old_object_whole()
    {
        const string Key = "a/b.json";
        await _store.PutAsync(Key, Body("old and whole"), "application/json");
        _store.BeforeRename = _ => throw new IOException("simulated crash before rename");
        await Assert.ThrowsAsync<IOException>(() => _store.PutAsync(Key, Body("new"), "application/json"));
        Assert.Equal("old and whole", Encoding.UTF8.GetString((await _store.GetAsync(Key))!));
    }

    [Fact]
    public async Task A_temporary_file_left_by_a_killed_process_is_never_listed_or_read()
    {
        // What a kill -9 between write and rename leaves behind.
        var folder = Path.GetDirectoryName(_store.PathOf("pool/2025/11/27/1764201600.json"))!;
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Join(folder, ".1764201600.json.0123456789abcdef.tmp"), "{\"timest");
        Assert.Empty(await List(""));
        Assert.Null(await _store.GetAsync("pool/2025/11/27/1764201600.json"));
    }

    [Fact]
    public async Task Leftovers_of_dead_writers_are_removed_and_a_live_writers_file_is_kept()
    {
        var folder = Path.GetDirectoryName(_store.PathOf("pool/2025/11/27/1764201600.json"))!;
        Directory.CreateDirectory(folder);
        var dead = Path.Join(folder, ".1764201600.json.2147483646-0123456789abcdef.tmp"); // no such process
        var live = Path.Join(folder, $".1764201900.json.{Environment.ProcessId}-0123456789abcdef.tmp"); // this one, mid-write
        var old = Path.Join(folder, ".1764202200.json.0123456789abcdef.tmp"); // an older version's name, an hour old
        var fresh = Path.Join(folder, ".1764202500.json.fedcba9876543210.tmp"); // the same, just written
        foreach (var path in new[] { dead, live, old, fresh })
        {
            await File.WriteAllTextAsync(path, "{\"timest");
        }

        File.SetLastWriteTimeUtc(old, DateTime.UtcNow.AddHours(-1));
        Assert.Equal(2, _store.RemoveLeftovers());
        Assert.Equal([live, fresh], Directory.GetFiles(folder, ".*").Order(StringComparer.Ordinal));
        Assert.Equal(0, new LocalFolderStore(_temp.Combine("nothing-yet")).RemoveLeftovers());
    }

    [Theory]
    [InlineData("../outside.json")]
    [InlineData("pool/../../outside.json")]
    [InlineData("/etc/passwd")]
    [InlineData("pool//x.json")]
    [InlineData("pool/.hidden.json")]
    [InlineData("pool\\x.json")]
    [InlineData("")]
    public async Task Keys_that_could_escape_the_folder_are_refused(string key)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => _store.PutAsync(key, Body("x"), "application/json"));
        Assert.False(File.Exists(_temp.Combine("outside.json")));
    }

    [Fact]
    public async Task Concurrent_writers_of_the_same_key_leave_one_whole_object()
    {
        const string Key = "pool/2025/11/27/1764201600.json";
        var bodies = Enumerable.Range(0, 32).Select(i => new string((char)('a' + (i % 26)), 4096 + i)).ToArray();
        await Task.WhenAll(bodies.Select(b => Task.Run(() => _store.PutAsync(Key, Body(b), "application/json"))));
        var stored = Encoding.UTF8.GetString((await _store.GetAsync(Key))!);
        Assert.Contains(stored, bodies);
        Assert.Equal([Key], await List(""));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(_store.PathOf(Key))!, "*", SearchOption.AllDirectories));
    }
}
