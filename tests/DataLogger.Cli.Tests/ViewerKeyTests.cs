using System.Diagnostics;
using System.Net;
using System.Text.Json;
using DataLogger.Testing;

namespace DataLogger.Cli.Tests;

/// <summary>
/// The optional viewer key, through the real executable: without it the page, its data files, its CSVs and the metrics
/// answer 403 with what to open; <c>?key=</c> once sets a cookie and redirects to the address without it; the cookie
/// lets everything in after; a device's endpoint keeps its token and never asks for the key. Then in headless Chromium
/// at phone size: a stranger is refused, the phone that opened the link sees the chart and the page's own fetches work.
/// </summary>
public sealed class ViewerKeyTests : IDisposable
{
    const string Key = "pool-2026-f3a9c1";
    const string Token = "0123456789abcdef";
    readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task With_a_viewer_key_the_page_its_files_and_csvs_need_it_once_then_a_cookie_and_devices_keep_their_tokens()
    {
        File.WriteAllText(_temp.Combine("datalogger.json"), $$"""
            { "sensor": "simulated", "series": "pool", "viewerKey": "{{Key}}",
              "ingest": { "devices": [ { "name": "esp", "token": "{{Token}}", "series": "spa" } ] } }
            """);
        using var run = Running.Start(["run", "--data", _temp.Combine("data"), "--port", "0", "--backfill", "2h"], workingDirectory: _temp.Path);
        var address = (await run.WaitForLineAsync(@"^Serving (http://\S+) ")).Groups[1].Value;
        await run.WaitForLineAsync("viewer key");
        Assert.Contains($"The page asks for its viewer key: open {address}?key={Key} once; a cookie keeps it on that browser.", run.ToString(), StringComparison.Ordinal);
        await run.WaitForLineAsync("Site updated");

        using var stranger = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(address) };
        foreach (var path in new[] { "", "pool/", "pool/7d.html", "latest.json", "pool/data-24h.json", "pool/data-24h.csv", "pool/chart-24h.png", "metrics", "?key=not-the-key-at-all" })
        {
            using var refused = await stranger.GetAsync(path);
            Assert.True(refused.StatusCode == HttpStatusCode.Forbidden, $"/{path} answered {(int)refused.StatusCode}");
            Assert.Contains("This page needs its key", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var opened = await stranger.GetAsync($"pool/7d.html?key={Key}");
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.Equal("/pool/7d.html", opened.Headers.Location?.OriginalString);
        var cookie = Assert.Single(opened.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith($"datalogger_key={Key};", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);

        var cookies = new CookieContainer();
        using var phone = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = new Uri(address) };
        using (var first = await phone.GetAsync($"?key={Key}"))
        {
            Assert.Equal((HttpStatusCode.OK, "/"), (first.StatusCode, first.RequestMessage!.RequestUri!.AbsolutePath));
            Assert.Contains("<title>", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        foreach (var path in new[] { "", "latest.json", "pool/", "pool/data-24h.csv", "pool/chart-24h.png", "metrics" })
        {
            using var kept = await phone.GetAsync(path);
            Assert.True(kept.StatusCode == HttpStatusCode.OK, $"/{path} with the cookie answered {(int)kept.StatusCode}");
        }

        // Prometheus sends no cookie: its scrape config's params carry the key.
        Assert.Equal(HttpStatusCode.OK, (await stranger.GetAsync($"metrics?key={Key}")).StatusCode);

        // A device: its token, no key, no cookie.
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var reading = new StringContent($$"""{"timestamp": {{now}}, "celsius": 31.5}""", System.Text.Encoding.UTF8, "application/json");
        using var post = new HttpRequestMessage(HttpMethod.Post, "api/readings") { Content = reading };
        post.Headers.Authorization = new("Bearer", Token);
        Assert.Equal(HttpStatusCode.NoContent, (await stranger.SendAsync(post)).StatusCode);
        Assert.Single(Directory.GetFiles(_temp.Combine("data", "bucket", "spa"), "*.json", SearchOption.AllDirectories));

        var browser = await InChromiumAsync(address);
        Assert.Equal(403, browser.GetProperty("strangerStatus").GetInt32());
        Assert.Equal("This page needs its key", browser.GetProperty("strangerHeading").GetString());
        Assert.Equal(address, browser.GetProperty("phoneUrl").GetString()); // the key gone from the address bar
        Assert.True(browser.GetProperty("chartWidth").GetInt32() > 0, browser.ToString());
        Assert.Equal(200, browser.GetProperty("dataStatus").GetInt32());
        Assert.Equal(200, browser.GetProperty("csvStatus").GetInt32());
        Assert.Equal(200, browser.GetProperty("weekStatus").GetInt32());
        Assert.Equal(0, await run.InterruptAsync());
    }

    async Task<JsonElement> InChromiumAsync(string address)
    {
        var script = _temp.Combine("key.js");
        await File.WriteAllTextAsync(script, """
            const { chromium } = require('playwright-core');
            (async () => {
              const [base, key] = process.argv.slice(2);
              const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
              try {
                const out = {};
                const stranger = await (await browser.newContext()).newPage();
                out.strangerStatus = (await stranger.goto(base)).status();
                out.strangerHeading = await stranger.textContent('h1');
                const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, hasTouch: true });
                const page = await context.newPage();
                await page.goto(base + '?key=' + key, { waitUntil: 'load' });
                out.phoneUrl = page.url();
                await page.goto(base + 'pool/', { waitUntil: 'load' });
                out.chartWidth = await page.evaluate(() => Math.max(0, ...[...document.images].map(i => i.naturalWidth)));
                out.dataStatus = await page.evaluate(async () => (await fetch('data-24h.json')).status);
                out.csvStatus = await page.evaluate(async () => (await fetch('data-24h.csv')).status);
                out.weekStatus = (await page.goto(base + 'pool/7d.html')).status();
                console.log(JSON.stringify(out));
              } finally {
                await browser.close();
              }
            })().catch(e => { console.error(e); process.exit(1); });
            """);
        return await Browser.RunAsync(script, [address, Key]);
    }
}
