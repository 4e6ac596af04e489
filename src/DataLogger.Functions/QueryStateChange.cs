using System.Text.Json;

namespace DataLogger.Functions;

/// <summary>
/// EventBridge's <c>Athena Query State Change</c> event, as render receives it
/// (<c>{"detail-type":"Athena Query State Change","detail":{"currentState":"SUCCEEDED","queryExecutionId":...,"workgroupName":...}}</c>);
/// the counterpart of <see cref="S3Notifications"/> for the query side. Unknown fields are ignored; a missing one is null.
/// </summary>
/// <param name="DetailType">The event's <c>detail-type</c>.</param>
/// <param name="State">The query's new state (<c>SUCCEEDED</c>, <c>FAILED</c>, ...).</param>
/// <param name="QueryExecutionId">The query's execution id.</param>
/// <param name="WorkGroup">The workgroup the query ran in.</param>
sealed record QueryStateChange(string? DetailType, string? State, string? QueryExecutionId, string? WorkGroup)
{
    /// <summary>The <c>detail-type</c> of the events render handles.</summary>
    public const string Type = "Athena Query State Change";

    /// <summary>Reads the event from <paramref name="input"/>.</summary>
    /// <exception cref="FunctionEventException">The event is not JSON.</exception>
    public static async Task<QueryStateChange> ReadAsync(Stream input, CancellationToken cancellationToken)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(input, cancellationToken: cancellationToken).ConfigureAwait(false);
            var root = document.RootElement;
            var detail = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.Object ? d : default;
            return new QueryStateChange(Text(root, "detail-type"), Text(detail, "currentState"), Text(detail, "queryExecutionId"), Text(detail, "workgroupName"));
        }
        catch (JsonException e)
        {
            throw new FunctionEventException($"the event is not JSON: {e.Message}", e);
        }
    }

    static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
