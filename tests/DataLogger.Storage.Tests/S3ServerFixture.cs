using DataLogger.Testing;

namespace DataLogger.Storage.Tests;

/// <summary>One S3 server for a test class, started before its first test and stopped after its last.</summary>
public sealed class S3ServerFixture : IAsyncLifetime, IDisposable
{
    readonly TempDirectory _temp = new();

    internal S3Server Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await S3Server.StartAsync(_temp.Combine("s3"));

    public async Task DisposeAsync() => await Server.DisposeAsync();

    public void Dispose() => _temp.Dispose();
}
