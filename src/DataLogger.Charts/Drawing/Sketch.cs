using SkiaSharp;

namespace DataLogger.Charts.Drawing;

/// <summary>
/// A port of matplotlib's sketch path filter (<c>path_converters.h</c>, class <c>Sketch</c>), which gives
/// <c>plt.xkcd()</c> its hand-drawn lines: the polyline is cut into steps of about one pixel, and each point is
/// pushed sideways, along the normal of its segment, by a sine wave whose phase advances at a random rate.
/// </summary>
/// <remarks>
/// The random numbers come from the same linear congruential generator matplotlib uses, seeded per path, so the
/// same input always gives the same picture. The wave advances at every step, but only every fourth point (and the
/// end of each segment) goes into the path: the wave is 70 to 280 pixels long, so the points left out lie within
/// 0.02 pixels of the straight line between those kept, and the stroke has a quarter of the edges to fill.
/// </remarks>
/// <param name="Scale">The amplitude of the wiggle, in pixels (matplotlib's <c>scale</c>).</param>
/// <param name="Length">The base wavelength of the wiggle along the line, in pixels (matplotlib's <c>length</c>).</param>
/// <param name="Randomness">How much the wavelength randomly shrinks and stretches (matplotlib's <c>randomness</c>).</param>
readonly record struct Sketch(double Scale, double Length, double Randomness)
{
    /// <summary>matplotlib's <c>plt.xkcd()</c> defaults: scale 1, length 100, randomness 2.</summary>
    public static Sketch Xkcd(double pixelsPerPoint) => new(1.0 * pixelsPerPoint, 100.0 * pixelsPerPoint, 2.0);

    /// <summary>Sketches the polyline <paramref name="points"/> into <paramref name="path"/> as one open contour.</summary>
    public void AddPolyline(SKPathBuilder path, ReadOnlySpan<SKPoint> points, uint seed)
    {
        if (points.Length == 0)
        {
            return;
        }

        var random = new Lcg(seed);
        var phaseScale = 2.0 * Math.PI / (Length * Randomness);
        var logRandomness = 2.0 * Math.Log(Randomness);
        double phase = 0;
        var skipped = 0;
        double lastX = points[0].X, lastY = points[0].Y;
        path.MoveTo(points[0]);
        for (var i = 1; i < points.Length; i++)
        {
            // matplotlib's conv_segmentator: steps of about one pixel along each segment.
            double ax = points[i - 1].X, ay = points[i - 1].Y, bx = points[i].X, by = points[i].Y;
            var segment = Math.Sqrt(((bx - ax) * (bx - ax)) + ((by - ay) * (by - ay)));
            var steps = Math.Max(1, (int)segment);
            for (var k = 1; k <= steps; k++)
            {
                var x = ax + ((bx - ax) * k / steps);
                var y = ay + ((by - ay) * k / steps);
                phase += Math.Exp(random.NextDouble() * logRandomness);
                var den = lastX - x;
                var num = lastY - y;
                var length = Math.Sqrt((num * num) + (den * den));
                lastX = x;
                lastY = y;
                if (length != 0)
                {
                    var r = Math.Sin(phase * phaseScale) * Scale;
                    x += r / length * num;
                    y -= r / length * den;
                }

                if (k == steps || ++skipped == Stride)
                {
                    path.LineTo((float)x, (float)y);
                    skipped = 0;
                }
            }
        }
    }

    // Every how many steps a point goes into the path.
    const int Stride = 4;

    /// <summary>The generator matplotlib's sketch uses (Microsoft's LCG constants), so the wobble matches its character.</summary>
    struct Lcg(uint seed)
    {
        uint _state = seed;

        public double NextDouble()
        {
            _state = unchecked((214013u * _state) + 2531011u);
            return _state / 4294967296.0;
        }
    }
}
