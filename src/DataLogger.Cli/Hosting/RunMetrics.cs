using DataLogger.Alerts;
using DataLogger.Ports;
using DataLogger.Readings;
using Prometheus;

namespace DataLogger.Cli.Hosting;

/// <summary>
/// What <c>datalogger run</c> tells Prometheus at <c>/metrics</c> (prometheus-net, a registry of its own): each series'
/// newest temperature (<c>datalogger_temperature_celsius</c>), or newest value of another quantity in a gauge named
/// for it (<see cref="Quantity.MetricName"/>: <c>datalogger_humidity_percent</c>, <c>datalogger_state</c>), and when it was taken, readings taken, failed reads by reason, site updates and how
/// long they took, and which alerts fire.
/// </summary>
sealed class RunMetrics
{
    readonly Gauge _temperature;
    readonly Gauge _lastReading;
    readonly Counter _readings;
    readonly Counter _failed;
    readonly Lock _newest = new();
    readonly Counter _updates;
    readonly Histogram _updateSeconds;
    readonly Gauge _firing;
    readonly Station _station;
    readonly Dictionary<string, Gauge> _gauges = new(StringComparer.Ordinal);

    public RunMetrics(Station station, IEnumerable<AlertRule> rules)
    {
        _station = station;
        var series = station.Series;
        Registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);
        _temperature = factory.CreateGauge("datalogger_temperature_celsius", "The newest reading of the series, in degrees Celsius.", "series");
        foreach (var quantity in series.Select(station.QuantityOf).Where(q => !q.IsTemperature).DistinctBy(q => q.MetricName))
        {
            _gauges[quantity.MetricName] = factory.CreateGauge($"datalogger_{quantity.MetricName}",
                quantity.IsState ? "The newest state of the series: 1 on, 0 off." : $"The newest reading of the series, {quantity.Noun} in {quantity.Unit}.", "series");
        }

        _lastReading = factory.CreateGauge("datalogger_last_reading_timestamp_seconds", "When the newest reading of the series was taken, Unix seconds.", "series");
        _readings = factory.CreateCounter("datalogger_readings_total", "Readings taken into the bucket.", "series");
        _failed = factory.CreateCounter("datalogger_failed_reads_total", $"Sensor reads that gave no reading, by reason ({string.Join(", ", SensorException.Reasons)}).", "series", "reason");
        _updates = factory.CreateCounter("datalogger_site_updates_total", "Times the site was drawn and published.");
        _updateSeconds = factory.CreateHistogram("datalogger_site_update_duration_seconds", "How long a site update took.", new HistogramConfiguration
        {
            Buckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        });
        _firing = factory.CreateGauge("datalogger_alert_firing", "1 while the alert fires, else 0.", "series", "kind");
        foreach (var name in series)
        {
            _readings.WithLabels(name).IncTo(0);
        }

        foreach (var rule in rules)
        {
            _firing.WithLabels(rule.Series, rule.Name).Set(0);
        }
    }

    /// <summary>The registry <c>/metrics</c> serves.</summary>
    public CollectorRegistry Registry { get; }

    public void Taken(string series, Reading reading)
    {
        _readings.WithLabels(series).Inc();
        Newest(series, reading);
    }

    public void Newest(string series, Reading? reading)
    {
        lock (_newest) // a device's readings are stored several at once: the newest wins, whichever is stored last
        {
            if (reading is not null && reading.Timestamp >= _lastReading.WithLabels(series).Value)
            {
                var quantity = _station.QuantityOf(series);
                (quantity.IsTemperature ? _temperature : _gauges[quantity.MetricName]).WithLabels(series).Set(reading.Value);
                _lastReading.WithLabels(series).Set(reading.Timestamp);
            }
        }
    }

    public void FailedRead(string series, string reason) => _failed.WithLabels(series, reason).Inc();

    public void SiteUpdated(TimeSpan took)
    {
        _updates.Inc();
        _updateSeconds.Observe(took.TotalSeconds);
    }

    public void Alerts(IEnumerable<AlertRule> rules, IReadOnlyList<FiringAlert> firing)
    {
        foreach (var rule in rules)
        {
            _firing.WithLabels(rule.Series, rule.Name).Set(firing.Any(f => f.Series == rule.Series && f.Kind == rule.Name) ? 1 : 0);
        }
    }
}
