namespace DataLogger.Alerts;

/// <summary>
/// One notice to deliver: an alert fired, was repeated, resolved, or a test. Its <see cref="Id"/> is the same however
/// often the same transition is evaluated (a restart after a crash), so it is kept and delivered once.
/// </summary>
/// <param name="Id">Names the transition: <c>pool-below-firing-1764571500</c>.</param>
/// <param name="Series">The series.</param>
/// <param name="Title">The series' name on the page.</param>
/// <param name="Kind">below, above, offline, or test.</param>
/// <param name="State">firing or resolved (or test).</param>
/// <param name="Celsius">The reading it is about, or null (offline).</param>
/// <param name="Threshold">The rule's threshold in °C, or null.</param>
/// <param name="At">When it happened (the reading's time, or now for offline).</param>
/// <param name="Since">When the condition began, or null.</param>
/// <param name="Subject">A short headline: <c>Pool below 10 °C</c>.</param>
/// <param name="Message">What happened, as a person reads it on a phone.</param>
public sealed record AlertNotice(
    string Id,
    string Series,
    string Title,
    string Kind,
    string State,
    double? Celsius,
    double? Threshold,
    DateTimeOffset At,
    DateTimeOffset? Since,
    string Subject,
    string Message)
{
    /// <summary>Whether the alert is firing (a fire or a repeat), rather than resolved or a test.</summary>
    public bool IsFiring => State == "firing";
}
