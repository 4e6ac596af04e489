namespace DataLogger.Readings;

/// <summary>The readings of one time bucket (an hour, a day) summed up: what the longer views draw as a band and a line.</summary>
/// <param name="Start">The bucket's start, Unix seconds (UTC).</param>
/// <param name="Min">The lowest reading in °C.</param>
/// <param name="Mean">The mean in °C.</param>
/// <param name="Max">The highest reading in °C.</param>
/// <param name="Count">How many readings the bucket holds.</param>
public sealed record ReadingBand(long Start, double Min, double Mean, double Max, int Count)
{
    /// <summary>The bucket's start as an instant.</summary>
    public DateTimeOffset Time => DateTimeOffset.FromUnixTimeSeconds(Start);
}
