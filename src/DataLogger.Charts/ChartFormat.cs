namespace DataLogger.Charts;

/// <summary>The file format of a rendered chart.</summary>
public enum ChartFormat
{
    /// <summary>A PNG image.</summary>
    Png,

    /// <summary>An SVG image, text drawn as outlines so it needs no font.</summary>
    Svg,
}
