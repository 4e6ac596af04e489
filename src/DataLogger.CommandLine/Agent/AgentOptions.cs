using System.Globalization;
using DataLogger.Device.Agent;
using DataLogger.Device.Sensors;
using DataLogger.Ports;
using DataLogger.Readings;
using DataLogger.Time;

namespace DataLogger.CommandLine.Agent;

/// <summary>The settings of <c>datalogger agent</c>, validated, each bad value named with where it came from.</summary>
/// <param name="Store">Where readings are uploaded (as written).</param>
/// <param name="Spool">The spool folder.</param>
/// <param name="Interval">The time between readings.</param>
/// <param name="Concurrency">Uploads at once.</param>
/// <param name="Probes">The probes and their series.</param>
/// <param name="S3Endpoint">An S3-compatible server for an <c>s3://</c> store, or null for AWS.</param>
public sealed record AgentOptions(string Store, string Spool, TimeSpan Interval, int Concurrency, IReadOnlyList<Probe> Probes, Uri? S3Endpoint = null)
{
    /// <summary>The setting names, as written in the JSON file and after <c>DATALOGGER__</c>.</summary>
    public static class Keys
    {
        /// <summary>The data folder (default store and spool live in it).</summary>
        public const string Data = "data";

        /// <summary>Where readings are uploaded.</summary>
        public const string Store = "store";

        /// <summary>The spool folder.</summary>
        public const string Spool = "spool";

        /// <summary>The time between readings.</summary>
        public const string Interval = "interval";

        /// <summary>Which sensor (single-probe mode).</summary>
        public const string Sensor = "sensor";

        /// <summary>The series (single-probe mode).</summary>
        public const string Series = "series";

        /// <summary>The calibration offset (single-probe mode).</summary>
        public const string Offset = "offset";

        /// <summary>Where the 1-Wire devices are listed.</summary>
        public const string W1Root = "w1Root";

        /// <summary>Uploads at once.</summary>
        public const string Concurrency = "concurrency";

        /// <summary>The URL of an S3-compatible server.</summary>
        public const string S3Endpoint = "s3Endpoint";

        /// <summary>Several DS18B20 probes, each with an id, a series and an optional offset.</summary>
        public const string Probes = "probes";
    }

    /// <summary>Reads and checks the settings, and finds the sensors.</summary>
    /// <exception cref="UserErrorException">A value is bad or a sensor is missing; the message says what to change.</exception>
    public static AgentOptions From(LayeredConfiguration config)
    {
        var data = DataFolder.At(config.Parse(Keys.Data, DataFolder.DefaultRoot, text => text));
        var w1Root = config.Parse(Keys.W1Root, Ds18b20Sensor.DefaultRoot, text => text);
        var probes = new List<Probe>();
        var configured = config.Section(Keys.Probes).GetChildren().ToList();
        if (configured.Count > 0)
        {
            foreach (var entry in configured)
            {
                var where = $"probe {int.Parse(entry.Key, CultureInfo.InvariantCulture) + 1} of \"{Keys.Probes}\" in {config.File ?? "the configuration"}";
                var id = entry["id"] is { Length: > 0 } i ? i : throw new UserErrorException($"{where}: it needs an \"id\" such as 28-0316a279c4ff (see ls {w1Root}).");
                try
                {
                    var series = Series.Validate(entry["series"] ?? Series.Default);
                    var offset = ParseOffset(entry["offset"] ?? "0");
                    probes.Add(new Probe(series, new CalibratedSensor(new Ds18b20Sensor(id, w1Root), offset)));
                }
                catch (Exception e) when (e is FormatException or ArgumentException)
                {
                    throw new UserErrorException($"{where}: {e.Message}", e);
                }
            }

            var duplicate = probes.GroupBy(p => p.Series).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                throw new UserErrorException($"two probes write the series '{duplicate.Key}' in {config.File}: give each probe its own series, so their readings never collide.");
            }
        }
        else
        {
            var kind = config.Parse(Keys.Sensor, "auto", text => Enum.TryParse<SensorKind>(text, ignoreCase: true, out var k) && Enum.IsDefined(k) && !int.TryParse(text, out _)
                ? k
                : throw new FormatException($"'{text}' is not a sensor: use auto, simulated, ds18b20 or thermal"));
            ISensor sensor;
            try
            {
                sensor = Sensors.Create(kind, w1Root);
            }
            catch (SensorException e)
            {
                throw new UserErrorException(e.Message, e);
            }

            probes.Add(new Probe(config.Parse(Keys.Series, Series.Default, Series.Validate), new CalibratedSensor(sensor, config.Parse(Keys.Offset, "0", ParseOffset))));
        }

        return new AgentOptions(
            Store: config.Parse(Keys.Store, data.Bucket, text => text.Length > 0 ? text : throw new FormatException("the store is empty: write file://DIR or s3://BUCKET/PREFIX")),
            Spool: config.Parse(Keys.Spool, Path.Join(data.Root, "spool"), text => text.Length > 0 ? text : throw new FormatException("the spool folder is empty")),
            Interval: config.Parse(Keys.Interval, "5m", text => Durations.Parse(text) is var value && value >= TimeSpan.FromSeconds(1) && value <= TimeSpan.FromDays(1)
                ? value
                : throw new FormatException($"'{text}' is outside 1s to 24h: a reading every 5m is usual")),
            Concurrency: config.Parse(Keys.Concurrency, "4", text => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 64
                ? n
                : throw new FormatException($"'{text}' is not a number of uploads at once from 1 to 64")),
            Probes: probes,
            S3Endpoint: config[Keys.S3Endpoint] is null ? null : config.Parse<Uri?>(Keys.S3Endpoint, string.Empty, text =>
                Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                    ? uri
                    : throw new FormatException($"'{text}' is not an endpoint URL: write http://HOST:PORT or https://HOST")));
    }

    static double ParseOffset(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var offset) && Math.Abs(offset) <= 10
            ? offset
            : throw new FormatException($"'{text}' is not a calibration offset: write °C to add, from -10 to 10, such as -0.25");
}
