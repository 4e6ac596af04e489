using DataLogger.Alerts.Channels;
using DataLogger.Pipeline;
using DataLogger.Readings;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataLogger.Alerts;

/// <summary>
/// The alerts of a host, wired: evaluates the rules against each series' newest reading, keeps every notice in the
/// outbox before the new state is written (so a crash between the two sends nothing twice: the notice's id is the
/// transition's), and delivers the outbox in a loop of its own, so a channel that is down never slows a reading.
/// </summary>
public sealed class AlertMonitor : IDisposable
{
    readonly AlertStore _store;
    readonly Func<string, string> _titleOf;
    readonly TimeZoneInfo _zone;
    readonly ILogger _logger;
    readonly TimeProvider _time;
    readonly WakeSignal _wake = new();
    readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Creates the monitor over the state folder and outbox folder of a data folder.</summary>
    public AlertMonitor(IReadOnlyList<AlertRule> rules, IReadOnlyList<Channel> channels, string stateFolder, string outboxFolder, Func<string, string> titleOf, TimeZoneInfo zone, ILogger? logger = null, TimeProvider? time = null, QuietHours? quiet = null)
    {
        Rules = rules ?? throw new ArgumentNullException(nameof(rules));
        Channels = channels ?? throw new ArgumentNullException(nameof(channels));
        _titleOf = titleOf;
        _zone = zone;
        _logger = logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
        _store = new AlertStore(stateFolder);
        Outbox = new Outbox(outboxFolder, _time) { Quiet = quiet };
        Book = _store.Load(out var problem);
        if (problem is not null)
        {
            _logger.LogWarning("The alerts' state {Path} could not be read: {Problem}", _store.Path, problem);
        }
    }

    /// <summary>The rules.</summary>
    public IReadOnlyList<AlertRule> Rules { get; }

    /// <summary>The channels notices go to.</summary>
    public IReadOnlyList<Channel> Channels { get; }

    /// <summary>The notices not yet delivered.</summary>
    public Outbox Outbox { get; }

    /// <summary>Every alert's state, as last written.</summary>
    public AlertBook Book { get; private set; }

    /// <summary>The alerts firing now.</summary>
    public IReadOnlyList<FiringAlert> Firing => FiringAlert.Of(Rules, Book);

    /// <summary>Evaluates every rule against the newest readings; returns the notices, already kept in the outbox.</summary>
    public async Task<IReadOnlyList<AlertNotice>> EvaluateAsync(Func<string, Reading?> latest, CancellationToken cancellationToken = default) =>
        await EvaluateAsync(latest, findings: null, cancellationToken).ConfigureAwait(false);

    /// <summary>Evaluates every rule, the watched faults by <paramref name="findings"/> (<see cref="PoolWatch"/>'s).</summary>
    public async Task<IReadOnlyList<AlertNotice>> EvaluateAsync(Func<string, Reading?> latest, Func<AlertRule, WatchFinding?>? findings, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (book, notices) = AlertEvaluator.Evaluate(Rules, Book, latest, _titleOf, _time.GetUtcNow(), _zone, findings);
            foreach (var notice in notices)
            {
                _logger.Log(notice.IsFiring ? LogLevel.Warning : LogLevel.Information, "Alert {State}: {Subject}: {Message}", notice.State, notice.Subject, notice.Message);
                await Outbox.AddAsync(notice, Channels, cancellationToken).ConfigureAwait(false);
            }

            if (!ReferenceEquals(book, Book))
            {
                await _store.SaveAsync(book, cancellationToken).ConfigureAwait(false);
                Book = book;
            }

            if (notices.Count > 0)
            {
                Wake();
            }

            return notices;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Delivers what is due in the outbox once, logging each try.</summary>
    public async Task<IReadOnlyList<DeliveryAttempt>> DeliverAsync(CancellationToken cancellationToken = default)
    {
        var attempts = await Outbox.DeliverAsync(Channels, cancellationToken).ConfigureAwait(false);
        foreach (var attempt in attempts)
        {
            switch (attempt.Delivery.Outcome)
            {
                case DeliveryOutcome.Delivered:
                    _logger.LogInformation("Notice sent to {Channel}: {Subject}", attempt.Channel, attempt.Notice.Subject);
                    break;
                case DeliveryOutcome.Retry:
                    _logger.LogWarning("Notice to {Channel} not delivered ({Reason}); it stays in the outbox and is tried again", attempt.Channel, attempt.Delivery.Reason);
                    break;
                default:
                    _logger.LogError("Notice to {Channel} refused ({Reason}); kept in {Folder}, not tried again", attempt.Channel, attempt.Delivery.Reason, Outbox.FailedFolder);
                    break;
            }
        }

        return attempts;
    }

    /// <summary>Delivers the outbox until stopped: at once when notices arrive, and when a retry is due.</summary>
    public async Task RunDeliveriesAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await DeliverAsync(cancellationToken).ConfigureAwait(false);
                var wait = Outbox.NextAttempt is { } next ? next - _time.GetUtcNow() : TimeSpan.FromMinutes(5);
                await _wake.WaitAsync(wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (IOException e)
            {
                _logger.LogError(e, "The outbox could not be read or written: {Message}", e.Message);
                await Task.Delay(TimeSpan.FromMinutes(1), _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Wakes the delivery loop.</summary>
    public void Wake() => _wake.Wake();

    /// <summary>Releases the loop's signals.</summary>
    public void Dispose()
    {
        _wake.Dispose();
        _gate.Dispose();
    }
}
