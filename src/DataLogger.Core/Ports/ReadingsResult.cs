using DataLogger.Readings;

namespace DataLogger.Ports;

/// <summary>The answer to a readings query.</summary>
/// <param name="Readings">The readings, ordered by time.</param>
/// <param name="Malformed">How many objects in the queried partitions were skipped because they are not valid readings.</param>
public sealed record ReadingsResult(IReadOnlyList<Reading> Readings, int Malformed);
