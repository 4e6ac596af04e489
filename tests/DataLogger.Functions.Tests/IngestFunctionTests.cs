using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataLogger.Ingest;
using DataLogger.Readings;
using DataLogger.Testing;

namespace DataLogger.Functions.Tests;

/// <summary>
/// The AWS ingest function against the real S3-compatible server: a function URL request as Lambda hands it over (a
/// fixture of payload format 2.0), and real clients (Debian's <c>influx</c>, curl) through a stand-in for the function
/// URL that turns each HTTP request into that event and the function's answer back into the response, as Lambda does.
/// Each reading lands once as the agent's object would; the usual flow (start-query, render) draws it.
/// </summary>
[Collection(Cloud.Name)]
public sealed class IngestFunctionTests(CloudStandIns cloud)
{
    const string TasmotaToken = "7e0c9f4d2b8a6e1f3c5d7b9a0e2f4c6d";
    const string GatewayToken = "0b1d5b8a6f2c4e9d3a7c5e1f9b2d4a6c";

    // As the stack writes DATALOGGER_INGEST_DEVICES: the tokens' SHA-256 only.
    static readonly string Devices = IngestDevice.ToJson(new[]
    {
        new IngestDevice("pool-esp", TasmotaToken, null, new Dictionary<string, string> { ["temperature,id=28-0316a279c4ff"] = "pool" }),
        new IngestDevice("gateway", GatewayToken, null, new Dictionary<string, string> { ["tf_ch1"] = "pool", ["tempf"] = "spa" }),
    }.Select(d => d.Hashed()));

    // Each test its own prefix in the data bucket (xunit makes an instance per test).
    readonly string _prefix = "ingest-" + Guid.NewGuid().ToString("N")[..8];

    IngestFunction Function(DateTimeOffset now, string? auth = null, string maxBytes = "4096", string? prefix = null, string series = "pool,spa", string? devices = null) => new(
        cloud.Settings(prefix: prefix ?? _prefix, series: series, more: new Dictionary<string, string>
        {
            ["DATALOGGER_INGEST_DEVICES"] = devices ?? Devices,
            ["DATALOGGER_INGEST_MAX_BYTES"] = maxBytes,
            ["DATALOGGER_INGEST_PER_MINUTE"] = "5",
            ["DATALOGGER_INGEST_AUTH"] = auth ?? "none",
        }),
        new FixedTime(now));

    async Task<List<string>> KeysAsync(string series)
    {
        using var data = cloud.Bucket(S3Server.Bucket);
        return [.. (await data.ListAsync($"{_prefix}/{series}/").ToListAsync()).Where(k => k.EndsWith(".json", StringComparison.Ordinal)).Order()];
    }

    async Task<Reading> StoredAsync(string series, long timestamp)
    {
        using var data = cloud.Bucket(S3Server.Bucket);
        return ReadingJson.Decode((await data.GetAsync($"{_prefix}/" + ReadingKey.For(series, Reading.Create(timestamp, 0))))!);
    }

    static JsonNode Fixture() => JsonNode.Parse(File.ReadAllText(Path.Join(AppContext.BaseDirectory, "Events", "function-url-request.json")))!;

    static async Task<JsonElement> InvokeAsync(IngestFunction function, JsonNode request)
    {
        await using var answer = await function.HandleAsync(new MemoryStream(Encoding.UTF8.GetBytes(request.ToJsonString())));
        return (await JsonDocument.ParseAsync(answer)).RootElement.Clone();
    }

    [Fact]
    public async Task A_tasmota_point_in_a_function_url_request_lands_once_at_the_agents_key_and_start_query_and_render_draw_it()
    {
        // A series of its own at the bucket's root, where the Athena stand-in reads.
        var at = DateTimeOffset.FromUnixTimeSeconds(1796400300);
        var tasmota = IngestDevice.ToJson([new IngestDevice("pool-esp", TasmotaToken, null, new Dictionary<string, string> { ["temperature,id=28-0316a279c4ff"] = "ingested" }).Hashed()]);
        var function = Function(at.AddSeconds(20), prefix: string.Empty, series: "ingested", devices: tasmota);

        // The request of the fixture (base64 body, Token header), twice: one object.
        Assert.Equal(204, (await InvokeAsync(function, Fixture())).GetProperty("statusCode").GetInt32());
        var again = await function.RunAsync(new MemoryStream(Encoding.UTF8.GetBytes(Fixture().ToJsonString())), default);
        Assert.Equal((204, "pool-esp: 0 readings stored, 1 already there, 0 kept aside (198.51.100.23)"), again);
        var key = "ingested/2026/12/04/1796400300.json";
        using (var data = cloud.Bucket(S3Server.Bucket))
        {
            Assert.Equal([key], await data.ListAsync("ingested/").ToListAsync());
            Assert.Equal("""{"timestamp":1796400300,"celsius":22.63,"fahrenheit":72.734}""" + "\n", Encoding.UTF8.GetString((await data.GetAsync(key))!));
        }

        // The object's creation, as EventBridge and SQS route it, starts the query; its success draws the reading.
        var settings = cloud.Settings(series: "ingested");
        var rendered = await cloud.QueryAndRenderAsync(settings, [key], at.AddMinutes(1));
        Assert.True(rendered.Message.Contains("rendered 1 readings of 'ingested'", StringComparison.Ordinal), rendered.Message);
        using var site = cloud.Bucket(S3Server.SiteBucket);
        Assert.Contains("22.6<span class=\"u\">°C</span>", Encoding.UTF8.GetString((await site.GetAsync("index.html"))!));
    }

    [Fact]
    public async Task A_tasmotas_humidity_and_relay_and_an_ecowitt_humidity_land_with_their_units_and_athena_and_render_draw_them()
    {
        // Series of their own at the bucket's root, where the Athena stand-in reads; what each measures from DATALOGGER_QUANTITIES.
        var at = DateTimeOffset.FromUnixTimeSeconds(1796400300);
        var devices = IngestDevice.ToJson(new[]
        {
            new IngestDevice("poolpump", TasmotaToken, null, new Dictionary<string, string>
            {
                ["temperature,sensor=am2301"] = "q-air", ["humidity,sensor=am2301"] = "q-humidity", ["power1"] = "q-heater",
            }),
            new IngestDevice("gateway", GatewayToken, null, new Dictionary<string, string> { ["humidity"] = "q-garden" }),
        }.Select(d => d.Hashed()));
        var series = "q-air,q-humidity,q-heater,q-garden";
        var quantities = new Dictionary<string, string> { [Aws.FunctionVariables.Quantities] = "q-humidity=humidity,q-heater=state,q-garden=humidity" };
        var function = new IngestFunction(
            cloud.Settings(series: series, more: new Dictionary<string, string>(quantities) { ["DATALOGGER_INGEST_DEVICES"] = devices, ["DATALOGGER_INGEST_AUTH"] = "none" }),
            new FixedTime(at.AddSeconds(20)));

        // Tasmota's InfluxDB driver: the AM2301's temperature and humidity and the relay, one point each (Payloads/tasmota-influxdb-sensor.lp's shape).
        var tasmota = Fixture();
        tasmota["body"] = "temperature,device=poolpump,sensor=am2301 value=24.7 1796400300\nhumidity,device=poolpump,sensor=am2301 value=57.3 1796400300\npower1,device=poolpump value=1 1796400300";
        tasmota["isBase64Encoded"] = false;
        Assert.Equal(204, (await InvokeAsync(function, tasmota)).GetProperty("statusCode").GetInt32());

        // An Ecowitt gateway's form (Payloads/ecowitt-gw1000-humidity.form), its outdoor humidity.
        var ecowitt = Fixture();
        ecowitt["rawPath"] = "/api/ecowitt/" + GatewayToken;
        ecowitt["requestContext"]!["http"]!["path"] = "/api/ecowitt/" + GatewayToken;
        ecowitt["headers"]!.AsObject().Remove("authorization");
        ecowitt["headers"]!["content-type"] = "application/x-www-form-urlencoded";
        ecowitt["body"] = File.ReadAllText(Path.Join(RepositoryRoot.Path, "tests/DataLogger.Cli.Tests/Payloads/ecowitt-gw1000-humidity.form"))
            .Replace("dateutc=2026-07-14+13:42:05", $"dateutc={at:yyyy-MM-dd+HH:mm:ss}", StringComparison.Ordinal);
        ecowitt["isBase64Encoded"] = false;
        Assert.Equal(204, (await InvokeAsync(function, ecowitt)).GetProperty("statusCode").GetInt32());

        using (var data = cloud.Bucket(S3Server.Bucket))
        {
            Assert.Equal("""{"timestamp":1796400300,"value":57.3,"unit":"%"}""" + "\n", Encoding.UTF8.GetString((await data.GetAsync("q-humidity/2026/12/04/1796400300.json"))!));
            Assert.Equal("""{"timestamp":1796400300,"value":1,"unit":"on/off"}""" + "\n", Encoding.UTF8.GetString((await data.GetAsync("q-heater/2026/12/04/1796400300.json"))!));
            Assert.Equal("""{"timestamp":1796400300,"value":57,"unit":"%"}""" + "\n", Encoding.UTF8.GetString((await data.GetAsync("q-garden/2026/12/04/1796400300.json"))!));
        }

        // Start-query for them all (one query), Athena's SQL over the Glue view, and render: each in its unit.
        var settings = cloud.Settings(series: series, more: quantities);
        var rendered = await cloud.QueryAndRenderAsync(settings, series.Split(',').Select(name => $"{name}/2026/12/04/1796400300.json"), at.AddMinutes(1));
        Assert.True(rendered.Message.Contains("'q-humidity'", StringComparison.Ordinal), rendered.Message);
        using var site = cloud.Bucket(S3Server.SiteBucket);
        Assert.Contains("57.3<span class=\"u\">%</span>", Encoding.UTF8.GetString((await site.GetAsync("q-humidity/index.html"))!));
        Assert.Contains(">on<", Encoding.UTF8.GetString((await site.GetAsync("q-heater/index.html"))!));
        Assert.Contains("24.7<span class=\"u\">°C</span>", Encoding.UTF8.GetString((await site.GetAsync("q-air/index.html"))!));
        using var latest = JsonDocument.Parse((await site.GetAsync("latest.json"))!);
        var garden = latest.RootElement.GetProperty("series").EnumerateArray().Single(s => s.GetProperty("series").GetString() == "q-garden").GetProperty("latest");
        Assert.Equal((57.0, "%"), (garden.GetProperty("value").GetDouble(), garden.GetProperty("unit").GetString()));
    }

    [Fact]
    public async Task Each_refusal_answers_its_status_and_line_and_a_partial_write_stores_only_the_good_points()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1796400900);
        var function = Function(now);
        async Task<(int, string)> Answer(Action<JsonNode> change)
        {
            var request = Fixture();
            request["rawQueryString"] = string.Empty;
            change(request);
            var answer = await InvokeAsync(function, request);
            using var body = JsonDocument.Parse(answer.GetProperty("body").GetString()!); // the fixture's path, /api/v2/write: InfluxDB 2.x's JSON
            Assert.Equal("application/json; charset=utf-8", answer.GetProperty("headers").GetProperty("content-type").GetString());
            return (answer.GetProperty("statusCode").GetInt32(), body.RootElement.GetProperty("message").GetString()!);
        }

        static void Body(JsonNode request, string text)
        {
            request["body"] = text;
            request["isBase64Encoded"] = false;
        }

        Assert.Equal((401, IngestReader.NoToken), await Answer(r => r["headers"]!.AsObject().Remove("authorization")));
        Assert.Equal((401, IngestReader.NoToken), await Answer(r => r["headers"]!["authorization"] = "Token " + TasmotaToken.ToUpperInvariant()));
        Assert.Equal((400, "not line protocol: line 1: 'value' is not field=value"), await Answer(r => Body(r, "temperature,id=28-0316a279c4ff value")));
        Assert.Equal((400, "partial write: temperature,id=28-0316a279c4ff: temperature 150 °C is outside the supported range -55 to 125 °C dropped=1"),
            await Answer(r => Body(r, "temperature,id=28-0316a279c4ff value=150")));
        Assert.StartsWith("(400, partial write: temperature,id=28-ffffffffffff: 'pool-esp' maps it to no series", (await Answer(r => Body(r, "temperature,id=28-ffffffffffff value=20"))).ToString(), StringComparison.Ordinal);
        var big = string.Join('\n', Enumerable.Range(0, 100).Select(i => $"temperature,id=28-0316a279c4ff value=20.5 {1796400000 - (i * 60)}000000000"));
        Assert.Equal((413, "the body is over 4096 bytes (DATALOGGER_INGEST_MAX_BYTES): send fewer readings at once"), await Answer(r => Body(r, big)));

        Assert.Empty(await KeysAsync("pool"));

        // A good point beside a bad one: the good one stored, the bad one said (InfluxDB's partial write). Then the
        // sixth request of the minute (5 allowed).
        Assert.Equal((400, "partial write: temperature,id=28-0316a279c4ff: temperature 999 °C is outside the supported range -55 to 125 °C dropped=1"),
            await Answer(r => Body(r, "temperature,id=28-0316a279c4ff value=20 1796400800000000000\ntemperature,id=28-0316a279c4ff value=999 1796400740000000000")));
        Assert.Equal((429, "too many requests from 'pool-esp': at most 5 a minute (DATALOGGER_INGEST_PER_MINUTE)"), await Answer(_ => { }));
        Assert.Equal(20.0, (await StoredAsync("pool", 1796400800)).Celsius);
        Assert.Single(await KeysAsync("pool"));
        await Assert.ThrowsAsync<FunctionEventException>(() => function.RunAsync(new MemoryStream("{\"Records\": []}"u8.ToArray()), default));
    }

    [Fact]
    public async Task Wrong_tokens_at_speed_from_one_address_are_429_for_the_rest_of_the_minute()
    {
        var function = Function(DateTimeOffset.FromUnixTimeSeconds(1796400900));
        async Task<int> StatusAsync(string token, string ip)
        {
            var request = Fixture();
            request["headers"]!["authorization"] = "Token " + token;
            request["requestContext"]!["http"]!["sourceIp"] = ip;
            return (await InvokeAsync(function, request)).GetProperty("statusCode").GetInt32();
        }

        var statuses = new List<int>();
        for (var i = 0; i < 15; i++)
        {
            statuses.Add(await StatusAsync($"guess-{i:D4}-000000000000000000000000", "198.51.100.7"));
        }

        Assert.Equal([.. Enumerable.Repeat(401, IngestLimits.WrongTokensPerMinute), .. Enumerable.Repeat(429, 15 - IngestLimits.WrongTokensPerMinute)], statuses);
        Assert.Equal(429, await StatusAsync(TasmotaToken, "198.51.100.7")); // the right one too, from there, this minute
        Assert.Equal(204, await StatusAsync(TasmotaToken, "198.51.100.8")); // another address is not held to it
    }

    [Fact]
    public async Task Ping_and_health_are_answered_as_influxdb_answers_them_with_no_token()
    {
        var function = Function(DateTimeOffset.FromUnixTimeSeconds(1796400900));
        async Task<(int, string)> Get(string path, string query)
        {
            var request = Fixture();
            request["requestContext"]!["http"]!["method"] = "GET";
            request["requestContext"]!["http"]!["path"] = path;
            request["rawQueryString"] = query;
            request["headers"]!.AsObject().Remove("authorization");
            var answer = await InvokeAsync(function, request);
            return (answer.GetProperty("statusCode").GetInt32(), answer.GetProperty("body").GetString()!);
        }

        Assert.Equal((200, """{"version":"1.8.10"}"""), await Get("/ping", "verbose=true&u=pool-esp&p=x"));
        Assert.Equal((204, string.Empty), await Get("/ping", string.Empty));
        Assert.Equal((200, """{"name":"influxdb","message":"ready for queries and writes","status":"pass","checks":[],"version":"1.8.10"}"""), await Get("/health", string.Empty));
    }

    [Fact]
    public async Task A_gzip_body_is_inflated_within_the_body_limit()
    {
        static byte[] Gzip(string text)
        {
            using var buffer = new MemoryStream();
            using (var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Optimal))
            {
                gzip.Write(Encoding.UTF8.GetBytes(text));
            }

            return buffer.ToArray();
        }

        var function = Function(DateTimeOffset.FromUnixTimeSeconds(1796400900));
        var request = Fixture();
        request["headers"]!["content-encoding"] = "gzip";
        request["body"] = Convert.ToBase64String(Gzip("temperature,device=pool-esp,sensor=ds18b20,id=28-0316a279c4ff value=22.63 1796400300"));
        Assert.Equal(204, (await InvokeAsync(function, request)).GetProperty("statusCode").GetInt32());
        Assert.Equal(22.63, (await StoredAsync("pool", 1796400300)).Celsius);

        // 100 KB of points in a few hundred bytes: under the limit (4 KB) as sent, over it once inflated.
        request["body"] = Convert.ToBase64String(Gzip(string.Concat(Enumerable.Repeat("temperature,id=28-0316a279c4ff value=22.5 1796400360\n", 2000))));
        var answer = await InvokeAsync(function, request);
        Assert.Equal(413, answer.GetProperty("statusCode").GetInt32());
        Assert.Contains("the body is over 4096 bytes (DATALOGGER_INGEST_MAX_BYTES) once inflated", answer.GetProperty("body").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Debian_influx_and_curl_post_through_a_function_url_and_with_iam_a_signed_request_names_its_device()
    {
        await DebianPackages.EnsureAsync("influx (influxdb-client)", () => Task.FromResult(File.Exists("/usr/bin/influx")), "influxdb-client");
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60 * 60;
        await using var url = FunctionUrl.Start(Function(DateTimeOffset.FromUnixTimeSeconds(now + 30), maxBytes: "262144"));
        var (exit, output) = await DebianPackages.RunAsync("influx", ["-host", "127.0.0.1", "-port", url.Port.ToString(CultureInfo.InvariantCulture),
            "-username", "tasmota", "-password", TasmotaToken, "-database", "pool", "-precision", "s",
            "-execute", $"INSERT temperature,device=pool-esp,id=28-0316a279c4ff value=27.31 {now - 120}"]);
        Assert.True(exit == 0, output);
        Assert.Equal(27.31, (await StoredAsync("pool", now - 120)).Celsius);

        // An Ecowitt gateway's form with the token in the path (its "path" setting), tf_ch1 and tempf in °F.
        var form = $"PASSKEY=0F1E2D3C4B5A69788796A5B4C3D2E1F0&stationtype=GW1100B_V2.3.4&dateutc={DateTimeOffset.FromUnixTimeSeconds(now - 60):yyyy-MM-dd+HH:mm:ss}&tempf=61.7&tf_ch1=82.4&tf_batt1=1.48&model=GW1100B";
        (exit, output) = await DebianPackages.RunAsync("curl", ["-s", "-w", "%{http_code}", "--data", form, $"http://127.0.0.1:{url.Port}/api/ecowitt/{GatewayToken}"]);
        Assert.Equal("204", output.Trim());
        Assert.Equal(28.0, (await StoredAsync("pool", now - 60)).Celsius);
        Assert.Equal(16.5, (await StoredAsync("spa", now - 60)).Celsius);

        // With IAM (Lambda has checked the signature before it invokes): no token, the device named.
        await using var signed = FunctionUrl.Start(Function(DateTimeOffset.FromUnixTimeSeconds(now + 30), auth: "iam"));
        (exit, output) = await DebianPackages.RunAsync("curl", ["-s", "-w", "%{http_code}", "--data-binary", $"temperature,id=28-0316a279c4ff value=27.5 {now - 30}", $"http://127.0.0.1:{signed.Port}/write?precision=s&device=pool-esp"]);
        Assert.Equal("204", output.Trim());
        Assert.Equal(27.5, (await StoredAsync("pool", now - 30)).Celsius);
        (_, output) = await DebianPackages.RunAsync("curl", ["-s", "-w", "%{http_code}", "--data-binary", $"temperature,id=28-0316a279c4ff value=27.5 {now - 20}", $"http://127.0.0.1:{signed.Port}/write?precision=s"]);
        Assert.EndsWith("401", output.Trim(), StringComparison.Ordinal); // two devices, none named
    }

    [Fact]
    public async Task A_note_posted_to_the_function_url_is_stored_once_drawn_by_render_and_a_bad_one_stores_nothing()
    {
        await DebianPackages.EnsureAsync("curl", () => Task.FromResult(File.Exists("/usr/bin/curl")), "curl");
        var at = DateTimeOffset.FromUnixTimeSeconds(1795600800); // 2026-11-25 10:00 UTC
        var devices = IngestDevice.ToJson([new IngestDevice("phone", TasmotaToken, "noted", new Dictionary<string, string>()).Hashed()]);
        var function = new IngestFunction(
            cloud.Settings(series: "noted", more: new Dictionary<string, string> { ["DATALOGGER_INGEST_DEVICES"] = devices, ["DATALOGGER_INGEST_AUTH"] = "none" }),
            new FixedTime(at));
        await using var url = FunctionUrl.Start(function);
        async Task<string> PostAsync(params string[] args) => (await DebianPackages.RunAsync("curl", ["-s", "-w", " %{http_code}", .. args, $"http://127.0.0.1:{url.Port}/api/notes"])).Output.Trim();
        async Task<List<string>> NotesAsync()
        {
            using var data = cloud.Bucket(S3Server.Bucket);
            return await data.ListAsync("notes/2026/11/").ToListAsync();
        }

        // Refused whole, each with its line, nothing stored: no token, no text, too long, in the future.
        Assert.EndsWith("401", await PostAsync("-H", "Content-Type: application/json", "--data", """{"text": "Shocked", "series": "noted"}"""), StringComparison.Ordinal);
        var token = $"Authorization: Token {TasmotaToken}";
        Assert.Equal("a note needs a text, such as \"Shocked, 1 kg cal-hypo\"; nothing was stored\n 400", await PostAsync("-H", token, "-H", "Content-Type: application/json", "--data", """{"text": " ", "series": "noted"}"""));
        Assert.StartsWith("a note is at most 500 characters; this one has 501", await PostAsync("-H", token, "-H", "Content-Type: application/json", "--data", $$"""{"text": "{{new string('x', 501)}}", "series": "noted"}"""), StringComparison.Ordinal);
        var future = await PostAsync("-H", token, "-H", "Content-Type: application/json", "--data", """{"text": "x", "series": "noted", "at": "2026-11-25T11:00:00Z"}""");
        Assert.True(future.Contains("is in the future", StringComparison.Ordinal), future);
        Assert.Empty(await NotesAsync());

        // A device's JSON (twice: one note), and the page's form with its token as a field.
        var json = await PostAsync("-H", token, "-H", "Content-Type: application/json", "--data", """{"text": "Shocked, 1 kg cal-hypo", "series": "noted", "at": 1795597200}""");
        Assert.Equal("""{"added":true,"note":{"timestamp":1795597200,"series":"noted","text":"Shocked, 1 kg cal-hypo"}}""" + "\n 201", json);
        Assert.EndsWith("200", await PostAsync("-H", token, "-H", "Content-Type: application/json", "--data", """{"text": "Shocked, 1 kg cal-hypo", "series": "noted", "at": 1795597200}"""), StringComparison.Ordinal);
        Assert.EndsWith("201", await PostAsync("--data-urlencode", "text=Cover on", "--data-urlencode", "series=noted", "--data-urlencode", "at=2026-11-24T20:00:00Z", "--data-urlencode", "until=2026-11-25T07:00:00Z", "--data-urlencode", $"token={TasmotaToken}"), StringComparison.Ordinal);
        Assert.Equal(2, (await NotesAsync()).Count);

        // A reading of the series, queried and rendered: its page lists both notes under the chart, and the chart has them.
        using (var data = cloud.Bucket(S3Server.Bucket))
        {
            await data.PutAsync("noted/2026/11/25/1795600500.json", ReadingJson.Encode(Reading.Create(1795600500, 27.5)), ReadingJson.ContentType);
        }

        await cloud.QueryAndRenderAsync(cloud.Settings(series: "noted"), ["noted/2026/11/25/1795600500.json"], at);
        using var site = cloud.Bucket(S3Server.SiteBucket);
        var page = Encoding.UTF8.GetString((await site.GetAsync("index.html"))!);
        Assert.Contains(">Cover on</li>", page);
        Assert.Contains(">Shocked, 1 kg cal-hypo</li>", page);
        Assert.Contains("\"text\":\"Cover on\"", Encoding.UTF8.GetString((await site.GetAsync("data-24h.json"))!));
    }

    [Fact]
    public void Bad_ingest_settings_are_named_at_cold_start()
    {
        var e = Assert.Throws<FunctionConfigurationException>(() => cloud.Settings(series: "pool", more: new Dictionary<string, string>
        {
            ["DATALOGGER_INGEST_DEVICES"] = $$"""[{"name": "esp", "token": "{{TasmotaToken}}", "series": "spa"}]""",
            ["DATALOGGER_INGEST_PER_MINUTE"] = "0",
            ["DATALOGGER_INGEST_MAX_BYTES"] = "lots",
        }));
        Assert.Contains("DATALOGGER_INGEST_DEVICES: a device writes 'spa', which is not one of DATALOGGER_SERIES (pool)", e.Message);
        Assert.Contains("DATALOGGER_INGEST_PER_MINUTE '0' is not a whole number from 1 to 100000", e.Message);
        Assert.Contains("DATALOGGER_INGEST_MAX_BYTES 'lots' is not a whole number from 1024 to 6291456", e.Message);
        e = Assert.Throws<FunctionConfigurationException>(() => cloud.Settings(more: new Dictionary<string, string> { ["DATALOGGER_INGEST_DEVICES"] = """[{"name": "esp", "token": "short", "series": "pool"}]""" }));
        Assert.Contains("the device 'esp' needs a token of at least 16 characters", e.Message);
    }

    // A stand-in for the function URL's front end on 127.0.0.1: each request as a payload-2.0 event, the answer back.
    sealed class FunctionUrl : IAsyncDisposable
    {
        readonly HttpListener _listener = new();
        readonly Task _serving;

        FunctionUrl(IngestFunction function)
        {
            Port = FreePort.Next();
            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            _listener.Start();
            _serving = Task.Run(async () =>
            {
                while (_listener.IsListening)
                {
                    HttpListenerContext context;
                    try
                    {
                        context = await _listener.GetContextAsync();
                    }
                    catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                    {
                        return;
                    }

                    await AnswerAsync(function, context);
                }
            });
        }

        public int Port { get; }

        public static FunctionUrl Start(IngestFunction function) => new(function);

        static async Task AnswerAsync(IngestFunction function, HttpListenerContext context)
        {
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var headers = new JsonObject();
            foreach (var name in context.Request.Headers.AllKeys)
            {
                headers[name!.ToLowerInvariant()] = context.Request.Headers[name];
            }

            var request = new JsonObject
            {
                ["version"] = "2.0",
                ["rawPath"] = context.Request.Url!.AbsolutePath,
                ["rawQueryString"] = context.Request.Url.Query.TrimStart('?'),
                ["headers"] = headers,
                ["requestContext"] = new JsonObject { ["http"] = new JsonObject { ["method"] = context.Request.HttpMethod, ["path"] = context.Request.Url.AbsolutePath, ["sourceIp"] = "127.0.0.1" } },
                ["body"] = Convert.ToBase64String(body.ToArray()),
                ["isBase64Encoded"] = true,
            };
            await using var answer = await function.HandleAsync(new MemoryStream(Encoding.UTF8.GetBytes(request.ToJsonString())));
            var response = (await JsonDocument.ParseAsync(answer)).RootElement;
            context.Response.StatusCode = response.GetProperty("statusCode").GetInt32();
            foreach (var header in response.GetProperty("headers").EnumerateObject())
            {
                context.Response.Headers[header.Name] = header.Value.GetString();
            }

            var text = Encoding.UTF8.GetBytes(response.GetProperty("body").GetString() ?? string.Empty);
            if (text.Length > 0)
            {
                await context.Response.OutputStream.WriteAsync(text);
            }

            context.Response.Close();
        }

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            _listener.Close();
            await _serving;
        }
    }
}
