namespace DataLogger.Query.Athena;

/// <summary>What Athena says of a query (GetQueryExecution).</summary>
/// <param name="Id">The query execution id.</param>
/// <param name="State">QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED.</param>
/// <param name="StateChangeReason">Why it failed or was cancelled, when it did.</param>
/// <param name="WorkGroup">The workgroup it ran in.</param>
/// <param name="Query">The SQL text.</param>
/// <param name="OutputLocation">Where the result CSV is, <c>s3://bucket/prefix/id.csv</c>.</param>
/// <param name="SubmittedAt">When it was submitted.</param>
public sealed record QueryExecution(string Id, string State, string? StateChangeReason, string? WorkGroup, string? Query, string? OutputLocation, DateTimeOffset? SubmittedAt)
{
    /// <summary>The execution parameters it was started with (SQL literals, in order), or null when it had none.</summary>
    public IReadOnlyList<string>? Parameters { get; init; }

    /// <summary>Whether the query has finished, one way or another.</summary>
    public bool IsDone => State is "SUCCEEDED" or "FAILED" or "CANCELLED";
}
