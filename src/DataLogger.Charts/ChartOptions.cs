namespace DataLogger.Charts;

/// <summary>How a chart is drawn.</summary>
public sealed record ChartOptions
{
    /// <summary>The width in CSS pixels; the image is <see cref="Width"/> × <see cref="Scale"/> pixels wide.</summary>
    public int Width { get; init; } = 1000;

    /// <summary>The height in CSS pixels.</summary>
    public int Height { get; init; } = 500;

    /// <summary>Pixels per CSS pixel: 2 or 3 for high-DPI phones.</summary>
    public float Scale { get; init; } = 1f;

    /// <summary>The seed of the hand-drawn wobble: the same data and seed give the same picture.</summary>
    public uint Seed { get; init; }

    /// <summary>The label of the left (Celsius) axis.</summary>
    public string CelsiusLabel { get; init; } = "temperature (°C)";

    /// <summary>The label of the right (Fahrenheit) axis.</summary>
    public string FahrenheitLabel { get; init; } = "(°F)";

    /// <summary>The label of the time axis.</summary>
    public string TimeLabel { get; init; } = "time";

    /// <summary>The colour of the data line, as <c>#rrggbb</c> (matplotlib's tab:blue by default).</summary>
    public string LineColor { get; init; } = "#1f77b4";

    /// <summary>Checks the options, with a message that says what is allowed.</summary>
    /// <exception cref="ArgumentException">A size or scale is out of range.</exception>
    public ChartOptions Validate()
    {
        if (Width is < 200 or > 8000 || Height is < 120 or > 8000)
        {
            throw new ArgumentException($"The chart size {Width}x{Height} is out of range: use 200 to 8000 wide and 120 to 8000 high.");
        }

        if (!(Scale is >= 0.25f and <= 8f) || Width * Scale * Height * Scale > 64_000_000)
        {
            throw new ArgumentException($"The chart scale {Scale} is out of range: use 0.25 to 8, at most 64 megapixels in all.");
        }

        return this;
    }
}
