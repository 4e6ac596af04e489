using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataLogger.Compaction;
using DataLogger.Ingest;
using DataLogger.Query.DuckDb;
using DataLogger.Readings;
using DataLogger.Storage.Local;
using DataLogger.Testing;

namespace DataLogger.Functions.Tests;

/// <summary>
/// Every entry of <see cref="Quantity.All"/> (and a number in an owner's unit), each a series of its own, through every
/// layer without a line of its own here: posted to the ingest function (our JSON, its value alone), stored in the S3
/// stand-in with its unit, read by Athena's stand-in (the Glue view's SQL) in one query with the others and drawn by the
/// render function in its unit, and read back by the local engine (DuckDB) before and after compaction. Home
/// Assistant's discovery of every entry is <c>HomeAssistantQuantityTests</c>. A quantity added to the list is
/// ingested, stored, queried on both engines and drawn here: that is all adding one takes.
/// </summary>
[Collection(Cloud.Name)]
public sealed class EveryQuantityTests(CloudStandIns cloud)
{
    const string Token = "every-quantity-0123456789abcdef";
    static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeSeconds(1796486700); // 2026-12-05 16:05 UTC

    static readonly List<Quantity> Quantities = [.. Quantity.All, Quantity.Parse("number:L/min")];

    static string SeriesOf(Quantity quantity) => "every-" + quantity.Name.Replace('_', '-');

    // A value a sensor of it could report: on for a state, a little above the middle of its range otherwise.
    static double ValueOf(Quantity quantity) => quantity.IsState ? 1 : quantity.Round(quantity.Min + ((quantity.Max - quantity.Min) * 0.537));

    [Fact]
    public async Task Each_quantity_is_ingested_stored_queried_on_both_engines_and_drawn_in_its_unit()
    {
        var series = string.Join(',', Quantities.Select(SeriesOf));
        var quantities = string.Join(',', Quantities.Where(q => !q.IsTemperature).Select(q => $"{SeriesOf(q)}={q}"));
        var more = new Dictionary<string, string> { [Aws.FunctionVariables.Quantities] = quantities };
        var device = new IngestDevice("meters", Token, null, Quantities.ToDictionary(q => "m-" + q.Name, SeriesOf));
        var function = new IngestFunction(
            cloud.Settings(series: series, more: new Dictionary<string, string>(more)
            {
                ["DATALOGGER_INGEST_DEVICES"] = IngestDevice.ToJson([device.Hashed()]), ["DATALOGGER_INGEST_AUTH"] = "none", ["DATALOGGER_INGEST_MAX_BYTES"] = "65536",
            }),
            new FixedTime(At.AddSeconds(30)));

        // One request: our JSON, each item its series and its value alone (the unit is its series').
        var request = JsonNode.Parse(File.ReadAllText(Path.Join(AppContext.BaseDirectory, "Events", "function-url-request.json")))!;
        request["rawPath"] = "/api/readings";
        request["requestContext"]!["http"]!["path"] = "/api/readings";
        request["headers"]!["authorization"] = "Bearer " + Token;
        request["headers"]!["content-type"] = "application/json";
        request["body"] = new JsonArray([.. Quantities.Select(q => (JsonNode)new JsonObject { ["series"] = SeriesOf(q), ["timestamp"] = At.ToUnixTimeSeconds(), ["value"] = ValueOf(q) })]).ToJsonString();
        request["isBase64Encoded"] = false;
        await using (var answer = await function.HandleAsync(new MemoryStream(Encoding.UTF8.GetBytes(request.ToJsonString()))))
        {
            var json = (await JsonDocument.ParseAsync(answer)).RootElement;
            Assert.True(json.GetProperty("statusCode").GetInt32() == 204, json.ToString());
        }

        // Stored with its unit (a temperature in the original contract).
        var local = Path.Join(Path.GetTempPath(), "datalogger-tests", "every-" + Guid.NewGuid().ToString("N")[..8]);
        using (var data = cloud.Bucket(S3Server.Bucket))
        {
            foreach (var quantity in Quantities)
            {
                var key = $"{SeriesOf(quantity)}/2026/12/05/{At.ToUnixTimeSeconds()}.json";
                var body = (await data.GetAsync(key))!;
                var expected = Reading.Create(quantity, At, ValueOf(quantity));
                Assert.Equal(expected, ReadingJson.Decode(body));
                Assert.Contains(quantity.IsTemperature ? "\"celsius\":" : $"\"unit\":\"{quantity.Unit}\"", Encoding.UTF8.GetString(body), StringComparison.Ordinal);
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Join(local, key))!);
                await File.WriteAllBytesAsync(Path.Join(local, key), body);
            }
        }

        await AthenaAndRenderAsync(series, more);
        await LocalEngineAsync(local);
        Directory.Delete(local, recursive: true);
    }

    // Start-query (one query for them all), Athena's stand-in, render: each page and latest.json in its unit, each chart drawn.
    async Task AthenaAndRenderAsync(string series, Dictionary<string, string> more)
    {
        var settings = cloud.Settings(series: series, more: more);
        var rendered = await cloud.QueryAndRenderAsync(settings, Quantities.Select(q => $"{SeriesOf(q)}/2026/12/05/{At.ToUnixTimeSeconds()}.json"), At.AddMinutes(1));
        using var site = cloud.Bucket(S3Server.SiteBucket);
        using var latest = JsonDocument.Parse((await site.GetAsync("latest.json"))!);
        foreach (var quantity in Quantities)
        {
            var name = SeriesOf(quantity);
            Assert.True(rendered.Message.Contains($"'{name}'", StringComparison.Ordinal), rendered.Message);
            var page = Encoding.UTF8.GetString((await site.GetAsync($"{name}/index.html"))!);
            var value = ValueOf(quantity);
            Assert.Contains(
                quantity.IsTemperature ? $"{value.ToString("0.0", CultureInfo.InvariantCulture)}<span class=\"u\">°C</span>"
                    : quantity.IsState ? ">on<"
                    : $"{value.ToString("0.##", CultureInfo.InvariantCulture)}<span class=\"u\">{System.Net.WebUtility.HtmlEncode(quantity.Unit)}</span>",
                page,
                StringComparison.Ordinal);
            Assert.True((await site.GetAsync($"{name}/chart-24h.png"))!.Length > 10_000);
            Assert.Equal(!quantity.IsState, page.Contains("class=\"records-title\"", StringComparison.Ordinal)); // records of any number, none of a state
            var newest = latest.RootElement.GetProperty("series").EnumerateArray().Single(s => s.GetProperty("series").GetString() == name).GetProperty("latest");
            Assert.Equal(value, newest.GetProperty(quantity.IsTemperature ? "celsius" : "value").GetDouble());
        }
    }

    // The local engine over the same objects, before and after the compactor merges them into their day's Parquet object.
    static async Task LocalEngineAsync(string bucket)
    {
        var window = Time.TimeWindow.Last(TimeSpan.FromHours(24), At.AddMinutes(5));
        using var engine = new DuckDbQueryEngine(bucket);
        foreach (var quantity in Quantities)
        {
            Assert.Equal([Reading.Create(quantity, At, ValueOf(quantity))], (await engine.ReadingsAsync(SeriesOf(quantity), window)).Readings);
        }

        var compactor = new BucketCompactor(new LocalFolderStore(bucket), TimeProvider.System);
        foreach (var quantity in Quantities)
        {
            await compactor.CompactAsync(SeriesOf(quantity), At.AddHours(2), stopAt: null, progress: null, default);
            Assert.True(File.Exists(Path.Join(bucket, ReadingKey.CompactedKey(SeriesOf(quantity), new DateOnly(2026, 12, 5)))));
            Assert.Equal([Reading.Create(quantity, At, ValueOf(quantity))], (await engine.ReadingsAsync(SeriesOf(quantity), window)).Readings);
        }
    }
}
