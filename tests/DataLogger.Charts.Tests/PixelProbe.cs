using SkiaSharp;

namespace DataLogger.Charts.Tests;

/// <summary>Looks at a rendered PNG: where the data line's colour is.</summary>
sealed class PixelProbe : IDisposable
{
    readonly SKBitmap _bitmap;

    public PixelProbe(byte[] png) => _bitmap = SKBitmap.Decode(png) ?? throw new InvalidOperationException("not a PNG");

    public int Width => _bitmap.Width;

    public int Height => _bitmap.Height;

    /// <summary>Whether any pixel in columns [x0, x1) is close to the line colour (matplotlib's tab:blue).</summary>
    public bool HasLineColour(int x0, int x1) => CountLineColour(x0, x1) > 0;

    public int CountLineColour(int x0, int x1)
    {
        var count = 0;
        for (var x = Math.Max(0, x0); x < Math.Min(x1, Width); x++)
        {
            for (var y = 0; y < Height; y++)
            {
                var c = _bitmap.GetPixel(x, y);
                if (Math.Abs(c.Red - 0x1f) < 40 && Math.Abs(c.Green - 0x77) < 40 && Math.Abs(c.Blue - 0xb4) < 40)
                {
                    count++;
                }
            }
        }

        return count;
    }

    public void Dispose() => _bitmap.Dispose();
}
