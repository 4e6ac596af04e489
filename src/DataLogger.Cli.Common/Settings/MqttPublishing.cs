using DataLogger.Device.Sensors;
using DataLogger.Mqtt;
using DataLogger.Readings;
using DataLogger.Time;
using Microsoft.Extensions.Logging;

namespace DataLogger.Cli.Common.Settings;

/// <summary>The MQTT publisher of <c>run</c> and <c>agent</c>: one sensor per probe, named as on the page.</summary>
public static class MqttPublishing
{
    /// <summary>How long a cron run waits for the broker to take its readings before it exits anyway.</summary>
    public static readonly TimeSpan OnceWait = TimeSpan.FromSeconds(5);

    /// <summary>The cron form's last word on the broker: waits up to <see cref="OnceWait"/>, then says whether it has the readings.</summary>
    /// <param name="publisher">The publisher.</param>
    /// <param name="kept">Where the readings are whatever the broker did, such as "the readings are in the bucket".</param>
    public static async Task<string> FlushOnceAsync(MqttPublisher publisher, string kept)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        return await publisher.FlushAsync(OnceWait).ConfigureAwait(false)
            ? $"Published to {publisher.Broker}."
            : $"Not published to {publisher.Broker} within {OnceWait.TotalSeconds:0} s (see the warning above); {kept}.";
    }

    /// <summary>A started publisher for <paramref name="probes"/>, or null without a broker.</summary>
    /// <param name="broker">The broker, or null.</param>
    /// <param name="probes">The probes, each a Home Assistant device.</param>
    /// <param name="titles">The series' titles, each device's name.</param>
    /// <param name="interval">The time between readings: a reading expires after three.</param>
    /// <param name="alerts">The kinds of alerts of a series (each a binary sensor), or none.</param>
    /// <param name="logger">Where the broker's troubles are logged, once each.</param>
    /// <param name="once">A cron run (<c>--once</c>): it leaves <c>online</c> when it exits, being back at the next interval.</param>
    /// <param name="targets">The target of a series, or null (a ready-by sensor for those with one).</param>
    /// <param name="devices">Series no probe of this machine reads (their readings come from devices), announced too.</param>
    /// <param name="station">What each series measures (a probe's is a temperature); null: every one a temperature.</param>
    public static MqttPublisher? Start(MqttSettings? broker, IReadOnlyList<Probe> probes, SeriesTitles titles, TimeSpan interval, Func<string, IReadOnlyList<string>>? alerts, ILogger logger, bool once = false, Func<string, double?>? targets = null, IReadOnlyList<string>? devices = null, Station? station = null)
    {
        ArgumentNullException.ThrowIfNull(probes);
        ArgumentNullException.ThrowIfNull(titles);
        if (broker is null)
        {
            return null;
        }

        var publisher = new MqttPublisher(
            broker,
            [.. probes.Select(p => new MqttSeries(p.Series, titles.Of(p.Series), p.Sensor.Description, Staleness.After(interval), alerts?.Invoke(p.Series) ?? []) { ProbeId = p.Sensor.Id, Target = targets?.Invoke(p.Series) }),
                .. (devices ?? []).Select(s => new MqttSeries(s, titles.Of(s), "a device (HTTP or MQTT)", station?.IsSparse(s) == true ? TimeSpan.Zero : Staleness.After(interval), alerts?.Invoke(s) ?? [])
                {
                    Target = targets?.Invoke(s),
                    Quantity = station?.QuantityOf(s) ?? Quantity.Temperature,
                })],
            logger)
        {
            OfflineOnStop = !once,
        };
        publisher.Start();
        return publisher;
    }
}
