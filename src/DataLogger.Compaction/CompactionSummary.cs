using System.Globalization;

namespace DataLogger.Compaction;

/// <summary>What a compaction run of one series did.</summary>
/// <param name="Series">The series.</param>
public sealed record CompactionSummary(string Series)
{
    /// <summary>The days whose Parquet object was written.</summary>
    public int Days { get; init; }

    /// <summary>The JSON objects merged (and deleted).</summary>
    public int Merged { get; init; }

    /// <summary>The readings the written days hold in all.</summary>
    public int Readings { get; init; }

    /// <summary>The JSON objects left as they are: not plainly a reading of their key.</summary>
    public int Left { get; init; }

    /// <summary>The days not started for lack of time (the next run does them).</summary>
    public int Postponed { get; init; }

    /// <summary>The objects kept aside, not merged: their day holds a different reading at their time.</summary>
    public int Aside { get; init; }

    /// <summary>The days moved from an older layout into this one (the local folder's <c>day.parquet</c> files of earlier versions).</summary>
    public int Moved { get; init; }

    /// <summary>This summary with <paramref name="other"/>'s counts added.</summary>
    public CompactionSummary Add(CompactionSummary other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return this with
        {
            Days = Days + other.Days,
            Merged = Merged + other.Merged,
            Readings = Readings + other.Readings,
            Left = Left + other.Left,
            Postponed = Postponed + other.Postponed,
            Moved = Moved + other.Moved,
            Aside = Aside + other.Aside,
        };
    }

    /// <summary>One line for the log: <c>pool: 2 days written (290 readings merged, 576 in those days), 1 object left as it is</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Series}: {(Days == 0 ? "nothing to merge" : $"{Days:N0} day{(Days == 1 ? "" : "s")} written ({Merged:N0} readings merged, {Readings:N0} in those days)")}")
        + (Left > 0 ? string.Create(CultureInfo.InvariantCulture, $", {Left:N0} object{(Left == 1 ? "" : "s")} left as {(Left == 1 ? "it is" : "they are")} (not a plain reading of its key)") : string.Empty)
        + (Aside > 0 ? string.Create(CultureInfo.InvariantCulture, $", {Aside:N0} reading{(Aside == 1 ? "" : "s")} kept aside (their day holds another reading at their time: was the clock set back?)") : string.Empty)
        + (Moved > 0 ? string.Create(CultureInfo.InvariantCulture, $", {Moved:N0} day{(Moved == 1 ? "" : "s")} moved from the old layout") : string.Empty)
        + (Postponed > 0 ? string.Create(CultureInfo.InvariantCulture, $", {Postponed:N0} day{(Postponed == 1 ? "" : "s")} left for the next run (out of time)") : string.Empty);
}
