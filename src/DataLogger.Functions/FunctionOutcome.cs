using System.Text.Json;

namespace DataLogger.Functions;

/// <summary>What a function answers (its output stream): what it did, or that it ignored the event and why.</summary>
/// <param name="Status"><c>started</c>, <c>rendered</c>, <c>compacted</c>, <c>unchanged</c> or <c>ignored</c>.</param>
/// <param name="Message">What happened, for the log and for <c>datalogger functions invoke</c>.</param>
/// <param name="QueryExecutionId">The query started or rendered, if any.</param>
/// <param name="Files">The site files written, if any.</param>
public sealed record FunctionOutcome(string Status, string Message, string? QueryExecutionId = null, IReadOnlyList<string>? Files = null)
{
    /// <summary>The series start-query asked for, each with its query (one query for all the series of a batch).</summary>
    public IReadOnlyList<(string Series, string QueryExecutionId)> Queries { get; init; } = [];

    /// <summary>Whether the event was ignored.</summary>
    public bool Ignored => Status == "ignored";

    /// <summary>An outcome for an event the function does not act on.</summary>
    public static FunctionOutcome Ignore(string reason) => new("ignored", reason);

    /// <summary>Logs the outcome as one line (CloudWatch Logs keeps it) and returns it as the invocation's answer.</summary>
    /// <param name="function">The function's name for the line: <c>render</c>, <c>start-query</c>.</param>
    public Stream Answer(string function)
    {
        Console.WriteLine($"{function}: {Status}: {Message}");
        return ToStream();
    }

    /// <summary>The outcome as a JSON stream.</summary>
    public Stream ToStream()
    {
        var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("status", Status);
            json.WriteString("message", Message);
            if (QueryExecutionId is not null)
            {
                json.WriteString("queryExecutionId", QueryExecutionId);
            }

            if (Queries.Count > 0)
            {
                json.WriteStartArray("queries");
                foreach (var (series, id) in Queries)
                {
                    json.WriteStartObject();
                    json.WriteString("series", series);
                    json.WriteString("queryExecutionId", id);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            if (Files is not null)
            {
                json.WriteStartArray("files");
                foreach (var file in Files)
                {
                    json.WriteStringValue(file);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        stream.Position = 0;
        return stream;
    }
}
