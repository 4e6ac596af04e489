using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using DataLogger.Readings;
using DataLogger.Testing;

namespace DataLogger.Cli.Tests;

/// <summary>
/// Devices' requests into the real <c>run</c> when something goes wrong: Ctrl+C or SIGTERM while a large request is
/// being stored (finished whole, the "Stopped" line printed), one request of 6,898 readings (one site update), wrong
/// tokens at speed (429 for the rest of the minute), the data folder full (503 with <c>Retry-After</c>, then stored),
/// a malformed chunked body (400, one line, no trace).
/// </summary>
public sealed class IngestFaultTests : IDisposable
{
    const string Token = "bulk-0123456789abcdef0123";

    readonly TempDirectory _temp = new();

    public IngestFaultTests() => File.WriteAllText(_temp.Combine("datalogger.json"), $$"""
        {
          "sensor": "none", "series": "pool", "timeZone": "UTC",
          "ingest": { "perMinute": 1000, "devices": [ { "name": "bulk", "token": "{{Token}}", "series": "pool" } ] }
        }
        """);

    public void Dispose() => _temp.Dispose();

    string Bucket => _temp.Combine("data", "bucket");

    int Stored() => Directory.Exists(Path.Join(Bucket, "pool"))
        ? Directory.GetFiles(Path.Join(Bucket, "pool"), "*.json", SearchOption.AllDirectories).Count(f => !f.Contains("/aside/", StringComparison.Ordinal))
        : 0;

    Running Start() => Running.Start(["run", "--config", _temp.Combine("datalogger.json"), "--data", _temp.Combine("data"), "--port", "0"]);

    static async Task<string> AddressAsync(Running run) => (await run.WaitForLineAsync(@"^Serving (http://\S+) ")).Groups[1].Value;

    // Line protocol: n readings of 'pool', a minute apart, ending a minute ago.
    static string Lines(int n)
    {
        var end = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60 * 60 - 60;
        var text = new StringBuilder();
        for (var i = 0; i < n; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"pool temperature={20 + (i % 100) / 16.0} {end - (60L * i)}\n");
        }

        return text.ToString();
    }

    static Task<HttpResponseMessage> PostAsync(HttpClient http, string address, string body, string token = Token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, address + "api/v2/write?precision=s") { Content = new StringContent(body, Encoding.UTF8, "text/plain") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", token);
        return http.SendAsync(request);
    }

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task Stopped_while_a_large_request_is_stored_it_finishes_the_request_whole_says_Stopped_and_exits_0(string signal)
    {
        using var run = Start();
        var address = await AddressAsync(run);
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        var posting = PostAsync(http, address, Lines(3000));
        await WaitUntil(() => Stored() > 0, run, "the request's first readings stored");

        using (var kill = System.Diagnostics.Process.Start("kill", [$"-{signal}", run.Pid.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var response = await posting;
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(0, await run.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(3000, Stored());
        Assert.Contains(run.Output, l => l.StartsWith("Stopped:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task One_request_of_6898_readings_is_stored_whole_and_makes_one_site_update()
    {
        using var run = Start();
        var address = await AddressAsync(run);
        await run.WaitForLineAsync("Site updated"); // the empty page at the start
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        using var response = await PostAsync(http, address, Lines(6898));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(6898, Stored());
        await run.WaitForLineAsync(@"Site updated .*: 1,?4\d\d readings"); // the 24 hours of them, drawn once
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(2, run.Output.Count(l => l.Contains("Site updated", StringComparison.Ordinal)));
        await run.InterruptAsync();
    }

    [Fact]
    public async Task Wrong_tokens_at_speed_are_refused_429_for_the_rest_of_the_minute_even_with_the_right_one_then()
    {
        using var run = Start();
        var address = await AddressAsync(run);
        using var http = new HttpClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 30; i++)
        {
            using var response = await PostAsync(http, address, Lines(1), token: $"guess-{i:D4}-0000000000000000");
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal(20, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        using var right = await PostAsync(http, address, Lines(1));
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.Equal("60", right.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(0, Stored());
        await run.InterruptAsync();
    }

    [Fact]
    public async Task A_full_data_folder_answers_503_with_Retry_After_and_one_line_and_takes_them_when_it_has_room()
    {
        Assert.True(Environment.UserName == "root", "the disk tests mount a tmpfs: run them as root (as CI does)");
        await using var disk = await SmallDisk.MountAsync(Bucket, kilobytes: 2048);
        using var run = Start();
        var address = await AddressAsync(run);
        using var http = new HttpClient();
        await disk.FillAsync();
        for (var i = 0; i < 3; i++)
        {
            using var refused = await PostAsync(http, address, Lines(5));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(60), refused.Headers.RetryAfter?.Delta);
        }

        Assert.Single(run.Output, l => l.Contains("The data folder takes no reading", StringComparison.Ordinal));
        disk.Free();
        using var stored = await PostAsync(http, address, Lines(5));
        Assert.Equal(HttpStatusCode.NoContent, stored.StatusCode);
        Assert.Equal(5, Stored());
        await run.InterruptAsync();
        Assert.DoesNotContain(run.Output, l => l.Contains("   at ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_malformed_chunked_body_is_400_and_one_line_with_no_trace()
    {
        using var run = Start();
        var uri = new Uri(await AddressAsync(run));
        using var client = new TcpClient();
        await client.ConnectAsync(uri.Host, uri.Port);
        await using var stream = client.GetStream();
        var request = $"POST /api/v2/write?precision=s HTTP/1.1\r\nHost: {uri.Authority}\r\nAuthorization: Token {Token}\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n" +
            "1a\r\npool temperature=21.5 1796292000\r\nZZ\r\nnot a chunk\r\n0\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var status = await reader.ReadLineAsync();
        Assert.StartsWith("HTTP/1.1 400", status, StringComparison.Ordinal);
        await Task.Delay(500);
        await run.InterruptAsync();
        Assert.DoesNotContain(run.Output, l => l.Contains("   at ", StringComparison.Ordinal) || l.Contains("Exception", StringComparison.Ordinal));
        Assert.Equal(0, Stored());
    }

    [Fact]
    public async Task A_device_writing_the_series_of_this_machines_probe_is_refused_at_the_start_in_one_line()
    {
        // Its clock a little ahead, it would take the keys of the probe's next readings and push them aside.
        var config = _temp.Combine("both.json");
        await File.WriteAllTextAsync(config, $$"""
            {
              "sensor": "simulated", "series": "pool",
              "ingest": { "devices": [ { "name": "esp", "token": "{{Token}}", "series": "pool" } ] }
            }
            """);
        var (exit, output, error) = await Executable.RunAsync(["run", "--config", config, "--data", _temp.Combine("data"), "--port", "0"]);
        Assert.Equal(2, exit);
        Assert.Equal($"error: \"ingest\" in {config}: the device 'esp' writes 'pool', which this machine's probe (simulated pool) writes too: a series takes readings from one place. Give the device a series of its own, or set \"sensor\": \"none\" to take 'pool' from devices only.", error.Trim());
        Assert.Equal(0, Stored());
        Assert.DoesNotContain("Serving", output);
    }

    static async Task WaitUntil(Func<bool> condition, Running run, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}. Its output:\n{run}");
            await Task.Delay(20);
        }
    }
}
