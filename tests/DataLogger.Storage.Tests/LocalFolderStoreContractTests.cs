using DataLogger.Ports;
using DataLogger.Storage.Local;
using DataLogger.Testing;

namespace DataLogger.Storage.Tests;

public sealed class LocalFolderStoreContractTests : ObjectStoreContract, IDisposable
{
    readonly TempDirectory _temp = new();

    protected override Task<IObjectStore> CreateStoreAsync() => Task.FromResult<IObjectStore>(new LocalFolderStore(_temp.Combine(Guid.NewGuid().ToString("N"))));

    public void Dispose() => _temp.Dispose();

    // Not in the shared contract: s3rver 4.0.4 escapes '&' twice in its listings (it lists "a&amp;b"); S3 does not.
    [Fact]
    public async Task An_ampersand_in_a_key_round_trips()
    {
        var store = await CreateStoreAsync();
        await store.PutAsync("pool/a&b.json", "ok"u8.ToArray(), "application/json");
        await foreach (var key in store.ListAsync("pool/"))
        {
            Assert.Equal("pool/a&b.json", key);
        }
    }
}
