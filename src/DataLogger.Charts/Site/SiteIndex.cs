using System.Buffers;
using System.Text.Json;
using DataLogger.Ports;
using DataLogger.Readings;
using DataLogger.Site;
using DataLogger.Time;

namespace DataLogger.Charts.Site;

/// <summary>
/// Every series of the site at a glance: what <c>latest.json</c> holds and the overview page shows. Each host keeps it
/// in the site itself: a series' publish reads it, puts in that series' new <see cref="SeriesSummary"/>, drops series
/// no longer shown, and writes it back (the render function in AWS draws one series at a time).
/// </summary>
/// <param name="Series">The summaries, in the layout's order.</param>
/// <param name="TimeZone">The display time zone.</param>
/// <param name="GeneratedAt">When the index was written.</param>
public sealed record SiteIndex(IReadOnlyList<SeriesSummary> Series, TimeZoneInfo TimeZone, DateTimeOffset GeneratedAt)
{

    /// <summary>This index with <paramref name="summary"/> in place of its series' old one, in <paramref name="layout"/>'s order, without series the layout does not have.</summary>
    public SiteIndex With(SeriesSummary summary, SiteLayout layout, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(layout);
        var bySeries = Series.Where(s => s.Series != summary.Series).Append(summary).ToDictionary(s => s.Series, StringComparer.Ordinal);
        return new SiteIndex([.. layout.Series.Where(bySeries.ContainsKey).Select(s => bySeries[s] with { Folder = layout.FolderOf(s) })], TimeZone, now);
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the index kept in <paramref name="site"/> and writes it back as
    /// <c>latest.json</c> by compare-and-swap (<see cref="ObjectUpdate"/>): another series' publish meanwhile is read
    /// again, never lost. Returns the index as stored, and whether it was written (not when it did not change).
    /// </summary>
    public static async Task<(SiteIndex Index, bool Written)> UpdateAsync(IObjectStore site, TimeZoneInfo zone, Func<SiteIndex, SiteIndex> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        SiteIndex index = null!;
        var (_, written) = await ObjectUpdate.UpdateAsync(site, SiteFiles.Latest, "application/json", current =>
        {
            index = change(current is null ? new SiteIndex([], zone, DateTimeOffset.MinValue) : Decode(current, zone) ?? new SiteIndex([], zone, DateTimeOffset.MinValue));
            return index.Encode();
        }, cancellationToken).ConfigureAwait(false);
        return (index, written);
    }

    /// <summary>The index kept in <paramref name="site"/>, or an empty one (none yet, or unreadable: it is rebuilt as the series are drawn).</summary>
    public static async Task<SiteIndex> LoadAsync(IObjectStore site, TimeZoneInfo zone, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(site);
        var empty = new SiteIndex([], zone, DateTimeOffset.MinValue);
        return await site.GetAsync(SiteFiles.Latest, cancellationToken).ConfigureAwait(false) is { } json ? Decode(json, zone) ?? empty : empty;
    }

    /// <summary>
    /// The index as <c>latest.json</c>: <c>{"generatedAt", "timeZone", "series": [{"series", "title", "quantity", "page",
    /// "intervalSeconds", "generatedAt", "window": {"start", "end", "count", "meanCelsius", "meanFahrenheit"} (another quantity's "mean"),
    /// "latest", "min", "max", "ratePerHour", "forecast": {"target", "kind", "readyBy", "model"}, "records": {"since",
    /// "target", "daysAtTarget", "spans": [{"name", "high", "low"}]}}], "alerts": [{"series", "kind", "since", "threshold"}]}</c>, each reading as
    /// <c>{"timestamp", "time", "celsius", "fahrenheit"}</c> (another quantity's <c>{"timestamp", "time", "value", "unit"}</c>) or null; <c>alerts</c> lists the alerts firing.
    /// </summary>
    public byte[] Encode()
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("generatedAt", GeneratedAt.ToUniversalTime());
            json.WriteString("timeZone", TimeZone.Id);
            json.WriteString("version", ProductVersion.Current);
            json.WriteStartArray("series");
            foreach (var s in Series)
            {
                WriteSeries(json, s);
            }

            json.WriteEndArray();
            json.WriteStartArray("alerts");
            foreach (var alert in Series.SelectMany(s => s.Alerts))
            {
                json.WriteStartObject();
                json.WriteString("series", alert.Series);
                json.WriteString("kind", alert.Kind);
                json.WriteString("since", TimeZoneInfo.ConvertTime(alert.Since, TimeZone));
                if (alert.Threshold is { } threshold)
                {
                    json.WriteNumber("threshold", threshold);
                }
                else
                {
                    json.WriteNull("threshold");
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    void WriteSeries(Utf8JsonWriter json, SeriesSummary s)
    {
        json.WriteStartObject();
        json.WriteString("series", s.Series);
        json.WriteString("title", s.Title);
        json.WriteString("quantity", s.Quantity.ToString());
        json.WriteString("page", s.Page);
        json.WriteNumber("intervalSeconds", (long)s.Interval.TotalSeconds);
        json.WriteString("generatedAt", s.GeneratedAt.ToUniversalTime());
        json.WriteStartObject("window");
        json.WriteString("start", s.Window.Start);
        json.WriteString("end", s.Window.End);
        json.WriteNumber("count", s.Count);
        if (s.MeanCelsius is { } mean && (s.Latest?.IsTemperature ?? true))
        {
            json.WriteNumber("meanCelsius", mean);
            json.WriteNumber("meanFahrenheit", Reading.ToFahrenheit(mean));
        }
        else if (s.MeanCelsius is { } value)
        {
            json.WriteNumber("mean", value); // another quantity's, in its readings' unit
        }

        json.WriteEndObject();
        WriteReading(json, "latest", s.Latest);
        if (s.Recent.Count > 0)
        {
            json.WriteStartArray("recent"); // a test's last readings: [timestamp, value], oldest first
            foreach (var test in s.Recent)
            {
                json.WriteStartArray();
                json.WriteNumberValue(test.Timestamp);
                json.WriteNumberValue(test.Value);
                json.WriteEndArray();
            }

            json.WriteEndArray();
        }

        WriteReading(json, "min", s.Min);
        WriteReading(json, "max", s.Max);
        WriteForecast(json, s.Forecast);
        WriteRecords(json, s.Records, s.Latest?.Unit ?? Quantity.Temperature.Unit);
        json.WriteEndObject();
    }

    // "rate": °C per hour or null; "forecast": {"target", "kind", "readyBy", "model"} or null without a target.
    void WriteForecast(Utf8JsonWriter json, Forecasting.Forecast forecast)
    {
        if (forecast.RatePerHour is { } rate)
        {
            json.WriteNumber("ratePerHour", Math.Round(rate, 3));
        }
        else
        {
            json.WriteNull("ratePerHour");
        }

        if (forecast.Target is not { } target)
        {
            json.WriteNull("forecast");
            return;
        }

        json.WriteStartObject("forecast");
        json.WriteNumber("target", target);
        json.WriteString("kind", forecast.KindName);
        if (forecast.ReadyBy is { } at)
        {
            json.WriteString("readyBy", TimeZoneInfo.ConvertTime(at, TimeZone));
        }
        else
        {
            json.WriteNull("readyBy");
        }

        json.WriteString("model", forecast.Model.ToString().ToLowerInvariant());
        json.WriteEndObject();
    }

    // "records": {"since", "target", "daysAtTarget", "spans": [{"name", "high", "low"}]}, each extreme a reading; null when none.
    void WriteRecords(Utf8JsonWriter json, Records records, string unit)
    {
        if (records.Since is not { } since)
        {
            json.WriteNull("records");
            return;
        }

        json.WriteStartObject("records");
        json.WriteString("since", since.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        if (records is { Target: { } target, DaysAtTarget: { } days })
        {
            json.WriteNumber("target", target);
            json.WriteNumber("daysAtTarget", days);
        }

        json.WriteStartArray("spans");
        foreach (var span in records.Spans)
        {
            json.WriteStartObject();
            json.WriteString("name", span.Name);
            WriteReading(json, "high", Reading.Stored(span.High.At, span.High.Celsius, unit));
            WriteReading(json, "low", Reading.Stored(span.Low.At, span.Low.Celsius, unit));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    void WriteReading(Utf8JsonWriter json, string name, Reading? reading)
    {
        if (reading is null)
        {
            json.WriteNull(name);
            return;
        }

        json.WriteStartObject(name);
        json.WriteNumber("timestamp", reading.Timestamp);
        json.WriteString("time", TimeZoneInfo.ConvertTime(reading.Time, TimeZone));
        ReadingJson.WriteValue(json, reading);

        json.WriteEndObject();
    }

    /// <summary>Reads <c>latest.json</c> back; null when it is not one (an older single-series file, a damaged one).</summary>
    public static SiteIndex? Decode(ReadOnlyMemory<byte> json, TimeZoneInfo zone)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (!root.TryGetProperty("series", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var alerts = root.TryGetProperty("alerts", out var firing) && firing.ValueKind == JsonValueKind.Array
                ? [.. firing.EnumerateArray().Select(a => new Alerts.FiringAlert(
                    a.GetProperty("series").GetString()!,
                    a.GetProperty("kind").GetString()!,
                    a.GetProperty("since").GetDateTimeOffset(),
                    a.GetProperty("threshold").ValueKind == JsonValueKind.Number ? a.GetProperty("threshold").GetDouble() : null))]
                : new List<Alerts.FiringAlert>();
            var series = new List<SeriesSummary>();
            foreach (var s in list.EnumerateArray())
            {
                var window = s.GetProperty("window");
                var page = s.GetProperty("page").GetString() ?? ChartView.Day.PageName;
                series.Add(new SeriesSummary(
                    Readings.Series.Validate(s.GetProperty("series").GetString()),
                    s.GetProperty("title").GetString() ?? string.Empty,
                    page[..(page.LastIndexOf('/') + 1)],
                    new TimeWindow(window.GetProperty("start").GetDateTimeOffset(), window.GetProperty("end").GetDateTimeOffset()),
                    window.GetProperty("count").GetInt32(),
                    window.TryGetProperty("meanCelsius", out var mean) || window.TryGetProperty("mean", out mean) ? mean.GetDouble() : null,
                    ReadReading(s, "latest"),
                    ReadReading(s, "min"),
                    ReadReading(s, "max"),
                    s.GetProperty("generatedAt").GetDateTimeOffset(),
                    TimeSpan.FromSeconds(s.GetProperty("intervalSeconds").GetInt64()),
                    [.. alerts.Where(a => a.Series == s.GetProperty("series").GetString())])
                {
                    Forecast = ReadForecast(s),
                    Records = ReadRecords(s),
                    Quantity = QuantityOf(s),
                    Recent = s.TryGetProperty("recent", out var recent) && recent.ValueKind == JsonValueKind.Array && ReadReading(s, "latest") is { } newest
                        ? [.. recent.EnumerateArray().Select(r => Reading.Stored(r[0].GetInt64(), r[1].GetDouble(), newest.Unit))]
                        : [],
                });
            }

            return new SiteIndex(series, zone, root.GetProperty("generatedAt").GetDateTimeOffset());
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException or ArgumentException)
        {
            return null;
        }
    }

    // What a series measures: as written, or (a file written before it was) by its newest reading's unit.
    static Quantity QuantityOf(JsonElement s)
    {
        try
        {
            if (s.TryGetProperty("quantity", out var q) && q.GetString() is { } name)
            {
                return Quantity.Parse(name);
            }
        }
        catch (FormatException)
        {
        }

        return ReadReading(s, "latest") is { } latest ? Quantity.OfUnit(latest.Unit) : Quantity.Temperature;
    }

    static Forecasting.Forecast ReadForecast(JsonElement s)
    {
        double? rate = s.TryGetProperty("ratePerHour", out var r) && r.ValueKind == JsonValueKind.Number ? r.GetDouble() : null;
        if (!s.TryGetProperty("forecast", out var f) || f.ValueKind != JsonValueKind.Object)
        {
            return new Forecasting.Forecast(Forecasting.ForecastKind.None, rate, null, null);
        }

        return new Forecasting.Forecast(Forecasting.Forecast.KindNamed(f.GetProperty("kind").GetString()), rate, f.GetProperty("target").GetDouble(), f.GetProperty("readyBy").ValueKind == JsonValueKind.String ? f.GetProperty("readyBy").GetDateTimeOffset() : null)
        {
            Model = f.TryGetProperty("model", out var m) && m.GetString() == "newton" ? Forecasting.ForecastModel.Newton : Forecasting.ForecastModel.Line,
        };
    }

    static Records ReadRecords(JsonElement s)
    {
        if (!s.TryGetProperty("records", out var r) || r.ValueKind != JsonValueKind.Object)
        {
            return Records.None;
        }

        static Extreme Read(JsonElement span, string name) => new(
            (span.GetProperty(name).TryGetProperty("celsius", out var value) ? value : span.GetProperty(name).GetProperty("value")).GetDouble(),
            span.GetProperty(name).GetProperty("timestamp").GetInt64());
        return new Records(
            [.. r.GetProperty("spans").EnumerateArray().Select(span => new RecordSpan(span.GetProperty("name").GetString()!, Read(span, "high"), Read(span, "low")))],
            DateOnly.ParseExact(r.GetProperty("since").GetString()!, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            r.TryGetProperty("target", out var t) ? t.GetDouble() : null,
            r.TryGetProperty("daysAtTarget", out var d) ? d.GetInt32() : null);
    }

    static Reading? ReadReading(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var r) && r.ValueKind == JsonValueKind.Object
            ? r.TryGetProperty("celsius", out var celsius)
                ? Reading.Create(r.GetProperty("timestamp").GetInt64(), celsius.GetDouble())
                : Reading.Stored(r.GetProperty("timestamp").GetInt64(), r.GetProperty("value").GetDouble(), r.GetProperty("unit").GetString()!)
            : null;
}
