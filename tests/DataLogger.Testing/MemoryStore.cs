using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using DataLogger.Ports;

namespace DataLogger.Testing;

/// <summary>An object store in memory that remembers every key put, in order: for tests of what gets written.</summary>
public sealed class MemoryStore : IObjectStore
{
    public ConcurrentDictionary<string, byte[]> Objects { get; } = new();

    public ConcurrentQueue<string> Puts { get; } = new();

    public string Location => "memory";

    public Task PutAsync(string key, ReadOnlyMemory<byte> body, string contentType, CancellationToken cancellationToken = default)
    {
        Objects[key] = body.ToArray();
        Puts.Enqueue(key);
        return Task.CompletedTask;
    }

    public Task<bool> CreateAsync(string key, ReadOnlyMemory<byte> body, string contentType, CancellationToken cancellationToken = default)
    {
        var created = Objects.TryAdd(key, body.ToArray());
        if (created)
        {
            Puts.Enqueue(key);
        }

        return Task.FromResult(created);
    }

    public Task<VersionedObject?> GetVersionedAsync(string key, CancellationToken cancellationToken = default) =>
        Task.FromResult(Objects.TryGetValue(key, out var body) ? new VersionedObject(body, Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(body))) : null);

    public Task<bool> ReplaceAsync(string key, ReadOnlyMemory<byte> body, string contentType, string? version, CancellationToken cancellationToken = default)
    {
        lock (Objects)
        {
            var current = Objects.TryGetValue(key, out var existing) ? Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(existing)) : null;
            if (current != version)
            {
                return Task.FromResult(false);
            }

            Objects[key] = body.ToArray();
            Puts.Enqueue(key);
            return Task.FromResult(true);
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        Objects.TryRemove(key, out _);
        return Task.CompletedTask;
    }

    public Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        Task.FromResult(Objects.TryGetValue(key, out var body) ? body : null);

    public async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask;
        foreach (var key in Objects.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            yield return key;
        }
    }
}
