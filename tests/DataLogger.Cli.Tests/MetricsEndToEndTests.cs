using System.Globalization;
using System.Text.RegularExpressions;
using DataLogger.Testing;

namespace DataLogger.Cli.Tests;

/// <summary>
/// <c>/metrics</c> of the real <c>run</c>, serving over a fake 1-Wire bus (one good probe, one failing its CRC), scraped
/// as Prometheus would and read by the text format's rules: every sample belongs to a family with HELP and TYPE.
/// </summary>
public sealed partial class MetricsEndToEndTests : IDisposable
{
    const string PoolId = "28-0316a279c4ff";
    const string SpaId = "28-00000a1b2c3d";

    readonly TempDirectory _temp = new();
    readonly FakeW1Tree _w1;
    readonly HttpReceiver _hook = new();

    public MetricsEndToEndTests()
    {
        _w1 = new FakeW1Tree(_temp.Combine("w1"));
        _w1.Probe(PoolId, FakeW1Tree.Good(27312)).Probe(SpaId, FakeW1Tree.CrcNo);
        File.WriteAllText(_temp.Combine("datalogger.json"), $$"""
            {
              "w1Root": "{{_w1.Root}}",
              "timeZone": "UTC",
              "probes": [ { "id": "{{PoolId}}", "series": "pool" }, { "id": "{{SpaId}}", "series": "spa" } ],
              "alerts": { "below": 30, "notify": ["{{_hook.Url}}hook"] }
            }
            """);
    }

    public void Dispose()
    {
        _hook.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task Prometheus_scrapes_the_temperatures_their_age_the_reads_that_failed_by_reason_the_site_updates_and_the_alerts()
    {
        using var run = Running.Start(["run", "--data", _temp.Combine("data"), "--port", "0", "--interval", "10s"], workingDirectory: _temp.Path);
        var serving = await run.WaitForLineAsync(@"^Serving (http://\S+) .*Prometheus metrics at (http://\S+/metrics)\)");
        using var http = new HttpClient { BaseAddress = new Uri(serving.Groups[1].Value), Timeout = TimeSpan.FromSeconds(10) };
        Assert.Equal(new Uri(http.BaseAddress, "metrics"), new Uri(serving.Groups[2].Value));

        // A reading on the clock, a failed one beside it, a site update and the alert it fires.
        var metrics = await ScrapeUntilAsync(http, m =>
            m.Value("datalogger_readings_total", "series", "pool") >= 1 &&
            m.Value("datalogger_failed_reads_total", "series", "spa", "reason", "crc") >= 1 &&
            m.Value("datalogger_alert_firing", "series", "pool", "kind", "below") == 1, run);

        Assert.Equal(27.312, metrics.Value("datalogger_temperature_celsius", "series", "pool"));
        Assert.InRange(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - metrics.Value("datalogger_last_reading_timestamp_seconds", "series", "pool")!.Value, 0, 30);
        // The age is the timestamp's job in PromQL (time() - ...): no gauge breaks the naming rules to say it.
        Assert.DoesNotContain("datalogger_seconds_since_last_reading", metrics.Types.Keys);
        Assert.Null(metrics.Value("datalogger_temperature_celsius", "series", "spa")); // never read: no made-up value
        Assert.Equal(0, metrics.Value("datalogger_readings_total", "series", "spa"));
        Assert.Equal(0, metrics.Value("datalogger_alert_firing", "series", "spa", "kind", "below"));
        Assert.Equal(("gauge", "counter", "histogram"), (metrics.Types["datalogger_temperature_celsius"], metrics.Types["datalogger_readings_total"], metrics.Types["datalogger_site_update_duration_seconds"]));

        // The histogram adds up: buckets never shrink, +Inf is the count, the count is the site updates.
        var buckets = metrics.Samples.Where(s => s.Name == "datalogger_site_update_duration_seconds_bucket").ToList();
        Assert.True(buckets.Count >= 2);
        Assert.Equal(buckets.Select(b => b.Value).Order(), buckets.Select(b => b.Value));
        Assert.Equal("+Inf", buckets[^1].Labels["le"]);
        Assert.Equal(buckets[^1].Value, metrics.Value("datalogger_site_update_duration_seconds_count"));
        Assert.True(metrics.Value("datalogger_site_updates_total") >= 1);

        // The spa's probe mended: its temperature follows.
        _w1.Probe(SpaId, FakeW1Tree.Good(38875));
        metrics = await ScrapeUntilAsync(http, m => m.Value("datalogger_temperature_celsius", "series", "spa") is not null, run);
        Assert.Equal(38.875, metrics.Value("datalogger_temperature_celsius", "series", "spa"));
        Assert.Equal(0, await run.InterruptAsync());
    }

    static async Task<Exposition> ScrapeUntilAsync(HttpClient http, Func<Exposition, bool> done, Running run)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            using var response = await http.GetAsync("metrics");
            Assert.True(response.IsSuccessStatusCode, response.StatusCode.ToString());
            Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
            var metrics = Exposition.Parse(await response.Content.ReadAsStringAsync());
            if (done(metrics))
            {
                return metrics;
            }

            Assert.True(DateTime.UtcNow < deadline, "the metrics never got there. Its output:\n" + run);
            await Task.Delay(500);
        }
    }

    /// <summary>Prometheus' text format (0.0.4), read strictly: a sample's family has its HELP and TYPE first.</summary>
    sealed partial record Exposition(List<(string Name, Dictionary<string, string> Labels, double Value)> Samples, Dictionary<string, string> Types)
    {
        public double? Value(string name, params string[] labels)
        {
            var wanted = Enumerable.Range(0, labels.Length / 2).ToDictionary(i => labels[2 * i], i => labels[(2 * i) + 1]);
            var found = Samples.Where(s => s.Name == name && wanted.All(w => s.Labels.GetValueOrDefault(w.Key) == w.Value)).ToList();
            Assert.True(found.Count <= 1, $"{found.Count} samples of {name} match");
            return found.Count == 1 ? found[0].Value : null;
        }

        public static Exposition Parse(string text)
        {
            var samples = new List<(string, Dictionary<string, string>, double)>();
            var types = new Dictionary<string, string>();
            var helped = new HashSet<string>();
            foreach (var line in text.Split('\n').Where(l => l.Length > 0))
            {
                if (CommentLine().Match(line) is { Success: true } comment)
                {
                    if (comment.Groups[1].Value == "HELP")
                    {
                        helped.Add(comment.Groups[2].Value);
                    }
                    else
                    {
                        types[comment.Groups[2].Value] = comment.Groups[3].Value;
                    }

                    continue;
                }

                var sample = SampleLine().Match(line);
                Assert.True(sample.Success, $"not a sample line: {line}");
                var name = sample.Groups[1].Value;
                var family = types.ContainsKey(name) ? name : Regex.Replace(name, "_(bucket|count|sum)$", string.Empty);
                Assert.True(types.ContainsKey(family) && helped.Contains(family), $"{name} has no HELP and TYPE before it");
                var labels = LabelPair().Matches(sample.Groups[2].Value).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
                var value = sample.Groups[3].Value switch
                {
                    "+Inf" => double.PositiveInfinity,
                    "-Inf" => double.NegativeInfinity,
                    "NaN" => double.NaN,
                    var number => double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture),
                };
                samples.Add((name, labels, value));
            }

            return new Exposition(samples, types);
        }

        [GeneratedRegex(@"^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) ?(.*)$")]
        private static partial Regex CommentLine();

        [GeneratedRegex(@"^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: -?\d+)?$")]
        private static partial Regex SampleLine();

        [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
        private static partial Regex LabelPair();
    }
}
