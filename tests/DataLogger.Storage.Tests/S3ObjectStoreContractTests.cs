using DataLogger.Ports;
using DataLogger.Storage.S3;
using DataLogger.Testing;

namespace DataLogger.Storage.Tests;

[Trait("Category", "System")]
public sealed class S3ObjectStoreContractTests(S3ServerFixture fixture) : ObjectStoreContract, IClassFixture<S3ServerFixture>
{
    protected override bool ListsInOrdinalOrder => false;

    // Each test gets its own prefix in the one bucket: as empty as a fresh store.
    protected override Task<IObjectStore> CreateStoreAsync() => Task.FromResult<IObjectStore>(S3ObjectStore.Create(new S3StoreOptions
    {
        Bucket = S3Server.Bucket,
        Prefix = "t" + Guid.NewGuid().ToString("N")[..12],
        Endpoint = fixture.Server.Endpoint,
    }));
}
