using DataLogger.Time;

namespace DataLogger.Query;

/// <summary>
/// What a query of readings is for: a series and a time window. The window's bounds travel as the query's parameters
/// (Athena keeps them with the execution) and the series as the literal its partition projection needs, so
/// <see cref="ReadingsQuery.TryRead"/> tells exactly which series and window an Athena result holds.
/// </summary>
/// <param name="Series">The series.</param>
/// <param name="Window">The window.</param>
public sealed record ReadingsRequest(string Series, TimeWindow Window)
{
    /// <summary>The parameters of the queries for this request, in the order their <c>?</c> stand: the window's start and end in Unix seconds.</summary>
    public IReadOnlyList<object> Parameters => [Window.StartUnixSeconds, Window.EndUnixSeconds];
}

/// <summary>
/// What one readings query asked for: the series (one, or several that arrived together) and the window they share;
/// <see cref="ReadingsQuery.TryRead"/> reads it back from an execution.
/// </summary>
/// <param name="Series">The series, in the query's order.</param>
/// <param name="Window">The window.</param>
public sealed record ReadingsBatch(IReadOnlyList<string> Series, TimeWindow Window);
