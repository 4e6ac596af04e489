using System.Text.Json;
using DataLogger.Readings;

namespace DataLogger.Aws;

/// <summary>
/// The newest reading of a series as a CloudWatch metric, through the Embedded Metric Format: one structured line in
/// the function's log, which CloudWatch turns into the metric <c>DataLogger/Temperature</c> (another quantity's named for
/// it: <c>DataLogger/Humidity</c>, <c>DataLogger/FreeChlorine</c>, <see cref="NameOf"/>) with the dimension
/// <c>Series</c> (no SDK, no API call). The stack's alarms watch it: below, above, and missing (offline). Here, with
/// the Glue table, because the render function writes it and the CDK stack names it, and neither may drag the other in.
/// </summary>
public static class ReadingMetric
{
    /// <summary>The metric's namespace.</summary>
    public const string Namespace = "DataLogger";

    /// <summary>The temperature's metric name.</summary>
    public const string Name = "Temperature";

    /// <summary>The metric's name for <paramref name="quantity"/>: its name in PascalCase, <c>Temperature</c>, <c>Humidity</c>, <c>WaterLevel</c>.</summary>
    public static string NameOf(Quantity quantity)
    {
        ArgumentNullException.ThrowIfNull(quantity);
        return string.Concat(quantity.Name.Split('_').Select(word => char.ToUpperInvariant(word[0]) + word[1..]));
    }

    /// <summary>The dimension that names the series.</summary>
    public const string Dimension = "Series";

    /// <summary>The EMF line for <paramref name="reading"/> of <paramref name="series"/>, stamped with the reading's time.</summary>
    public static string Line(string series, Reading reading) => Line(series, reading, Quantity.Temperature);

    /// <summary>The EMF line for <paramref name="reading"/> of <paramref name="series"/>, which measures <paramref name="quantity"/>.</summary>
    public static string Line(string series, Reading reading, Quantity quantity)
    {
        ArgumentNullException.ThrowIfNull(reading);
        var name = NameOf(quantity);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("_aws");
            json.WriteNumber("Timestamp", reading.Time.ToUnixTimeMilliseconds());
            json.WriteStartArray("CloudWatchMetrics");
            json.WriteStartObject();
            json.WriteString("Namespace", Namespace);
            json.WriteStartArray("Dimensions");
            json.WriteStartArray();
            json.WriteStringValue(Dimension);
            json.WriteEndArray();
            json.WriteEndArray();
            json.WriteStartArray("Metrics");
            json.WriteStartObject();
            json.WriteString("Name", name);
            json.WriteString("Unit", "None");
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteString(Dimension, series);
            json.WriteNumber(name, reading.Value);
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
