namespace DataLogger.Compaction;

/// <summary>How far a compaction run is: days done (written, unchanged or postponed) of the days it found.</summary>
/// <param name="Done">The days done so far.</param>
/// <param name="Days">The days the run found to look at.</param>
public readonly record struct CompactionProgress(int Done, int Days);
