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

    /// <summary>Whether a pixel within <paramref name="radius"/> of (x, y) is close to <paramref name="colour"/>.</summary>
    public bool HasColourNear(int x, int y, SKColor colour, int radius = 3)
    {
        for (var dx = -radius; dx <= radius; dx++)
        {
            for (var dy = -radius; dy <= radius; dy++)
            {
                var (px, py) = (x + dx, y + dy);
                if (px >= 0 && py >= 0 && px < Width && py < Height && _bitmap.GetPixel(px, py) is var c
                    && Math.Abs(c.Red - colour.Red) < 24 && Math.Abs(c.Green - colour.Green) < 24 && Math.Abs(c.Blue - colour.Blue) < 24)
                {
                    return true;
                }
            }
        }

        return false;
    }

    public void Dispose() => _bitmap.Dispose();
}
