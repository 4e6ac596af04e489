using System.Diagnostics;
using DataLogger.Query.Athena;
using DataLogger.Readings;
using DataLogger.Time;

namespace DataLogger.Functions;

/// <summary>
/// The start-query function: an S3 "object created" notification (direct or batched through SQS) starts at most one
/// Athena query for the last 24 hours, however many records it holds; objects outside the series prefix, not
/// <c>.json</c>, or in another bucket are ignored. Handler: <c>DataLogger.Functions::DataLogger.Functions.StartQueryFunction::HandleAsync</c>.
/// </summary>
public sealed class StartQueryFunction
{
    readonly FunctionSettings _settings;
    readonly AthenaQueryEngine _engine;
    readonly TimeProvider _time;

    /// <summary>The Lambda runtime's constructor: settings from the environment, checked now (cold start).</summary>
    public StartQueryFunction()
        : this(FunctionSettings.FromEnvironment())
    {
    }

    /// <summary>Creates the function with explicit settings.</summary>
    public StartQueryFunction(FunctionSettings settings, AthenaClient? athena = null, TimeProvider? time = null)
    {
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _time = time ?? TimeProvider.System;
        _engine = new AthenaQueryEngine(athena ?? AthenaClient.Create(), settings.Athena, Stores.Open(settings));
    }

    /// <summary>The window every query covers.</summary>
    public static TimeSpan Window { get; } = TimeSpan.FromHours(24);

    /// <summary>Handles one invocation.</summary>
    public async Task<Stream> HandleAsync(Stream input) => (await RunAsync(input, CancellationToken.None).ConfigureAwait(false)).Answer("start-query");

    /// <summary>Handles one event and says what it did.</summary>
    public async Task<FunctionOutcome> RunAsync(Stream input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var buffer = new MemoryStream();
        await input.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        var objects = S3Notifications.Objects(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        var dataPrefix = _settings.DataPrefix.Length > 0 ? _settings.DataPrefix + "/" : string.Empty;
        var prefix = dataPrefix + ReadingKey.SeriesPrefix(_settings.Series);
        var relevant = objects.Count(o => o.Bucket == _settings.DataBucket && o.Key.StartsWith(dataPrefix, StringComparison.Ordinal)
            && ReadingKey.TryParse(o.Key[dataPrefix.Length..], out var key) && key!.Series == _settings.Series);
        if (relevant == 0)
        {
            return FunctionOutcome.Ignore(objects.Count == 0
                ? "no object-created records in the event"
                : $"none of the {objects.Count} objects is a reading of s3://{_settings.DataBucket}/{prefix}");
        }

        var window = TimeWindow.Last(Window, _time.GetUtcNow());
        var stopwatch = Stopwatch.StartNew();
        var id = await _engine.StartReadingsQueryAsync(_settings.Series, window, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new FunctionOutcome("started", $"started query {id} for {relevant} new objects (window {window}) in {stopwatch.ElapsedMilliseconds} ms", id);
    }
}
