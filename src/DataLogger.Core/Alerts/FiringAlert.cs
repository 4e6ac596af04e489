namespace DataLogger.Alerts;

/// <summary>An alert that is firing, as the page's banner and <c>latest.json</c> show it.</summary>
/// <param name="Series">The series.</param>
/// <param name="Kind">below, above or offline.</param>
/// <param name="Since">When its condition began.</param>
/// <param name="Threshold">The threshold in °C, or null (offline).</param>
public sealed record FiringAlert(string Series, string Kind, DateTimeOffset Since, double? Threshold)
{
    /// <summary>The alerts of <paramref name="rules"/> that are firing in <paramref name="book"/>, in the rules' order.</summary>
    public static IReadOnlyList<FiringAlert> Of(IEnumerable<AlertRule> rules, AlertBook book)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(book);
        return [.. rules.Select(r => (Rule: r, State: book[r]))
            .Where(x => x.State.Status == AlertStatus.Firing)
            .Select(x => new FiringAlert(x.Rule.Series, x.Rule.Name, x.State.Since ?? x.State.NotifiedAt ?? DateTimeOffset.MinValue, x.Rule.Threshold))];
    }
}
