using System.Net.Sockets;
using System.Text;
using DataLogger.Cli.Hosting;
using DataLogger.Testing;
using Microsoft.AspNetCore.Builder;

namespace DataLogger.Cli.Tests;

/// <summary>The web server serves the site folder and nothing else.</summary>
public sealed class SiteServerTests : IAsyncLifetime, IDisposable
{
    const string Secret = "the secret outside the site";
    readonly TempDirectory _temp = new();
    WebApplication? _app;
    Uri _base = null!;

    public async Task InitializeAsync()
    {
        var site = _temp.Combine("site");
        Directory.CreateDirectory(Path.Join(site, "sub"));
        await File.WriteAllTextAsync(Path.Join(site, "index.html"), "<!doctype html><title>pool</title>");
        await File.WriteAllBytesAsync(Path.Join(site, "chart-24h.png"), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        await File.WriteAllTextAsync(Path.Join(site, "latest.json"), "{}");
        await File.WriteAllTextAsync(Path.Join(site, "humor-sans.ttf"), "font");
        await File.WriteAllTextAsync(Path.Join(site, "sub", "notes.txt"), "in a sub folder");
        await File.WriteAllTextAsync(Path.Join(site, ".index.html.0123.tmp"), "half written");
        await File.WriteAllTextAsync(_temp.Combine("secret.txt"), Secret);
        File.CreateSymbolicLink(Path.Join(site, "linked.txt"), _temp.Combine("secret.txt"));
        Directory.CreateDirectory(_temp.Combine("outside"));
        await File.WriteAllTextAsync(_temp.Combine("outside", "index.html"), Secret);
        Directory.CreateSymbolicLink(Path.Join(site, "linked"), _temp.Combine("outside"));
        Directory.CreateDirectory(_temp.Combine("bucket"));
        await File.WriteAllTextAsync(_temp.Combine("bucket", "reading.json"), Secret);

        _app = SiteServer.Create(site, "127.0.0.1", 0, _ => { });
        await _app.StartAsync();
        _base = new Uri(SiteServer.Address(_app));
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    public void Dispose() => _temp.Dispose();

    // Sends the request line exactly as written: HttpClient would normalise "/../" away before it left.
    async Task<(int Status, string Headers, string Body)> RawGetAsync(string target)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(_base.Host, _base.Port);
        await using var stream = client.GetStream();
        var request = Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: {_base.Authority}\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(request);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync();
        var split = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = split < 0 ? response : response[..split];
        var status = int.Parse(head.Split(' ')[1]);
        return (status, head, split < 0 ? string.Empty : response[(split + 4)..]);
    }

    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/index.html", "text/html")]
    [InlineData("/chart-24h.png", "image/png")]
    [InlineData("/latest.json", "application/json")]
    [InlineData("/humor-sans.ttf", "font/ttf")]
    public async Task Serves_the_site_with_the_right_content_type_and_a_short_cache(string path, string type)
    {
        var (status, headers, _) = await RawGetAsync(path);
        Assert.Equal(200, status);
        Assert.Contains($"Content-Type: {type}", headers, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Cache-Control: no-cache", headers, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("X-Content-Type-Options: nosniff", headers, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/../secret.txt")]
    [InlineData("/../../secret.txt")]
    [InlineData("/%2e%2e/secret.txt")]
    [InlineData("/%2E%2E%2Fsecret.txt")]
    [InlineData("/..%2fsecret.txt")]
    [InlineData("/..%5csecret.txt")]
    [InlineData("/%2e%2e%5csecret.txt")]
    [InlineData("/sub/../../secret.txt")]
    [InlineData("/sub/%2e%2e/%2e%2e/secret.txt")]
    [InlineData("/../bucket/reading.json")]
    [InlineData("/%252e%252e/secret.txt")]
    [InlineData("//secret.txt")]
    [InlineData("/linked.txt")]
    [InlineData("/linked/index.html")]
    [InlineData("/linked/")]
    public async Task Traversal_attempts_get_404_and_read_nothing_outside(string target)
    {
        var (status, _, body) = await RawGetAsync(target);
        Assert.Equal(404, status);
        Assert.DoesNotContain(Secret, body);
    }

    [Theory]
    [InlineData("/sub/")]
    [InlineData("/sub")]
    [InlineData("/.index.html.0123.tmp")]
    [InlineData("/nothing.html")]
    public async Task No_directory_listing_no_hidden_files_no_guessing(string target)
    {
        var (status, _, body) = await RawGetAsync(target);
        Assert.Equal(404, status);
        Assert.DoesNotContain("notes.txt", body);
        Assert.DoesNotContain("half written", body);
    }

    [Fact]
    public async Task Before_the_first_page_is_drawn_the_server_says_so_and_reloads_never_a_404()
    {
        var empty = _temp.Combine("empty-site");
        Directory.CreateDirectory(empty);
        await using var app = SiteServer.Create(empty, "127.0.0.1", 0, _ => { });
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(SiteServer.Address(app)) };
        foreach (var path in new[] { "/", "/index.html", "/pool/" })
        {
            using var response = await http.GetAsync(path);
            Assert.Equal(200, (int)response.StatusCode);
            var page = await response.Content.ReadAsStringAsync();
            Assert.Contains("<h1>Drawing the first chart…</h1>", page, StringComparison.Ordinal);
            Assert.Contains("http-equiv=\"refresh\"", page, StringComparison.Ordinal);
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        }

        // The page drawn: it is served, and what is not there is a 404 again.
        await File.WriteAllTextAsync(Path.Join(empty, "index.html"), "<!doctype html><title>pool</title>");
        Assert.Equal("<!doctype html><title>pool</title>", await http.GetStringAsync("/"));
        Assert.Equal(404, (int)(await http.GetAsync("/nothing.html")).StatusCode);
        await app.StopAsync();
    }
}
