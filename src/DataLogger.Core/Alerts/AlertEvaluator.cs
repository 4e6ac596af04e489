using System.Globalization;
using DataLogger.Readings;

namespace DataLogger.Alerts;

/// <summary>
/// The alerts' state machine, without I/O: given the rules, their states and each series' newest reading, it moves
/// each alert and says what to notify. A threshold alert fires once when its condition starts (after it held for
/// <see cref="AlertRule.For"/>, if set) and resolves once when the temperature is back past the threshold by the
/// hysteresis; while it stays firing nothing is sent again, unless <see cref="AlertRule.Repeat"/> asks. An offline
/// alert fires when the newest reading is older than <see cref="AlertRule.OfflineAfter"/> and resolves with the next
/// reading.
/// </summary>
public static class AlertEvaluator
{
    /// <summary>Evaluates every rule at <paramref name="now"/>.</summary>
    /// <param name="rules">The rules.</param>
    /// <param name="book">Their states before.</param>
    /// <param name="latest">The newest reading of a series, or null when it has none (in the last day).</param>
    /// <param name="titleOf">The name on the page of a series.</param>
    /// <param name="now">Now.</param>
    /// <param name="zone">The display time zone, for the messages.</param>
    /// <param name="findings">What the watch finds for its rules (<see cref="AlertRule.IsWatched"/>), or null.</param>
    /// <returns>The states after, and the notices to deliver.</returns>
    public static (AlertBook Book, IReadOnlyList<AlertNotice> Notices) Evaluate(
        IReadOnlyList<AlertRule> rules, AlertBook book, Func<string, Reading?> latest, Func<string, string> titleOf, DateTimeOffset now, TimeZoneInfo zone,
        Func<AlertRule, WatchFinding?>? findings = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(latest);
        ArgumentNullException.ThrowIfNull(titleOf);
        var notices = new List<AlertNotice>();
        foreach (var rule in rules)
        {
            var before = book[rule];
            var text = new Texts(titleOf(rule.Series), zone, now);
            var (after, notice) = rule.IsWatched ? Watched(rule, before, findings?.Invoke(rule), now, text)
                : rule.Kind == AlertKind.Offline ? Offline(rule, before, latest(rule.Series), now, text)
                : Threshold(rule, before, latest(rule.Series), now, text);
            if (notice is null && after.Status == AlertStatus.Firing && rule.Repeat is { } every && after.NotifiedAt is { } last && now - last >= every)
            {
                notice = Notice(rule, text, "firing", after.Celsius, now, after.Since, repeat: now);
                after = after with { NotifiedAt = now };
            }

            book = book.With(rule, after);
            if (notice is not null)
            {
                notices.Add(notice);
            }
        }

        return (book, notices);
    }

    static (AlertState, AlertNotice?) Threshold(AlertRule rule, AlertState state, Reading? reading, DateTimeOffset now, Texts text)
    {
        if (reading is null)
        {
            return (state, null); // nothing new to judge; offline is its own rule
        }

        var threshold = rule.Threshold!.Value;
        var v = reading.Celsius;
        var beyond = rule.Kind switch { AlertKind.Below => v < threshold, AlertKind.Reached => v >= threshold, _ => v > threshold };
        var back = rule.Kind == AlertKind.Below ? v >= threshold + rule.Hysteresis : v <= threshold - rule.Hysteresis;
        switch (state.Status)
        {
            case AlertStatus.Ok when beyond && rule.For <= TimeSpan.Zero:
            case AlertStatus.Pending when beyond && reading.Time - state.Since!.Value >= rule.For:
                var since = state.Since ?? reading.Time;
                return (new AlertState(AlertStatus.Firing, since, v, now), Notice(rule, text, "firing", v, reading.Time, since));
            case AlertStatus.Ok when beyond:
                return (new AlertState(AlertStatus.Pending, reading.Time, v, null), null);
            case AlertStatus.Pending when !beyond:
                return (AlertState.Ok, null); // a spike shorter than "for": never fired, nothing to resolve
            case AlertStatus.Firing when back:
                return (AlertState.Ok, Notice(rule, text, "resolved", v, reading.Time, state.Since));
            default:
                return (state.Status == AlertStatus.Firing ? state with { Celsius = v } : state, null);
        }
    }

    // A watched fault fires when found and resolves when its finding clears; its words are the finding's.
    static (AlertState, AlertNotice?) Watched(AlertRule rule, AlertState state, WatchFinding? finding, DateTimeOffset now, Texts text)
    {
        if (finding is null)
        {
            return (state, null);
        }

        if (state.Status != AlertStatus.Firing && finding.Holds)
        {
            return (new AlertState(AlertStatus.Firing, finding.At, null, now), Told(rule, text, "firing", finding.At, finding.At, finding.Subject, finding.Message));
        }

        return state.Status == AlertStatus.Firing && finding.Resolves
            ? (AlertState.Ok, Told(rule, text, "resolved", now, state.Since, finding.ResolvedSubject, finding.ResolvedMessage))
            : (state, null);
    }

    static AlertNotice Told(AlertRule rule, Texts text, string state, DateTimeOffset at, DateTimeOffset? since, string subject, string message)
    {
        at = DateTimeOffset.FromUnixTimeSeconds(at.ToUnixTimeSeconds());
        var id = string.Create(CultureInfo.InvariantCulture, $"{rule.Series}-{rule.Name}-{state}-{(since ?? at).ToUnixTimeSeconds()}");
        return new AlertNotice(id, rule.Series, text.Title, rule.Name, state, null, null, at, since, subject, message);
    }

    // Quiet since the newest reading; with none at all (a new install, a day or more of silence), since the alert first
    // looked (kept as pending, so a fresh start does not fire at once, and cron runs count the time across runs).
    static (AlertState, AlertNotice?) Offline(AlertRule rule, AlertState state, Reading? reading, DateTimeOffset now, Texts text)
    {
        var quietSince = reading?.Time ?? (state.Status != AlertStatus.Ok ? state.Since ?? now : now);
        var quiet = now - quietSince > rule.OfflineAfter;
        return state.Status switch
        {
            AlertStatus.Firing when !quiet => (AlertState.Ok, Notice(rule, text, "resolved", reading!.Celsius, reading.Time, state.Since)),
            not AlertStatus.Firing when quiet => (new AlertState(AlertStatus.Firing, quietSince, reading?.Celsius, now), Notice(rule, text, "firing", null, now, quietSince)),
            AlertStatus.Ok when reading is null => (new AlertState(AlertStatus.Pending, now, null, null), null),
            AlertStatus.Pending when reading is not null => (AlertState.Ok, null),
            _ => (state, null),
        };
    }

    static AlertNotice Notice(AlertRule rule, Texts text, string state, double? celsius, DateTimeOffset at, DateTimeOffset? since, DateTimeOffset? repeat = null)
    {
        at = DateTimeOffset.FromUnixTimeSeconds(at.ToUnixTimeSeconds());
        since = since is { } s ? DateTimeOffset.FromUnixTimeSeconds(s.ToUnixTimeSeconds()) : null;
        var id = string.Create(CultureInfo.InvariantCulture, $"{rule.Series}-{rule.Name}-{state}-{(since ?? at).ToUnixTimeSeconds()}{(repeat is { } r ? $"-{r.ToUnixTimeSeconds()}" : string.Empty)}");
        var (subject, message) = (rule.Kind, state) switch
        {
            (AlertKind.Offline, "firing") => (
                $"{text.Title}: no reading for {text.Ago(since)}",
                $"No reading from {text.Title} since {text.When(since ?? at)} ({text.Ago(since)} ago): check the sensor and its connection."),
            (AlertKind.Offline, _) => (
                $"{text.Title}: readings are back",
                $"{text.Title} reads {rule.Format(celsius!.Value)} at {text.When(at)} again{(since is { } quietSince ? $" (quiet since {text.When(quietSince)})" : string.Empty)}."),
            (AlertKind.Reached, "firing") => (
                $"{text.Title} reached {rule.Format(rule.Threshold!.Value)}",
                $"{text.Title} is at {rule.Format(celsius!.Value)} at {text.When(at)}: it has reached {rule.Format(rule.Threshold!.Value)}."),
            (_, "firing") => (
                $"{text.Title} {rule.Name} {rule.Format(rule.Threshold!.Value)}",
                $"{text.Title} is at {rule.Format(celsius!.Value)}, {rule.Name} {rule.Format(rule.Threshold!.Value)}, since {text.When(since ?? at)}."),
            _ => (
                $"{text.Title} back {(rule.Kind == AlertKind.Below ? "above" : "below")} {rule.Format(rule.Threshold!.Value)}",
                $"{text.Title} is at {rule.Format(celsius!.Value)} at {text.When(at)}, back {(rule.Kind == AlertKind.Below ? "above" : "below")} {rule.Format(rule.Threshold!.Value)} (it was {rule.Name} since {text.When(since ?? at)})."),
        };
        return new AlertNotice(id, rule.Series, text.Title, rule.Name, state, celsius, rule.Threshold, at, since, subject, message);
    }

    // The words and times of the messages, in the display time zone.
    sealed record Texts(string Title, TimeZoneInfo Zone, DateTimeOffset Now)
    {
        public string When(DateTimeOffset time)
        {
            var local = TimeZoneInfo.ConvertTime(time, Zone);
            var today = TimeZoneInfo.ConvertTime(Now, Zone).Date == local.Date;
            return local.ToString(today ? "HH:mm" : "HH:mm ddd d MMM", CultureInfo.InvariantCulture);
        }

        public string Ago(DateTimeOffset? since)
        {
            if (since is not { } time)
            {
                return "a day or more";
            }

            return Time.Durations.Spoken(Now - time);
        }
    }
}
