using DataLogger.Charts.Drawing;
using SkiaSharp;

namespace DataLogger.Charts.Tests;

public sealed class PngWriterTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(37, 5)] // a row that is no multiple of the vector width
    [InlineData(640, 48)]
    public void Decodes_to_exactly_the_pixels_written(int width, int height)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var random = new Random(width * height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                // Noise, flat runs and gradients, so every filter and compression path is taken.
                bitmap.SetPixel(x, y, (x / 7 % 3) switch
                {
                    0 => new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)),
                    1 => SKColors.White,
                    _ => new SKColor((byte)x, (byte)y, (byte)(x + y)),
                });
            }
        }

        using var pixels = bitmap.PeekPixels();
        var png = PngWriter.Encode(pixels);

        using var decoded = SKBitmap.Decode(png);
        Assert.NotNull(decoded);
        Assert.Equal((width, height), (decoded.Width, decoded.Height));
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                Assert.Equal(bitmap.GetPixel(x, y), decoded.GetPixel(x, y));
            }
        }
    }

    [Fact]
    public void Writes_an_rgb_png_with_its_header_first()
    {
        using var bitmap = new SKBitmap(new SKImageInfo(3, 2, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using var pixels = bitmap.PeekPixels();
        var png = PngWriter.Encode(pixels);

        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], png[..8]);
        Assert.Equal("IHDR"u8.ToArray(), png[12..16]);
        Assert.Equal(2, png[25]); // colour type RGB
        Assert.Equal("IEND"u8.ToArray(), png[^8..^4]);
    }
}
