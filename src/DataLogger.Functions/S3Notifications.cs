using System.Net;
using System.Text.Json;

namespace DataLogger.Functions;

/// <summary>
/// The objects named by S3's events: an event notification sent directly (<c>{"Records":[{"eventSource":"aws:s3",...}]}</c>),
/// EventBridge's <c>Object Created</c> event (<c>{"source":"aws.s3","detail-type":"Object Created","detail":{...}}</c>,
/// what the stack routes), or SQS batches of either (records whose <c>body</c> is one, or S3's <c>s3:TestEvent</c>).
/// A notification's keys arrive URL-encoded (a space as <c>+</c>) and are decoded here; EventBridge's arrive as they
/// are. Unknown fields are ignored, and a leading UTF-8 byte-order mark (an event file saved by some editors) is
/// skipped, as JSON readers do.
/// </summary>
static class S3Notifications
{
    /// <summary>The (bucket, key) pairs of the object-created records in <paramref name="json"/>.</summary>
    /// <exception cref="FunctionEventException">The event is not JSON or has no records.</exception>
    public static List<(string Bucket, string Key)> Objects(ReadOnlySpan<byte> json)
    {
        var objects = new List<(string, string)>();
        if (json.StartsWith("\uFEFF"u8))
        {
            json = json["\uFEFF"u8.Length..];
        }

        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            Collect(document.RootElement, objects, depth: 0);
        }
        catch (JsonException e)
        {
            throw new FunctionEventException($"the event is not JSON: {e.Message}", e);
        }

        return objects;
    }

    static void Collect(JsonElement root, List<(string, string)> objects, int depth)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FunctionEventException("the event is not a JSON object");
        }

        if (root.TryGetProperty("Event", out var test) && test.GetString() == "s3:TestEvent")
        {
            return; // S3's test message when a notification is set up
        }

        if (root.TryGetProperty("detail-type", out var type) && root.TryGetProperty("source", out var eventSource) && eventSource.GetString() == "aws.s3")
        {
            if (type.GetString() == "Object Created"
                && root.TryGetProperty("detail", out var detail)
                && detail.TryGetProperty("bucket", out var createdIn) && createdIn.TryGetProperty("name", out var createdInName)
                && detail.TryGetProperty("object", out var created) && created.TryGetProperty("key", out var createdKey))
            {
                objects.Add((createdInName.GetString() ?? string.Empty, createdKey.GetString() ?? string.Empty));
            }

            return; // another of S3's EventBridge events (Object Deleted, ...): nothing new to read
        }

        if (!root.TryGetProperty("Records", out var records) || records.ValueKind != JsonValueKind.Array)
        {
            throw new FunctionEventException("the event has no \"Records\": expected an S3 notification, EventBridge's Object Created, or an SQS batch of them");
        }

        foreach (var record in records.EnumerateArray())
        {
            var source = record.TryGetProperty("eventSource", out var s) ? s.GetString() : null;
            if (source == "aws:sqs" && depth == 0 && record.TryGetProperty("body", out var body) && body.GetString() is { } text)
            {
                try
                {
                    using var inner = JsonDocument.Parse(text);
                    Collect(inner.RootElement, objects, depth + 1);
                }
                catch (JsonException e)
                {
                    throw new FunctionEventException($"an SQS message body is not JSON: {e.Message}", e);
                }
            }
            else if (source == "aws:s3"
                && record.TryGetProperty("eventName", out var name) && name.GetString()?.StartsWith("ObjectCreated:", StringComparison.Ordinal) == true
                && record.TryGetProperty("s3", out var s3)
                && s3.TryGetProperty("bucket", out var bucket) && bucket.TryGetProperty("name", out var bucketName)
                && s3.TryGetProperty("object", out var obj) && obj.TryGetProperty("key", out var key))
            {
                objects.Add((bucketName.GetString() ?? string.Empty, WebUtility.UrlDecode(key.GetString() ?? string.Empty)));
            }
        }
    }
}
