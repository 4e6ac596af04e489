using System.Text.Json;
using DataLogger.Alerts;
using DataLogger.Mqtt;
using DataLogger.Readings;
using DataLogger.Testing;

namespace DataLogger.Mqtt.Tests;

/// <summary>The publisher against a real Mosquitto broker on 127.0.0.1, read back by a subscriber as Home Assistant reads it.</summary>
[Trait("Category", "System")]
public sealed class MqttPublisherTests : IDisposable
{
    static readonly MqttSeries Pool = new("pool", "Our pool", "DS18B20 28-0316a279c4ff", TimeSpan.FromMinutes(15), ["below", "offline"]) { ProbeId = "28-0316a279c4ff" };

    readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Home_assistant_finds_the_sensor_and_reads_its_state_all_retained()
    {
        await using var broker = await Mosquitto.StartAsync(_temp.Combine("broker"));
        var reading = Reading.Create(1796125200, 21.875, "28-0316a279c4ff");
        await using (var publisher = new MqttPublisher(MqttSettings.Parse(broker.Url), [Pool], node: "datalogger_pi"))
        {
            publisher.Publish("pool", reading);
            publisher.PublishAlerts([new FiringAlert("pool", "below", reading.Time, 22)]);
            Assert.True(await publisher.FlushAsync(TimeSpan.FromSeconds(15)));

            // A subscriber that comes later (Home Assistant starting up) still gets it all: retained.
            await using var ha = await MqttWatcher.StartAsync(broker.Port, "homeassistant/#", "datalogger/#");
            var config = await ha.WaitForAsync("homeassistant/sensor/datalogger_pool/temperature/config");
            using var json = JsonDocument.Parse(config);
            var c = json.RootElement;
            Assert.Equal(("temperature", "measurement", "°C"), (c.GetProperty("device_class").GetString(), c.GetProperty("state_class").GetString(), c.GetProperty("unit_of_measurement").GetString()));
            Assert.Equal("datalogger_pool_temperature", c.GetProperty("unique_id").GetString());
            Assert.Equal("sensor.pool_temperature", c.GetProperty("default_entity_id").GetString());
            Assert.Equal("pool_temperature", c.GetProperty("object_id").GetString()); // for Home Assistant before 2025.10
            Assert.Equal("datalogger/pool/state", c.GetProperty("state_topic").GetString());
            Assert.Equal("{{ value_json.celsius }}", c.GetProperty("value_template").GetString());
            Assert.Equal(900, c.GetProperty("expire_after").GetInt32());
            Assert.Equal("datalogger/datalogger_pi/availability", c.GetProperty("availability_topic").GetString());
            var device = c.GetProperty("device");
            Assert.Equal(("Our pool", "DS18B20 28-0316a279c4ff"), (device.GetProperty("name").GetString(), device.GetProperty("model").GetString()));
            Assert.Equal("datalogger_pool", device.GetProperty("identifiers")[0].GetString());
            Assert.Equal("28-0316a279c4ff", device.GetProperty("serial_number").GetString());

            using var state = JsonDocument.Parse(await ha.WaitForAsync("datalogger/pool/state"));
            Assert.Equal(21.875, state.RootElement.GetProperty("celsius").GetDouble()); // what value_template takes
            Assert.Equal(71.375, state.RootElement.GetProperty("fahrenheit").GetDouble());
            Assert.Equal("online", await ha.WaitForAsync("datalogger/datalogger_pi/availability"));

            using var alert = JsonDocument.Parse(await ha.WaitForAsync("homeassistant/binary_sensor/datalogger_pool/below/config"));
            Assert.Equal(("cold", "datalogger/pool/alert/below"), (alert.RootElement.GetProperty("device_class").GetString(), alert.RootElement.GetProperty("state_topic").GetString()));
            Assert.Equal("binary_sensor.pool_alert_below", alert.RootElement.GetProperty("default_entity_id").GetString());
            Assert.Equal("ON", await ha.WaitForAsync("datalogger/pool/alert/below"));
            Assert.Equal("OFF", await ha.WaitForAsync("datalogger/pool/alert/offline"));
            Assert.All(ha.Messages, m => Assert.True(m.Retained, m.Topic));
        }

        // A clean stop says offline itself.
        await using var later = await MqttWatcher.StartAsync(broker.Port, "datalogger/#");
        Assert.Equal("offline", await later.WaitForAsync("datalogger/datalogger_pi/availability"));
    }

    [Fact]
    public async Task Home_assistant_finds_the_rate_and_the_ready_by_time_of_a_series_with_a_target()
    {
        await using var broker = await Mosquitto.StartAsync(_temp.Combine("broker"));
        var spa = Pool with { Series = "spa", Alerts = ["reached"], Target = 38 };
        var readyBy = DateTimeOffset.FromUnixTimeSeconds(1796140800);
        await using var publisher = new MqttPublisher(MqttSettings.Parse(broker.Url), [spa, Pool], node: "datalogger_pi");
        publisher.PublishForecast("spa", new Forecasting.Forecast(Forecasting.ForecastKind.Expected, 0.8123, 38, readyBy));
        publisher.PublishForecast("pool", new Forecasting.Forecast(Forecasting.ForecastKind.None, -0.2, null, null));
        Assert.True(await publisher.FlushAsync(TimeSpan.FromSeconds(15)));

        await using var ha = await MqttWatcher.StartAsync(broker.Port, "homeassistant/#", "datalogger/#");
        using var rate = JsonDocument.Parse(await ha.WaitForAsync("homeassistant/sensor/datalogger_spa/rate/config"));
        Assert.Equal(("°C/h", "measurement", "{{ value_json.rate }}"), (rate.RootElement.GetProperty("unit_of_measurement").GetString(), rate.RootElement.GetProperty("state_class").GetString(), rate.RootElement.GetProperty("value_template").GetString()));
        Assert.Equal(("datalogger_spa_rate", "datalogger/spa/forecast"), (rate.RootElement.GetProperty("unique_id").GetString(), rate.RootElement.GetProperty("state_topic").GetString()));
        using var ready = JsonDocument.Parse(await ha.WaitForAsync("homeassistant/sensor/datalogger_spa/ready_by/config"));
        Assert.Equal(("timestamp", "{{ value_json.ready_by or None }}"), (ready.RootElement.GetProperty("device_class").GetString(), ready.RootElement.GetProperty("value_template").GetString()));
        using var reached = JsonDocument.Parse(await ha.WaitForAsync("homeassistant/binary_sensor/datalogger_spa/reached/config"));
        Assert.Equal("Target reached", reached.RootElement.GetProperty("name").GetString());
        Assert.False(reached.RootElement.TryGetProperty("device_class", out _));

        using var state = JsonDocument.Parse(await ha.WaitForAsync("datalogger/spa/forecast"));
        Assert.Equal(0.812, state.RootElement.GetProperty("rate").GetDouble());
        Assert.Equal(readyBy, state.RootElement.GetProperty("ready_by").GetDateTimeOffset());
        Assert.Equal(("expected", 38.0), (state.RootElement.GetProperty("kind").GetString(), state.RootElement.GetProperty("target").GetDouble()));

        // Without a target: the rate alone, and no ready-by sensor; its time null.
        await ha.WaitForAsync("homeassistant/sensor/datalogger_pool/rate/config");
        using var pool = JsonDocument.Parse(await ha.WaitForAsync("datalogger/pool/forecast"));
        Assert.Equal(-0.2, pool.RootElement.GetProperty("rate").GetDouble());
        Assert.Equal(JsonValueKind.Null, pool.RootElement.GetProperty("ready_by").ValueKind);
        Assert.DoesNotContain(ha.Messages, m => m.Topic == "homeassistant/sensor/datalogger_pool/ready_by/config");
        Assert.All(ha.Messages, m => Assert.True(m.Retained, m.Topic));
    }

    [Theory]
    [InlineData("pool", "pool")]
    [InlineData("pool-c4ff", "pool_c4ff")]
    [InlineData("hot_tub", "hot_tub")]
    [InlineData("hot--tub", "hot_tub")]
    [InlineData("spa-_-2", "spa_2")]
    [InlineData("-air-", "air")]
    [InlineData("28-0316a279c4ff", "28_0316a279c4ff")]
    public void Entity_ids_are_asked_for_as_home_assistant_slugifies_them(string series, string slug)
    {
        // Home Assistant's slugify (python-slugify, separator "_") keeps [a-z0-9], one "_" per run of anything else,
        // none at the ends: asking for what it would make of a hyphen gives the README's entity ids, not a renamed one.
        Assert.Equal(slug, HomeAssistant.Slug(series));
        var topics = new HomeAssistant(MqttSettings.Parse("mqtt://127.0.0.1"), "datalogger_pi");
        var probe = Pool with { Series = series, Target = 28 };
        using var sensor = JsonDocument.Parse(topics.SensorConfig(probe));
        Assert.Equal(($"sensor.{slug}_temperature", $"{slug}_temperature"), (sensor.RootElement.GetProperty("default_entity_id").GetString(), sensor.RootElement.GetProperty("object_id").GetString()));
        Assert.Equal($"datalogger_{series}_temperature", sensor.RootElement.GetProperty("unique_id").GetString());
        using var alert = JsonDocument.Parse(topics.AlertConfig(probe, "below"));
        Assert.Equal(($"binary_sensor.{slug}_alert_below", $"{slug}_alert_below"), (alert.RootElement.GetProperty("default_entity_id").GetString(), alert.RootElement.GetProperty("object_id").GetString()));
        using var ready = JsonDocument.Parse(topics.ForecastConfig(probe, "ready_by"));
        Assert.Equal($"sensor.{slug}_ready_by", ready.RootElement.GetProperty("default_entity_id").GetString());
    }

    [Fact]
    public async Task A_cron_run_leaves_online_behind_so_the_sensor_stays_available_between_runs()
    {
        await using var broker = await Mosquitto.StartAsync(_temp.Combine("broker"));
        await using (var publisher = new MqttPublisher(MqttSettings.Parse(broker.Url), [Pool], node: "datalogger_pi") { OfflineOnStop = false })
        {
            publisher.Publish("pool", Reading.Create(1796125200, 20.0));
            Assert.True(await publisher.FlushAsync(TimeSpan.FromSeconds(15)));
        }

        await using var ha = await MqttWatcher.StartAsync(broker.Port, "datalogger/#");
        await ha.WaitForAsync("datalogger/pool/state");
        Assert.Equal("online", await ha.WaitForAsync("datalogger/datalogger_pi/availability"));
        await Task.Delay(500);
        Assert.DoesNotContain(ha.Messages, m => m.Payload == "offline");
    }

    [Fact]
    public async Task A_broker_that_goes_away_never_blocks_a_reading_and_gets_the_newest_state_when_it_is_back()
    {
        await using var broker = await Mosquitto.StartAsync(_temp.Combine("broker"));
        await using var publisher = new MqttPublisher(MqttSettings.Parse(broker.Url), [Pool], node: "datalogger_pi");
        publisher.Publish("pool", Reading.Create(1796125200, 20.0));
        Assert.True(await publisher.FlushAsync(TimeSpan.FromSeconds(15)));

        await broker.StopAsync();
        var started = DateTime.UtcNow;
        for (var i = 1; i <= 5; i++)
        {
            publisher.Publish("pool", Reading.Create(1796125200 + (300 * i), 20.0 + i)); // returns at once
        }

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(1));
        Assert.False(publisher.IsCurrent);

        await broker.StartAgainAsync(); // no persistence: the broker lost the retained messages too
        await using var ha = await MqttWatcher.StartAsync(broker.Port, "#");
        using var state = JsonDocument.Parse(await ha.WaitForAsync("datalogger/pool/state", within: TimeSpan.FromSeconds(40)));
        Assert.Equal(25.0, state.RootElement.GetProperty("celsius").GetDouble()); // the newest
        await ha.WaitForAsync("homeassistant/sensor/datalogger_pool/temperature/config");
        Assert.Equal("online", await ha.WaitForAsync("datalogger/datalogger_pi/availability"));
    }

    [Fact]
    public async Task A_refused_login_is_one_clear_line_and_is_retried_quietly()
    {
        await using var broker = await Mosquitto.StartAsync(_temp.Combine("broker"), user: "pi", password: "right");
        var log = new ListLogger();
        await using (var publisher = new MqttPublisher(MqttSettings.Parse($"mqtt://pi@127.0.0.1:{broker.Port}", name => name == MqttSettings.PasswordVariable ? "wrong" : null), [Pool], log))
        {
            publisher.Publish("pool", Reading.Create(1796125200, 20.0));
            Assert.False(await publisher.FlushAsync(TimeSpan.FromSeconds(4))); // three or so tries
        }

        var line = Assert.Single(log.Lines);
        Assert.Contains($"The MQTT broker mqtt://pi@127.0.0.1:{broker.Port} refused the login", line);
        Assert.Contains(MqttSettings.PasswordVariable, line);
        Assert.DoesNotContain("wrong", line);

        await using var right = new MqttPublisher(MqttSettings.Parse($"mqtt://pi@127.0.0.1:{broker.Port}", name => name == MqttSettings.PasswordVariable ? "right" : null), [Pool]);
        right.Publish("pool", Reading.Create(1796125200, 20.0));
        Assert.True(await right.FlushAsync(TimeSpan.FromSeconds(15)));
    }

    [Theory]
    [InlineData("http://broker:1883", "is not a broker")]
    [InlineData("mqtt://pi:secret@broker", "has a password in it")]
    [InlineData("mqtt://broker/topic", "has a path or query")]
    [InlineData("broker", "is not a broker")]
    public void A_bad_broker_url_says_what_to_write(string url, string expected)
    {
        var e = Assert.Throws<FormatException>(() => MqttSettings.Parse(url));
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain("secret", e.Message);
    }

    [Fact]
    public void The_broker_url_gives_host_port_tls_and_user()
    {
        Assert.Equal(new MqttSettings("192.168.1.5", 1883, false, "pi", "pw"), MqttSettings.Parse("mqtt://pi@192.168.1.5", _ => "pw"));
        Assert.Equal(("ha.local", 8883, true), MqttSettings.Parse("mqtts://ha.local") is var s ? (s.Host, s.Port, s.Tls) : default);
        Assert.Equal(1884, MqttSettings.Parse("mqtt://ha.local:1884").Port);
        Assert.Equal("mqtt://pi@192.168.1.5:1883", MqttSettings.Parse("mqtt://pi@192.168.1.5", _ => "pw").Name);
    }

    sealed class ListLogger : Microsoft.Extensions.Logging.ILogger
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Lines { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Enqueue(formatter(state, exception));
    }
}
