using System.Buffers;
using System.Collections.Concurrent;
using DataLogger.Ingest;
using DataLogger.Readings;
using DataLogger.Time;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using MQTTnet.Protocol;

namespace DataLogger.Mqtt;

/// <summary>
/// Readings from MQTT: <c>run</c> subscribes to the topics of its <see cref="MqttSubscription"/>s (Tasmota, ESPHome,
/// Zigbee2MQTT, a Shelly Gen2, or any JSON) on the broker it publishes to, and stores each reading a message gives the
/// way a probe's is stored. A message kept by the broker (retained) carries no time of its own unless it is a Shelly's
/// (its <c>ts</c>): it is not taken as a new reading; a message delivered twice in a minute (QoS 1 redelivery) counts
/// once. A broker that goes away is retried with backoff; a message that does not read, and a probe in a message that
/// gives no reading (its siblings are taken), is logged once per topic until it reads again.
/// </summary>
public sealed class MqttIngest(MqttSettings settings, IReadOnlyList<MqttSubscription> subscriptions, Station station, Func<string, Reading, Task> store, ILogger? logger = null, TimeProvider? time = null) : IAsyncDisposable
{
    static readonly Backoff Reconnect = new(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));

    readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    readonly ILogger _logger = logger ?? NullLogger.Instance;
    readonly TimeProvider _time = time ?? TimeProvider.System;
    readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, string> _problems = new(StringComparer.Ordinal);

    /// <summary>How many readings the messages gave and were stored.</summary>
    public int Stored => _stored;

    int _stored;

    /// <summary>Connects, subscribes and takes messages until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _client.ApplicationMessageReceivedAsync += e => ReceiveAsync(e.ApplicationMessage);
        for (var failures = 0; !cancellationToken.IsCancellationRequested;)
        {
            try
            {
                if (!_client.IsConnected)
                {
                    await ConnectAsync(cancellationToken).ConfigureAwait(false);
                    failures = 0;
                }

                await Task.Delay(TimeSpan.FromSeconds(5), _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                _logger.LogWarning("Cannot take readings from the MQTT broker {Broker} ({Reason}); retrying", settings.Name, e.Message);
                try
                {
                    await Task.Delay(Reconnect.Delay(failures++), _time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var result = await _client.ConnectAsync(settings.Connection($"datalogger-in-{Environment.ProcessId}").Build(), cancellationToken).ConfigureAwait(false);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new InvalidOperationException($"the broker refused the connection ({result.ResultCode}{(result.ReasonString is { Length: > 0 } r ? ": " + r : string.Empty)})");
        }

        var subscribe = new MqttClientSubscribeOptionsBuilder();
        foreach (var topic in subscriptions.Select(s => s.Topic).Distinct(StringComparer.Ordinal))
        {
            subscribe = subscribe.WithTopicFilter(f => f.WithTopic(topic).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce));
        }

        await _client.SubscribeAsync(subscribe.Build(), cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("Taking readings from {Topics} on the MQTT broker {Broker}", string.Join(", ", subscriptions.Select(s => s.Topic)), settings.Name);
    }

    async Task ReceiveAsync(MqttApplicationMessage message)
    {
        var payload = message.Payload.ToArray();
        var now = _time.GetUtcNow();
        var key = message.Topic + "\n" + Convert.ToBase64String(payload);
        if (_seen.TryGetValue(key, out var at) && now - at < TimeSpan.FromMinutes(1))
        {
            return; // delivered again
        }

        _seen[key] = now;
        foreach (var old in _seen.Where(p => now - p.Value > TimeSpan.FromMinutes(2)).Select(p => p.Key).ToList())
        {
            _seen.TryRemove(old, out _);
        }

        foreach (var subscription in subscriptions.Where(s => MqttTopicFilterComparer.Compare(message.Topic, s.Topic) == MqttTopicFilterCompareResult.IsMatch))
        {
            await TakeAsync(subscription, message, payload, now).ConfigureAwait(false);
        }
    }

    async Task TakeAsync(MqttSubscription subscription, MqttApplicationMessage message, byte[] payload, DateTimeOffset now)
    {
        var topic = message.Topic;
        MqttReadings read;
        try
        {
            read = subscription.Read(payload);
        }
        catch (FormatException e)
        {
            Problem(topic, string.Empty, $"a message on {topic} is not a {subscription.Preset} reading: {e.Message}");
            return;
        }

        Recovered(topic, string.Empty, $"the messages on {topic} read again");
        foreach (var (sensor, name, why) in read.Failed)
        {
            Problem(topic, name, $"{sensor} on {topic} gave no reading for '{name}': {why}; the others of its message are taken");
        }

        foreach (var (name, value, time) in read.Readings)
        {
            if (time is null && message.Retain)
            {
                continue; // kept by the broker from some time ago: its time is not known
            }

            var (reading, problem) = IngestDevice.ReadingAt(station.QuantityOf(name), time ?? now, value, now);
            if (reading is null || !station.Series.Contains(name))
            {
                Problem(topic, name, $"a reading on {topic} is refused: {problem ?? $"'{name}' is not a series of this site"}");
                continue;
            }

            await store(name, reading).ConfigureAwait(false);
            Interlocked.Increment(ref _stored);
            Recovered(topic, name, $"'{name}' on {topic} gives readings again");
        }
    }

    // A problem of a topic (and of one series' probe in it, or of its messages as a whole: subject empty), said once
    // until it is over: a probe that fails in every message is one line, not one a message.
    void Problem(string topic, string subject, string text)
    {
        if (_problems.TryAdd(topic + "\n" + subject, text))
        {
            _logger.LogWarning("{Problem}", text);
        }
    }

    void Recovered(string topic, string subject, string text)
    {
        if (_problems.TryRemove(topic + "\n" + subject, out _))
        {
            _logger.LogInformation("{Recovered}", text);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync().ConfigureAwait(false);
        }

        _client.Dispose();
    }
}
