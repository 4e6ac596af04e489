using System.Diagnostics;
using System.Text.Json;
using DataLogger.Aws;
using DataLogger.Compaction;
using DataLogger.Notes;

namespace DataLogger.Functions;

/// <summary>
/// The compact function: EventBridge's hourly "Scheduled Event" (<see cref="CompactionSchedule"/>) merges, for each series it serves, the JSON reading
/// objects taken before the current hour into their UTC days' Parquet objects (<see cref="BucketCompactor"/>), and the
/// notes of the months that are over into one object each (<see cref="NoteBook.CompactAsync"/>); any other event is ignored. Handler: <c>DataLogger.Functions::DataLogger.Functions.CompactFunction::HandleAsync</c>.
/// </summary>
public sealed class CompactFunction
{
    readonly FunctionSettings _settings;
    readonly TimeProvider _time;
    readonly BucketCompactor _compactor;
    readonly NoteBook _notes;

    /// <summary>The Lambda runtime's constructor: settings from the environment, checked now (cold start).</summary>
    public CompactFunction()
        : this(FunctionSettings.FromEnvironment())
    {
    }

    /// <summary>Creates the function with explicit settings.</summary>
    public CompactFunction(FunctionSettings settings, TimeProvider? time = null)
    {
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _time = time ?? TimeProvider.System;
        var data = Stores.Data(settings);
        _compactor = new BucketCompactor(data, _time);
        _notes = new NoteBook(data);
    }

    /// <summary>The test seam of the compactor.</summary>
    internal BucketCompactor Compactor => _compactor;

    /// <summary>Handles one invocation.</summary>
    public async Task<Stream> HandleAsync(Stream input) => (await RunAsync(input, CancellationToken.None).ConfigureAwait(false)).Answer("compact");

    /// <summary>Handles one event and says what it did.</summary>
    public async Task<FunctionOutcome> RunAsync(Stream input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        string? detailType;
        try
        {
            using var document = await JsonDocument.ParseAsync(input, cancellationToken: cancellationToken).ConfigureAwait(false);
            detailType = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("detail-type", out var t) && t.ValueKind == JsonValueKind.String
                ? t.GetString()
                : null;
        }
        catch (JsonException e)
        {
            throw new FunctionEventException($"the event is not JSON: {e.Message}", e);
        }

        if (detailType != "Scheduled Event")
        {
            return FunctionOutcome.Ignore($"not a scheduled event (detail-type: {detailType ?? "none"})");
        }

        // Readings of the hours that are over; the current hour's stay JSON objects until the next run.
        var now = _time.GetUtcNow();
        var cutoff = BucketCompactor.Cutoff(now);
        var stopAt = now + CompactionSchedule.Budget;
        var stopwatch = Stopwatch.StartNew();
        var summaries = new List<CompactionSummary>();
        foreach (var series in _settings.Series)
        {
            summaries.Add(await _compactor.CompactAsync(series, cutoff, stopAt, progress: null, cancellationToken).ConfigureAwait(false));
        }

        var notes = await _notes.CompactAsync(cutoff, cancellationToken).ConfigureAwait(false);
        return new FunctionOutcome(
            summaries.Sum(s => s.Days) + notes.Months > 0 ? "compacted" : "unchanged",
            $"readings before {cutoff:yyyy-MM-dd HH:mm} UTC: {string.Join("; ", summaries)}; {notes} in {stopwatch.ElapsedMilliseconds} ms");
    }
}
