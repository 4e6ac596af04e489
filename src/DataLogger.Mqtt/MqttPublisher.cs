using System.Collections.Concurrent;
using DataLogger.Alerts;
using DataLogger.Pipeline;
using DataLogger.Readings;
using DataLogger.Time;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using MQTTnet.Protocol;

namespace DataLogger.Mqtt;

/// <summary>
/// Publishes each series' newest reading (and its alerts) to an MQTT broker, with Home Assistant's discovery, best
/// effort beside the bucket: <see cref="Publish"/> only notes the reading and returns at once; a loop of its own
/// connects (the last will says <c>offline</c>, the first message <c>online</c>), publishes the discovery configs and
/// the newest state of every series, and reconnects with backoff (1 s doubling to a minute) when the broker is down,
/// refuses, or goes away, publishing the newest state again when it is back. A reading never waits for the broker.
/// </summary>
public sealed class MqttPublisher : IAsyncDisposable
{
    // 1 s doubling to a minute while the broker is away.
    static readonly Backoff Reconnect = new(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));

    readonly MqttSettings _settings;
    readonly IReadOnlyList<MqttSeries> _series;
    readonly HomeAssistant _topics;
    readonly ILogger _logger;
    readonly IMqttClient _client;
    readonly ConcurrentDictionary<string, Reading> _latest = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, bool> _alerts = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, byte[]> _forecasts = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, byte> _dirty = new(StringComparer.Ordinal);
    readonly TimeProvider _time;
    readonly WakeSignal _wake = new();
    readonly CancellationTokenSource _stop = new();
    Task? _loop;
    string? _lastProblem;
    volatile bool _announced;

    /// <summary>Creates the publisher for <paramref name="series"/>; <see cref="Start"/> connects.</summary>
    public MqttPublisher(MqttSettings settings, IReadOnlyList<MqttSeries> series, ILogger? logger = null, string? node = null, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _series = series ?? throw new ArgumentNullException(nameof(series));
        _logger = logger ?? NullLogger.Instance;
        _topics = new HomeAssistant(settings, node ?? HomeAssistant.NodeOf(Environment.MachineName));
        _client = new MqttClientFactory().CreateMqttClient();
        _client.DisconnectedAsync += e =>
        {
            if (e.ClientWasConnected && !_stop.IsCancellationRequested)
            {
                _logger.LogWarning("The MQTT broker {Broker} went away ({Reason}); readings go on, and are published when it is back", _settings.Name, e.Reason);
            }

            _announced = false;
            Wake();
            return Task.CompletedTask;
        };
    }

    /// <summary>The broker, as a person reads it.</summary>
    public string Broker => _settings.Name;

    /// <summary>The topics and payloads.</summary>
    public HomeAssistant Topics => _topics;

    /// <summary>
    /// Whether a clean stop says <c>offline</c> (a service that stops), or leaves <c>online</c> (a cron run, which is
    /// back in a few minutes: Home Assistant's <c>expire_after</c> marks its readings stale if it is not).
    /// </summary>
    public bool OfflineOnStop { get; init; } = true;

    /// <summary>Whether the broker has everything noted so far.</summary>
    public bool IsCurrent => _announced && _dirty.IsEmpty;

    /// <summary>Starts the loop that connects and publishes.</summary>
    public void Start() => _loop ??= Task.Run(() => LoopAsync(_stop.Token));

    /// <summary>Notes the newest reading of <paramref name="series"/>; it is published as soon as the broker takes it.</summary>
    public void Publish(string series, Reading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        _latest.AddOrUpdate(series, reading, (_, old) => reading.Timestamp >= old.Timestamp ? reading : old);
        _dirty[_topics.StateTopic(series)] = 0;
        Wake();
    }

    /// <summary>Notes the forecast of <paramref name="series"/> (its rate and ready-by sensors); published when it changed.</summary>
    public void PublishForecast(string series, Forecasting.Forecast forecast)
    {
        var topic = _topics.ForecastTopic(series);
        var state = HomeAssistant.ForecastState(forecast);
        if (!_forecasts.TryGetValue(topic, out var was) || !was.AsSpan().SequenceEqual(state))
        {
            _forecasts[topic] = state;
            _dirty[topic] = 0;
            Wake();
        }
    }

    /// <summary>Notes which alerts fire: each alert's binary sensor goes ON or OFF.</summary>
    public void PublishAlerts(IReadOnlyList<FiringAlert> firing)
    {
        ArgumentNullException.ThrowIfNull(firing);
        foreach (var series in _series)
        {
            foreach (var kind in series.Alerts)
            {
                var on = firing.Any(a => a.Series == series.Series && a.Kind == kind);
                var topic = _topics.AlertTopic(series.Series, kind);
                if (!_alerts.TryGetValue(topic, out var was) || was != on)
                {
                    _alerts[topic] = on;
                    _dirty[topic] = 0;
                }
            }
        }

        Wake();
    }

    /// <summary>Waits up to <paramref name="within"/> for the broker to have everything noted (the cron form); false when it did not.</summary>
    public async Task<bool> FlushAsync(TimeSpan within)
    {
        Start();
        var started = _time.GetTimestamp();
        while (!IsCurrent && _time.GetElapsedTime(started) < within)
        {
            await Task.Delay(50).ConfigureAwait(false);
        }

        return IsCurrent;
    }

    async Task LoopAsync(CancellationToken stop)
    {
        var failures = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (!_client.IsConnected || !_announced)
                {
                    await ConnectAsync(stop).ConfigureAwait(false);
                    failures = 0;
                }

                foreach (var topic in _dirty.Keys)
                {
                    _dirty.TryRemove(topic, out _);
                    await SendDirtyAsync(topic, stop).ConfigureAwait(false);
                }

                await _wake.WaitAsync(TimeSpan.FromSeconds(30), stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !stop.IsCancellationRequested)
            {
                _announced = false;
                Report(e);
                try
                {
                    await Task.Delay(Reconnect.Delay(failures++), _time, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    async Task ConnectAsync(CancellationToken stop)
    {
        if (!_client.IsConnected)
        {
            var result = await _client.ConnectAsync(ClientOptions(), stop).ConfigureAwait(false);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                throw new MqttRefusedException(result.ResultCode, result.ReasonString);
            }
        }

        await AnnounceAsync(stop).ConfigureAwait(false);
        if (_lastProblem is not null)
        {
            _logger.LogInformation("Publishing to the MQTT broker {Broker} again", _settings.Name);
        }

        _lastProblem = null;
        _announced = true;
    }

    // The connection (MqttSettings.Connection), with a retained "offline" as the last will.
    MqttClientOptions ClientOptions() => _settings.Connection($"{_topics.Node}-{Environment.ProcessId}")
        .WithWillTopic(_topics.AvailabilityTopic)
        .WithWillPayload("offline")
        .WithWillRetain(true)
        .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
        .Build();

    // Announce: online, every discovery config, and the newest of everything, all retained.
    async Task AnnounceAsync(CancellationToken stop)
    {
        await SendAsync(_topics.AvailabilityTopic, "online"u8.ToArray(), stop).ConfigureAwait(false);
        foreach (var series in _series)
        {
            await SendAsync(_topics.SensorConfigTopic(series), _topics.SensorConfig(series), stop).ConfigureAwait(false);
            foreach (var kind in series.Alerts)
            {
                await SendAsync(_topics.AlertConfigTopic(series.Series, kind), _topics.AlertConfig(series, kind), stop).ConfigureAwait(false);
            }

            foreach (var sensor in !series.Quantity.IsTemperature ? [] : series.Target is null ? ["rate"] : new[] { "rate", "ready_by" })
            {
                await SendAsync(_topics.ForecastConfigTopic(series.Series, sensor), _topics.ForecastConfig(series, sensor), stop).ConfigureAwait(false);
            }
        }

        foreach (var (topic, state) in _forecasts)
        {
            _dirty.TryRemove(topic, out _);
            await SendAsync(topic, state, stop).ConfigureAwait(false);
        }

        foreach (var (series, reading) in _latest)
        {
            _dirty.TryRemove(_topics.StateTopic(series), out _);
            await SendAsync(_topics.StateTopic(series), HomeAssistant.State(reading), stop).ConfigureAwait(false);
        }

        foreach (var (topic, on) in _alerts)
        {
            _dirty.TryRemove(topic, out _);
            await SendAsync(topic, on ? "ON"u8.ToArray() : "OFF"u8.ToArray(), stop).ConfigureAwait(false);
        }
    }

    async Task SendDirtyAsync(string topic, CancellationToken stop)
    {
        if (_alerts.TryGetValue(topic, out var on))
        {
            await SendAsync(topic, on ? "ON"u8.ToArray() : "OFF"u8.ToArray(), stop).ConfigureAwait(false);
            return;
        }

        if (_forecasts.TryGetValue(topic, out var forecast))
        {
            await SendAsync(topic, forecast, stop).ConfigureAwait(false);
            return;
        }

        var series = _latest.Keys.FirstOrDefault(s => _topics.StateTopic(s) == topic);
        if (series is not null && _latest.TryGetValue(series, out var reading))
        {
            await SendAsync(topic, HomeAssistant.State(reading), stop).ConfigureAwait(false);
        }
    }

    async Task SendAsync(string topic, byte[] payload, CancellationToken stop) =>
        await _client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithRetainFlag(true)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build(), stop).ConfigureAwait(false);

    // One line per distinct problem, not one per retry.
    void Report(Exception e)
    {
        var problem = e switch
        {
            MqttRefusedException { Code: MqttClientConnectResultCode.BadUserNameOrPassword or MqttClientConnectResultCode.NotAuthorized } refused =>
                $"The MQTT broker {_settings.Name} refused the login ({refused.Code}): check the user and {MqttSettings.PasswordVariable}",
            MqttRefusedException refused => $"The MQTT broker {_settings.Name} refused the connection ({refused.Code} {refused.Message})",
            _ => $"The MQTT broker {_settings.Name} is unreachable ({e.Message})",
        };
        if (problem != _lastProblem)
        {
            _logger.LogWarning("{Problem}; readings go on, and are published when it takes them (retrying with backoff)", problem);
            _lastProblem = problem;
        }
    }

    void Wake() => _wake.Wake();

    /// <summary>Says <c>offline</c> when <see cref="OfflineOnStop"/> (a clean goodbye sends no last will) and disconnects.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        if (_client.IsConnected)
        {
            try
            {
                using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(3));
                if (OfflineOnStop)
                {
                    await SendAsync(_topics.AvailabilityTopic, "offline"u8.ToArray(), quick.Token).ConfigureAwait(false);
                }

                await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), quick.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException)
            {
                // gone already: the broker sends the last will
            }
        }

        _client.Dispose();
        _wake.Dispose();
        _stop.Dispose();
    }

    sealed class MqttRefusedException(MqttClientConnectResultCode code, string? reason) : Exception(reason ?? code.ToString())
    {
        public MqttClientConnectResultCode Code { get; } = code;
    }
}
