using System.Security.Cryptography;
using System.Text;
using DataLogger.Readings;

namespace DataLogger.Ingest;

/// <summary>
/// A device that sends readings over HTTP (an ESP32 with Tasmota or ESPHome, an Ecowitt gateway, a Shelly, Telegraf),
/// known by its token, and where its readings go: every one to <see cref="Series"/>, or each to the series its
/// <see cref="Map"/> names: a line-protocol point by its measurement and tags (<c>temperature,id=28-0316a279c4ff</c>),
/// an Ecowitt form field (<c>tf_ch1</c>), a Shelly's id (<c>shellyht-A1B2C3</c>).
/// </summary>
/// <param name="Name">The device's name, for messages and the log.</param>
/// <param name="Token">Its secret, sent as a bearer token, a password or <c>?token=</c>.</param>
/// <param name="Series">The series all its readings go to, or null when <see cref="Map"/> decides.</param>
/// <param name="Map">Selector to series.</param>
public sealed record IngestDevice(string Name, string Token, string? Series, IReadOnlyDictionary<string, string> Map)
{
    /// <summary>Every series this device may write.</summary>
    public IEnumerable<string> AllSeries => Map.Values.Concat(Series is null ? [] : [Series]).Distinct(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="token"/> is this device's, compared in constant time.</summary>
    public bool Accepts(string? token) => token is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(Token));

    /// <summary>
    /// The series of a line-protocol point: the map's selector with the most tags that all match (the measurement, and
    /// each <c>tag=value</c> it names), else the device's series; null when neither.
    /// </summary>
    public string? SeriesOf(LinePoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        string? best = null;
        var bestTags = -1;
        foreach (var (selector, series) in Map)
        {
            var parts = selector.Split(',');
            if (parts[0] != point.Measurement)
            {
                continue;
            }

            var tags = parts.Skip(1).Select(p => p.Split('=', 2)).ToList();
            if (tags.All(t => t.Length == 2 && point.Tags.TryGetValue(t[0], out var v) && v == t[1]) && tags.Count > bestTags)
            {
                (best, bestTags) = (series, tags.Count);
            }
        }

        return best ?? Series;
    }

    /// <summary>The series of a named value (an Ecowitt field, a Shelly's id): the map's, else the device's; null when neither.</summary>
    public string? SeriesOf(string name) => Map.TryGetValue(name, out var series) ? series : Series;

    /// <summary>
    /// The temperature of a point in °C: its field <c>value</c>, else <c>temperature</c> or <c>Temperature</c> (Tasmota),
    /// else its only numeric field; null when none of these.
    /// </summary>
    public static double? TemperatureOf(LinePoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        foreach (var name in new[] { "value", "temperature", "Temperature", "celsius" })
        {
            if (point.Fields.TryGetValue(name, out var v))
            {
                return v;
            }
        }

        return point.Fields.Count == 1 ? point.Fields.Values.Single() : null;
    }

    /// <summary>A reading at <paramref name="time"/> (whole seconds), or why it is not one (out of range, in the future).</summary>
    public static (Reading? Reading, string? Problem) ReadingAt(DateTimeOffset time, double celsius, DateTimeOffset now)
    {
        if (time > now.AddMinutes(5))
        {
            return (null, $"the time {time:yyyy-MM-ddTHH:mm:ssZ} is in the future (this machine's clock says {now:yyyy-MM-ddTHH:mm:ssZ})");
        }

        var timestamp = time.ToUnixTimeSeconds();
        return Reading.Validate(timestamp, celsius) is { } problem ? (null, problem) : (Reading.Create(timestamp, celsius), null);
    }
}
