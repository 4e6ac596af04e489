using System.Globalization;
using DataLogger.Readings;
using DataLogger.Testing;
using static DataLogger.Cli.Tests.IngestEndToEndTests;

namespace DataLogger.Cli.Tests;

/// <summary>
/// Real devices' batches into the real <c>run</c>, posted by curl as each device posts them, from the payloads in
/// <c>Payloads/</c> (built from Tasmota's and Telegraf's own sources; see its README): a Tasmota's sensor message with
/// three DS18B20 beside its switches, humidity and dew point, and its state message (uptime, heap, Wi-Fi); Telegraf's
/// temp plugin with the chips' limits beside their temperatures. What maps is stored; what is no temperature is never
/// filed as one; what is left out is said once in the log, and a temperature that could not be a reading in the answer.
/// </summary>
public sealed class IngestEndToEndDeviceTests : IDisposable
{
    const string TasmotaToken = "tasmota-0123456789abcdef";
    const string ShedToken = "shed-esp-fedcba9876543210";
    const string TelegrafToken = "telegraf-00112233445566778899";

    readonly TempDirectory _temp = new();

    public IngestEndToEndDeviceTests() => File.WriteAllText(_temp.Combine("datalogger.json"), $$"""
        {
          "sensor": "simulated", "series": "air", "timeZone": "UTC",
          "ingest": {
            "devices": [
              { "name": "tasmota", "token": "{{TasmotaToken}}", "map": { "temperature,id=01144A0CB2AA": "pool", "temperature,id=0114502E3BAA": "spa" } },
              { "name": "shed-esp", "token": "{{ShedToken}}", "series": "shed" },
              { "name": "telegraf", "token": "{{TelegrafToken}}", "map": {
                "temp,device=nvme0,sensor=nvme_composite_input": "disk", "temp,device=0000:00:18.3,sensor=k10temp_tctl_input": "cpu" } }
            ]
          }
        }
        """);

    public void Dispose() => _temp.Dispose();

    static string Payload(string name) => Path.Join(AppContext.BaseDirectory, "Payloads", name);

    List<Reading> Stored(string series) => Directory.Exists(_temp.Combine("data", "bucket", series))
        ? [.. Directory.GetFiles(_temp.Combine("data", "bucket", series), "*.json", SearchOption.AllDirectories).Where(f => !f.Contains("/aside/", StringComparison.Ordinal)).Select(f => ReadingJson.Decode(File.ReadAllBytes(f))).OrderBy(r => r.Timestamp)]
        : [];

    [Fact]
    public async Task A_tasmota_and_telegraf_store_what_maps_and_never_file_what_is_not_a_temperature()
    {
        using var run = Running.Start(["run", "--data", _temp.Combine("data"), "--port", "0"], workingDirectory: _temp.Path);
        var address = (await run.WaitForLineAsync(@"^Serving (http://\S+) ")).Groups[1].Value;

        // Tasmota's InfluxDB driver, v1 (IfxDatabase, IfxUser, IfxPassword): /write?db=…&u=…&p=…, text/plain, no time.
        var tasmota = new[] { "-X", "POST", "-H", "Content-Type: text/plain", "--data-binary" };
        var v1 = $"{address}write?db=tasmota&u=pool-esp&p={TasmotaToken}";
        Assert.Equal((204, string.Empty), await CurlAsync([.. tasmota, "@" + Payload("tasmota-influxdb-sensor.lp"), v1]));
        Assert.Equal([27.5], Stored("pool").Select(r => r.Celsius));
        Assert.Equal([37.94], Stored("spa").Select(r => r.Celsius));

        // Its state message: uptime, heap, Wi-Fi, POWER1; nothing of it is a temperature, nothing stored, nothing wrong.
        Assert.Equal((204, string.Empty), await CurlAsync([.. tasmota, "@" + Payload("tasmota-influxdb-state.lp"), v1]));
        Assert.Single(Stored("pool"));

        // A Tasmota given one series for all: its switches, humidity and dew point are never °C; its first probe is the
        // series' reading, and the other temperatures of the same second are said in InfluxDB's partial write.
        var (status, line) = await CurlAsync("-X", "POST", "-H", $"Authorization: Token {ShedToken}", "--data-binary", "@" + Payload("tasmota-influxdb-sensor.lp"), $"{address}api/v2/write?org=home&bucket=tasmota");
        Assert.Equal(400, status);
        Assert.StartsWith("partial write: temperature,device=pool-esp,sensor=analog: temperature 184.72 °C is outside the supported range -55 to 125 °C; temperature,device=pool-esp,sensor=ds18b20-2,id=0114502E3BAA: a second reading of 'shed' at ", line, StringComparison.Ordinal);
        Assert.EndsWith("; and 1 more dropped=4", line, StringComparison.Ordinal);
        Assert.Equal([27.5], Stored("shed").Select(r => r.Celsius));

        // The same again: each point left out is said once in the log, however often the device sends it.
        Assert.Equal((204, string.Empty), await CurlAsync([.. tasmota, "@" + Payload("tasmota-influxdb-sensor.lp"), v1]));

        // Telegraf's temp plugin, older naming, as Telegraf sends it (nanoseconds): each chip's input beside its limits.
        var ns = DateTimeOffset.UtcNow.ToUnixTimeSeconds() * 1_000_000_000;
        var telegraf = string.Join('\n', File.ReadLines(Payload("telegraf-temp-v1.lp")).Select(l => $"{l} {ns.ToString(CultureInfo.InvariantCulture)}"));
        Assert.Equal((204, string.Empty), await CurlAsync("-X", "POST", "-H", $"Authorization: Token {TelegrafToken}", "--data-binary", telegraf, $"{address}api/v2/write?org=home&bucket=pool"));
        Assert.Equal([32.85], Stored("disk").Select(r => r.Celsius));
        Assert.Equal([31.875], Stored("cpu").Select(r => r.Celsius));

        // What was left out, in the log (Telegraf's lines come last: what the console wrote before them is all there).
        await run.WaitForLineAsync(@"tasmota: uptimesec,device=pool-esp,sensor=device, heap,device=pool-esp,sensor=device, .*, linkcount,device=pool-esp,sensor=wifi not taken: not a temperature: a temperature is a field named temperature");
        await run.WaitForLineAsync(@"telegraf: temp,device=nvme0,sensor=nvme_composite_crit, temp,device=nvme1,sensor=nvme_composite_crit not taken: 'nvme_composite_crit' is a limit or flag of the chip");
        await run.WaitForLineAsync(@"shed-esp: temperature,device=pool-esp,sensor=htu21 is not stored: a second reading of 'shed'");
        Assert.Single(run.Output, l => l.Contains("tasmota: temperature,device=pool-esp,sensor=ds18b20-3,id=011450A1C2FF not taken: 'tasmota' maps it to no series", StringComparison.Ordinal));
        Assert.Single(run.Output, l => l.Contains("humidity,device=pool-esp,sensor=htu21", StringComparison.Ordinal) && l.Contains("tasmota: ", StringComparison.Ordinal));
        Assert.DoesNotContain(run.Output, l => l.Contains("humidity,device=pool-esp,sensor=htu21 is not stored", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_gzip_body_as_telegraf_sends_it_is_inflated_within_the_body_limit()
    {
        using var run = Running.Start(["run", "--data", _temp.Combine("data"), "--port", "0"], workingDirectory: _temp.Path);
        var address = (await run.WaitForLineAsync(@"^Serving (http://\S+) ")).Groups[1].Value;
        var write = $"{address}api/v2/write?org=home&bucket=pool&precision=s";
        var headers = new[] { "-X", "POST", "-H", $"Authorization: Token {TelegrafToken}", "-H", "Content-Type: text/plain; charset=utf-8" };

        // Telegraf's InfluxDB outputs compress with gzip by default (content_encoding = "gzip"): Debian's gzip makes the body.
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        File.WriteAllLines(_temp.Combine("telegraf.lp"), File.ReadLines(Payload("telegraf-temp-v1.lp")).Select(l => $"{l} {now.ToString(CultureInfo.InvariantCulture)}"));
        Assert.Equal(0, (await ClientAsync("sh", "-c", $"gzip -c '{_temp.Combine("telegraf.lp")}' > '{_temp.Combine("telegraf.lp.gz")}'")).Exit);
        Assert.Equal((204, string.Empty), await CurlAsync([.. headers, "-H", "Content-Encoding: gzip", "--data-binary", "@" + _temp.Combine("telegraf.lp.gz"), write]));
        Assert.Equal([32.85], Stored("disk").Select(r => r.Celsius));
        Assert.Equal([31.875], Stored("cpu").Select(r => r.Celsius));

        // A bomb: 20 MB of points in about 20 KB, under the body limit as sent (256 KB), over it once inflated.
        var point = $"temp,device=nvme0,sensor=nvme_composite_input temp=33.1 {now - 60}";
        Assert.Equal(0, (await ClientAsync("sh", "-c", $"yes '{point}' | head -c 20000000 | gzip -c > '{_temp.Combine("bomb.gz")}'")).Exit);
        Assert.InRange(new FileInfo(_temp.Combine("bomb.gz")).Length, 1, 256 * 1024);
        Assert.Equal((413, "the body is over 262144 bytes (ingest.maxBytes) once inflated: send fewer readings at once"),
            await CurlAsync([.. headers, "-H", "Content-Encoding: gzip", "--data-binary", "@" + _temp.Combine("bomb.gz"), write]));

        // A body that is not what its Content-Encoding says, and an encoding not taken.
        var (status, line) = await CurlAsync([.. headers, "-H", "Content-Encoding: gzip", "--data-binary", point, write]);
        Assert.Equal(400, status);
        Assert.StartsWith("the body is not gzip, as its Content-Encoding says", line, StringComparison.Ordinal);
        Assert.Equal((415, "the body's Content-Encoding is 'br': send it as it is, or with gzip"), await CurlAsync([.. headers, "-H", "Content-Encoding: br", "--data-binary", point, write]));
        Assert.Equal([32.85], Stored("disk").Select(r => r.Celsius));
    }

    [Fact]
    public async Task Tasmotas_connection_check_is_answered_as_influxdb_answers_it()
    {
        using var run = Running.Start(["run", "--data", _temp.Combine("data"), "--port", "0"], workingDirectory: _temp.Path);
        var address = (await run.WaitForLineAsync(@"^Serving (http://\S+) ")).Groups[1].Value;

        // Tasmota's xdrv_59_influxdb.ino (InfluxDbValidateConnection) GETs "/ping?verbose=true" with its InfluxDbAuth()
        // appended in v1 mode, "/health" in v2 mode, each with "Accept: application/json", and writes nothing unless the
        // status is 200. InfluxDB 1.8 answers a verbose ping 200 with its version, a plain one 204.
        var accept = new[] { "-H", "Accept: application/json" };
        Assert.Equal((200, """{"version":"1.8.10"}"""), await CurlBodyAsync([.. accept, $"{address}ping?verbose=true&u=pool-esp&p={TasmotaToken}"]));
        var (status, health) = await CurlBodyAsync([.. accept, $"{address}health"]);
        Assert.Equal((200, """{"name":"influxdb","message":"ready for queries and writes","status":"pass","checks":[],"version":"1.8.10"}"""), (status, health));
        Assert.Equal((204, string.Empty), await CurlBodyAsync($"{address}ping"));
        Assert.Equal((204, string.Empty), await CurlBodyAsync($"{address}ping?verbose=false"));
        var (_, headers) = await ClientAsync("curl", "-s", "-I", $"{address}ping");
        Assert.Contains("X-Influxdb-Version: 1.8.10", headers, StringComparison.Ordinal);
    }
}
