using System.Text;
using DataLogger.Ports;
using DataLogger.Readings;

namespace DataLogger.Storage.Tests;

/// <summary>
/// What every object store must do, run against each store (the local folder and S3), so the two cannot drift apart.
/// </summary>
public abstract class ObjectStoreContract
{
    /// <summary>A fresh, empty store.</summary>
    protected abstract Task<IObjectStore> CreateStoreAsync();

    /// <summary>
    /// Whether the store lists keys in ordinal (UTF-8 binary) order, as S3 does. The test server, s3rver, lists in
    /// the order it walks its folders, so against it only the set of keys is compared.
    /// </summary>
    protected virtual bool ListsInOrdinalOrder => true;

    void AssertListed(IEnumerable<string> expected, List<string> actual)
    {
        if (ListsInOrdinalOrder)
        {
            Assert.Equal(expected.Order(StringComparer.Ordinal), actual);
        }
        else
        {
            Assert.Equal(expected.Order(StringComparer.Ordinal), actual.Order(StringComparer.Ordinal));
            Assert.Equal(actual.Count, actual.Distinct().Count());
        }
    }

    static byte[] Body(string text) => Encoding.UTF8.GetBytes(text);

    static async Task<List<string>> ListAsync(IObjectStore store, string prefix)
    {
        var keys = new List<string>();
        await foreach (var key in store.ListAsync(prefix))
        {
            keys.Add(key);
        }

        return keys;
    }

    [Fact]
    public async Task Put_then_get_returns_the_same_bytes()
    {
        var store = await CreateStoreAsync();
        var body = Body("{\"timestamp\":1764201600,\"celsius\":27.31,\"fahrenheit\":81.16}\n");
        await store.PutAsync("pool/2025/11/27/1764201600.json", body, "application/json");
        Assert.Equal(body, await store.GetAsync("pool/2025/11/27/1764201600.json"));
    }

    [Fact]
    public async Task Get_of_a_missing_key_is_null()
    {
        var store = await CreateStoreAsync();
        Assert.Null(await store.GetAsync("pool/2025/11/27/1.json"));
    }

    [Fact]
    public async Task Put_overwrites_so_a_retried_upload_never_duplicates()
    {
        var store = await CreateStoreAsync();
        await store.PutAsync("pool/a.json", Body("first"), "application/json");
        await store.PutAsync("pool/a.json", Body("second"), "application/json");
        Assert.Equal("second", Encoding.UTF8.GetString((await store.GetAsync("pool/a.json"))!));
        Assert.Equal(["pool/a.json"], await ListAsync(store, ""));
    }

    [Fact]
    public async Task Delete_removes_the_object_and_only_it_and_a_missing_key_is_no_error()
    {
        var store = await CreateStoreAsync();
        await store.PutAsync("pool/2025/11/27/1764201600.json", Body("a"), "application/json");
        await store.PutAsync("pool/2025/11/27/1764201900.json", Body("b"), "application/json");
        await store.DeleteAsync("pool/2025/11/27/1764201600.json");
        await store.DeleteAsync("pool/2025/11/27/1764201600.json");
        await store.DeleteAsync("pool/2030/01/01/1.json");
        Assert.Null(await store.GetAsync("pool/2025/11/27/1764201600.json"));
        Assert.Equal(["pool/2025/11/27/1764201900.json"], await ListAsync(store, "pool/"));
    }

    [Fact]
    public async Task Lists_by_prefix_in_ordinal_order()
    {
        var store = await CreateStoreAsync();
        string[] keys = ["pool/2025/11/27/1764201900.json", "pool/2025/11/26/1764115200.json", "spa/2025/11/27/1764201600.json", "pool-2/x.json", "pool.json"];
        foreach (var key in keys)
        {
            await store.PutAsync(key, Body("{}"), "application/json");
        }

        AssertListed(keys, await ListAsync(store, ""));
        AssertListed(["pool/2025/11/26/1764115200.json", "pool/2025/11/27/1764201900.json"], await ListAsync(store, "pool/"));
        AssertListed(["pool/2025/11/27/1764201900.json"], await ListAsync(store, "pool/2025/11/27/"));
        AssertListed(["pool/2025/11/26/1764115200.json", "pool/2025/11/27/1764201900.json"], await ListAsync(store, "pool/2025/11/2"));
        Assert.Empty(await ListAsync(store, "nothing/"));
    }

    [Fact]
    public async Task Lists_past_a_thousand_keys()
    {
        var store = await CreateStoreAsync();
        var keys = Enumerable.Range(0, 1_050).Select(i => $"pool/2025/11/27/{1764201600 + i}.json").ToList();
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (key, ct) =>
            await store.PutAsync(key, Body("{}"), "application/json", ct));
        AssertListed(keys, await ListAsync(store, "pool/"));
    }

    [Theory]
    [InlineData("pool/a b+c.json")]
    [InlineData("pool/100%=x.json")]
    [InlineData("pool/température-é.json")]
    [InlineData("pool/what?#hash.json")]
    [InlineData("pool/spa:hot=38,cold=12;ok.json")]
    public async Task Keys_with_characters_that_need_encoding_round_trip(string key)
    {
        var store = await CreateStoreAsync();
        await store.PutAsync(key, Body("ok"), "application/json");
        Assert.Equal("ok", Encoding.UTF8.GetString((await store.GetAsync(key))!));
        Assert.Equal([key], await ListAsync(store, "pool/"));
    }

    [Fact]
    public async Task Create_stores_where_nothing_is_and_never_over_an_object()
    {
        var store = await CreateStoreAsync();
        const string key = "pool/2026/12/03/1796292010.json";
        var first = Body("""{"timestamp":1796292010,"celsius":20.0}""");

        Assert.True(await store.CreateAsync(key, first, ReadingJson.ContentType));
        Assert.False(await store.CreateAsync(key, Body("""{"timestamp":1796292010,"celsius":25.0}"""), ReadingJson.ContentType));
        Assert.False(await store.CreateAsync(key, first, ReadingJson.ContentType));
        Assert.Equal(first, await store.GetAsync(key));
        Assert.Equal([key], await ListAsync(store, "pool/"));
    }

    [Fact]
    public async Task Of_writers_creating_one_key_at_once_exactly_one_wins_and_its_object_is_whole()
    {
        var store = await CreateStoreAsync();
        const string key = "pool/2026/12/03/1796292020.json";
        var bodies = Enumerable.Range(0, 8).Select(i => Body($$"""{"timestamp":1796292020,"celsius":2{{i}}.5}""")).ToList();

        var created = await Task.WhenAll(bodies.Select(b => Task.Run(() => store.CreateAsync(key, b, ReadingJson.ContentType))));

        Assert.Single(created, c => c);
        Assert.Equal(bodies[Array.IndexOf(created, true)], await store.GetAsync(key));
    }

    [Fact]
    public async Task A_reading_is_never_replaced_by_a_different_one_and_the_different_one_is_kept_aside()
    {
        var store = await CreateStoreAsync();
        var writer = new ReadingWriter(store);
        var original = Reading.Create(1796292010, 20.0);
        var later = Reading.Create(1796292010, 25.0);
        var key = ReadingKey.For("pool", original);

        Assert.Equal(StoreOutcome.Stored, await writer.StoreAsync("pool", original));
        Assert.Equal(StoreOutcome.AlreadyStored, await writer.StoreAsync("pool", original)); // a retried upload
        Assert.Equal(StoreOutcome.KeptAside, await writer.StoreAsync("pool", later));
        Assert.Equal(StoreOutcome.KeptAside, await writer.StoreAsync("pool", later)); // the same one aside again: one object

        Assert.Equal(original, ReadingJson.Decode(await store.GetAsync(key.ToString())));
        var aside = key.AsideKey(ReadingJson.Encode(later));
        Assert.StartsWith("pool/aside/2026/12/03/1796292010-", aside, StringComparison.Ordinal);
        Assert.Equal(later, ReadingJson.Decode(await store.GetAsync(aside)));
        Assert.Equal([key.ToString(), aside], (await ListAsync(store, "pool/")).Order(StringComparer.Ordinal));
        Assert.False(ReadingKey.TryParse(aside, out _)); // never read as a reading
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"timestamp\": 1796292010, \"cel")]
    [InlineData("\0\0\0\0")]
    public async Task An_object_that_is_no_reading_at_a_readings_key_is_replaced_by_the_reading(string cut)
    {
        // A store that lost power mid-write leaves an empty or cut object at the key: nothing to keep aside from.
        var store = await CreateStoreAsync();
        var writer = new ReadingWriter(store);
        var reading = Reading.Create(1796292010, 21.5);
        var key = ReadingKey.For("pool", reading).ToString();
        await store.PutAsync(key, System.Text.Encoding.UTF8.GetBytes(cut), ReadingJson.ContentType);

        Assert.Equal(StoreOutcome.Stored, await writer.StoreAsync("pool", reading));
        Assert.Equal(reading, ReadingJson.Decode(await store.GetAsync(key)));
        Assert.Equal([key], await ListAsync(store, "pool/")); // nothing aside
        Assert.Equal(StoreOutcome.AlreadyStored, await writer.StoreAsync("pool", reading));
    }

    [Fact]
    public async Task Writers_updating_one_object_at_once_lose_none_of_each_others_changes()
    {
        var store = await CreateStoreAsync();
        const string key = "latest.json";

        // Each writer adds its own line, as each series' publish puts its own summary into latest.json.
        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => ObjectUpdate.UpdateAsync(store, key, "text/plain", current =>
            Body((current is null ? string.Empty : Encoding.UTF8.GetString(current)) + $"series {i}\n")))));

        var lines = Encoding.UTF8.GetString((await store.GetAsync(key))!).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Enumerable.Range(0, 6).Select(i => $"series {i}"), lines.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Replace_stores_only_over_the_version_read()
    {
        var store = await CreateStoreAsync();
        Assert.Null(await store.GetVersionedAsync("views-state.json"));
        Assert.True(await store.ReplaceAsync("views-state.json", Body("1"), "application/json", version: null));
        Assert.False(await store.ReplaceAsync("views-state.json", Body("2"), "application/json", version: null)); // one appeared

        var read = (await store.GetVersionedAsync("views-state.json"))!;
        Assert.Equal(Body("1"), read.Body);
        await store.PutAsync("views-state.json", Body("3"), "application/json"); // another writer, meanwhile
        Assert.False(await store.ReplaceAsync("views-state.json", Body("2"), "application/json", read.Version));
        Assert.Equal(Body("3"), await store.GetAsync("views-state.json"));

        var again = (await store.GetVersionedAsync("views-state.json"))!;
        Assert.True(await store.ReplaceAsync("views-state.json", Body("4"), "application/json", again.Version));
        Assert.Equal(Body("4"), await store.GetAsync("views-state.json"));
        await store.DeleteAsync("views-state.json");
        Assert.False(await store.ReplaceAsync("views-state.json", Body("5"), "application/json", again.Version)); // it went
    }
}
