using System.Collections.Concurrent;
using System.Text;
using MQTTnet;

namespace DataLogger.Testing;

/// <summary>A subscriber, as Home Assistant is one: it sees every retained message on connect, and each new one.</summary>
public sealed class MqttWatcher : IAsyncDisposable
{
    readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();

    public ConcurrentDictionary<string, string> Latest { get; } = new();

    public ConcurrentQueue<(string Topic, string Payload, bool Retained)> Messages { get; } = new();

    public static async Task<MqttWatcher> StartAsync(int port, params string[] filters)
    {
        var watcher = new MqttWatcher();
        watcher._client.ApplicationMessageReceivedAsync += e =>
        {
            var payload = Encoding.UTF8.GetString(e.ApplicationMessage.Payload);
            watcher.Latest[e.ApplicationMessage.Topic] = payload;
            watcher.Messages.Enqueue((e.ApplicationMessage.Topic, payload, e.ApplicationMessage.Retain));
            return Task.CompletedTask;
        };
        await watcher._client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("watcher-" + Guid.NewGuid().ToString("N")[..8]).Build());
        var subscribe = new MqttClientSubscribeOptionsBuilder();
        foreach (var filter in filters.Length > 0 ? filters : ["#"])
        {
            subscribe = subscribe.WithTopicFilter(filter);
        }

        await watcher._client.SubscribeAsync(subscribe.Build());
        return watcher;
    }

    /// <summary>Waits until <paramref name="topic"/> holds a payload that <paramref name="match"/> accepts; returns it.</summary>
    public async Task<string> WaitForAsync(string topic, Func<string, bool>? match = null, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            if (Latest.TryGetValue(topic, out var payload) && (match?.Invoke(payload) ?? true))
            {
                return payload;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"no matching message on {topic}; seen: {string.Join(", ", Latest.Select(l => $"{l.Key}={l.Value}"))}");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        _client.Dispose();
    }
}
