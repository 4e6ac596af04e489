using DataLogger.Readings;

namespace DataLogger.Ingest;

/// <summary>
/// What a request gave: the readings to store, each with its series; the temperatures left out as no reading, each with
/// why (<see cref="Skipped"/>: out of range, in the future, a series this site lacks, a second one for a series and
/// second); and the points that are no readings for this site (<see cref="Ignored"/>: not a temperature, a chip's
/// limit, a temperature the device's map sends nowhere while others are stored).
/// </summary>
/// <param name="Readings">The readings, each with its series.</param>
/// <param name="Skipped">Each temperature left out (the point as line protocol writes its head, and why).</param>
/// <param name="Ignored">Each point that is no reading for this site (the point, and why).</param>
public sealed record IngestBatch(
    IReadOnlyList<(string Series, Reading Reading)> Readings,
    IReadOnlyList<(string Point, string Why)> Skipped,
    IReadOnlyList<(string Point, string Why)> Ignored)
{
    /// <summary>A batch of these readings and nothing left out.</summary>
    public static IngestBatch Of(IReadOnlyList<(string Series, Reading Reading)> readings) => new(readings, [], []);

    /// <summary>
    /// The line that answers a request whose temperatures were partly left out, as InfluxDB words it (<c>partial write:
    /// … dropped=2</c>, a line Telegraf knows not to send again), naming the first three; null when none was.
    /// </summary>
    public string? PartialWrite => Skipped.Count == 0
        ? null
        : $"partial write: {string.Join("; ", Skipped.Take(3).Select(s => $"{s.Point}: {s.Why}"))}{(Skipped.Count > 3 ? $"; and {Skipped.Count - 3} more" : string.Empty)} dropped={Skipped.Count}";
}
