using System.Text.RegularExpressions;

namespace DataLogger.Bench;

/// <summary>
/// The floor of each figure <see cref="CompareBenchmark"/> measures: the least a NativeAOT process on this machine does
/// the same job in, each a small program built once into the work folder, with the packages' versions the project uses
/// (read from <c>Directory.Packages.props</c>): <c>hello</c> prints a line; <c>png</c> writes a blank 1000x500 picture
/// as the chart's PNG is written (SkiaSharp's surface, RGB rows with the up filter, zlib at level 3), drawing nothing;
/// <c>put</c> sends one SigV4-signed PUT of a file on a raw socket and reads the status line.
/// </summary>
static partial class Floors
{
    /// <summary>Builds (once) the floors into <paramref name="work"/>; returns each executable.</summary>
    public static async Task<(string Hello, string Png, string Put)> BuildAsync(string work, string root)
    {
        var versions = PackageVersionLine().Matches(await File.ReadAllTextAsync(Path.Join(root, "Directory.Packages.props")))
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);
        string Reference(string package) => $"""<PackageReference Include="{package}" Version="{versions[package]}" />""";
        return (
            await FloorAsync(work, "hello", "", Hello),
            await FloorAsync(work, "png", Reference("SkiaSharp") + Reference("SkiaSharp.NativeAssets.Linux.NoDependencies") + Reference("System.IO.Hashing"), Png),
            await FloorAsync(work, "put", "", Put));
    }

    static async Task<string> FloorAsync(string work, string name, string references, string program)
    {
        var folder = Path.Join(work, "floor-" + name);
        var executable = Path.Join(folder, "out", name);
        if (File.Exists(executable))
        {
            return executable;
        }

        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Join(folder, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><PublishAot>true</PublishAot><InvariantGlobalization>true</InvariantGlobalization><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
              <ItemGroup>{references}</ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Join(folder, "Program.cs"), program);
        var (exit, output) = await ProcessRunner.RunAsync("dotnet", ["publish", Path.Join(folder, name + ".csproj"), "-c", "Release", "-r", "linux-x64", "-o", Path.Join(folder, "out")]);
        return exit == 0 ? executable : throw new InvalidOperationException($"the {name} floor did not build: {output}");
    }

    [GeneratedRegex("""<PackageVersion Include="([^"]+)" Version="([^"]+)" />""")]
    private static partial Regex PackageVersionLine();

    const string Hello = """
        System.Console.WriteLine("0.26.0+0000000000000000000000000000000000000000");
        """;

    const string Png = """
        using System.Buffers.Binary;
        using System.IO.Compression;
        using System.IO.Hashing;
        using SkiaSharp;

        const int Width = 1000, Height = 500;
        using var surface = SKSurface.Create(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        surface.Canvas.Clear(SKColors.White);
        using var image = surface.Snapshot();
        using var pixels = image.PeekPixels();
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, Width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), Height);
        header[8] = 8;
        header[9] = 2;
        Chunk("IHDR"u8, header);
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, new ZLibCompressionOptions { CompressionLevel = 3 }, leaveOpen: true))
        {
            var (previous, current, row) = (new byte[Width * 3], new byte[Width * 3], new byte[(Width * 3) + 1]);
            row[0] = 2;
            var source = pixels.GetPixelSpan();
            for (var y = 0; y < Height; y++)
            {
                for (int x = 0, i = y * pixels.RowBytes; x < Width; x++, i += 4)
                {
                    current[x * 3] = source[i];
                    current[(x * 3) + 1] = source[i + 1];
                    current[(x * 3) + 2] = source[i + 2];
                }

                for (var x = 0; x < current.Length; x++)
                {
                    row[x + 1] = (byte)(current[x] - previous[x]);
                }

                zlib.Write(row);
                (previous, current) = (current, previous);
            }
        }

        Chunk("IDAT"u8, compressed.ToArray());
        Chunk("IEND"u8, []);
        File.WriteAllBytes(args[0], png.ToArray());

        void Chunk(ReadOnlySpan<byte> type, byte[] data)
        {
            var word = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
            png.Write(word);
            png.Write(type);
            png.Write(data);
            var crc = new Crc32();
            crc.Append(type);
            crc.Append(data);
            BinaryPrimitives.WriteUInt32BigEndian(word, crc.GetCurrentHashAsUInt32());
            png.Write(word);
        }
        """;

    // args: endpoint (http://host:port/), bucket, key, file; the credentials from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.
    const string Put = """
        using System.Net.Sockets;
        using System.Security.Cryptography;
        using System.Text;

        var endpoint = new Uri(args[0]);
        var body = File.ReadAllBytes(args[3]);
        var (access, secret, region) = (Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID")!, Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY")!, "us-east-1");
        var now = DateTime.UtcNow;
        var (time, date) = (now.ToString("yyyyMMdd'T'HHmmss'Z'"), now.ToString("yyyyMMdd"));
        var (path, host) = ($"/{args[1]}/{args[2]}", $"{endpoint.Host}:{endpoint.Port}");
        var payload = Convert.ToHexStringLower(SHA256.HashData(body));
        var canonical = $"PUT\n{path}\n\nhost:{host}\nx-amz-content-sha256:{payload}\nx-amz-date:{time}\n\nhost;x-amz-content-sha256;x-amz-date\n{payload}";
        var scope = $"{date}/{region}/s3/aws4_request";
        var toSign = $"AWS4-HMAC-SHA256\n{time}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var key = Encoding.UTF8.GetBytes("AWS4" + secret);
        foreach (var part in new[] { date, region, "s3", "aws4_request" })
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }

        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(toSign)));
        var request = $"PUT {path} HTTP/1.1\r\nHost: {host}\r\nx-amz-date: {time}\r\nx-amz-content-sha256: {payload}\r\n"
            + $"Authorization: AWS4-HMAC-SHA256 Credential={access}/{scope}, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature={signature}\r\n"
            + $"Content-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        socket.Connect(endpoint.Host, endpoint.Port);
        socket.Send([.. Encoding.ASCII.GetBytes(request), .. body]);
        var answer = new byte[4096];
        var status = Encoding.ASCII.GetString(answer, 0, socket.Receive(answer)).Split("\r\n")[0];
        if (!status.Contains(" 200 ", StringComparison.Ordinal))
        {
            Console.Error.WriteLine(status);
            return 1;
        }

        return 0;
        """;
}
