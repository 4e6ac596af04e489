using Constructs;

namespace DataLogger.Infra;

/// <summary>The stack's parameters, from CDK context (<c>cdk deploy -c series=spa -c timeZone=Europe/Berlin</c>), with defaults.</summary>
public sealed record DataLoggerSettings
{
    /// <summary>
    /// The series the stack shows and the devices write, in the overview's order. Context <c>series</c>, a comma-separated
    /// list (<c>-c series=pool,spa</c>), default <c>pool</c>. The first names the Athena workgroup.
    /// </summary>
    public IReadOnlyList<string> Series { get; init; } = [DataLogger.Readings.Series.Default];

    /// <summary>The page's time zone. Context <c>timeZone</c>, default UTC.</summary>
    public string TimeZone { get; init; } = "UTC";

    /// <summary>A custom domain for the site (needs <see cref="CertificateArn"/>). Context <c>domainName</c>.</summary>
    public string? DomainName { get; init; }

    /// <summary>An ACM certificate in us-east-1 for <see cref="DomainName"/>. Context <c>certificateArn</c>.</summary>
    public string? CertificateArn { get; init; }

    /// <summary>Where alarms are mailed (an SNS e-mail subscription, confirmed from the first mail). Context <c>alarmEmail</c>.</summary>
    public string? AlarmEmail { get; init; }

    /// <summary>An alarm when a series' temperature falls below this, in °C. Context <c>alarmBelow</c>.</summary>
    public double? AlarmBelow { get; init; }

    /// <summary>An alarm when a series' temperature rises above this, in °C. Context <c>alarmAbove</c>.</summary>
    public double? AlarmAbove { get; init; }

    /// <summary>An alarm when a series has had no reading for this long. Context <c>offlineAfter</c>, default 15m (three readings).</summary>
    public TimeSpan OfflineAfter { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>The functions' deployment package. Context <c>functionsZip</c>, default <c>artifacts/functions.zip</c>.</summary>
    public required string FunctionsZip { get; init; }

    /// <summary>The targets and air series of the series (context <c>targets</c> <c>pool=28</c>, <c>ambient</c> <c>pool=air</c>).</summary>
    public IReadOnlyDictionary<string, DataLogger.Forecasting.HeatingGoal> Goals { get; init; } = new Dictionary<string, DataLogger.Forecasting.HeatingGoal>();

    /// <summary>Reads the settings from the app's context, checking them.</summary>
    /// <exception cref="ArgumentException">A value is bad; the message says which and what is allowed.</exception>
    public static DataLoggerSettings FromContext(Construct scope, string defaultZip)
    {
        string? Read(string key) => scope.Node.TryGetContext(key) is { } value && value.ToString() is { Length: > 0 } text ? text : null;
        var series = DataLogger.Readings.Series.ParseList(Read("series") ?? DataLogger.Readings.Series.Default);
        var settings = new DataLoggerSettings
        {
            Series = series,
            Goals = Goals(Read("targets"), Read("ambient"), series),
            TimeZone = Read("timeZone") ?? "UTC",
            DomainName = Read("domainName"),
            CertificateArn = Read("certificateArn"),
            AlarmEmail = Read("alarmEmail"),
            AlarmBelow = Celsius("alarmBelow"),
            AlarmAbove = Celsius("alarmAbove"),
            OfflineAfter = Read("offlineAfter") is { } offline ? DataLogger.Time.Durations.Parse(offline) : TimeSpan.FromMinutes(15),
            FunctionsZip = Read("functionsZip") ?? defaultZip,
        };
        if (settings.OfflineAfter < TimeSpan.FromMinutes(5) || settings.OfflineAfter > TimeSpan.FromDays(1) || settings.OfflineAfter.TotalMinutes % 1 != 0)
        {
            throw new ArgumentException($"context offlineAfter {DataLogger.Time.Durations.Format(settings.OfflineAfter)} must be whole minutes from 5m to 24h (a CloudWatch alarm's period).");
        }

        if (settings.AlarmEmail is { } email && !email.Contains('@', StringComparison.Ordinal))
        {
            throw new ArgumentException($"context alarmEmail '{email}' is not an e-mail address.");
        }

        if ((settings.DomainName is null) != (settings.CertificateArn is null))
        {
            throw new ArgumentException("context domainName and certificateArn go together: give both (an ACM certificate in us-east-1 for the domain) or neither.");
        }

        return settings;

        static IReadOnlyDictionary<string, DataLogger.Forecasting.HeatingGoal> Goals(string? targets, string? ambient, IReadOnlyList<string> series)
        {
            try
            {
                return DataLogger.Forecasting.HeatingGoals.Parse(targets, ambient, series);
            }
            catch (FormatException e)
            {
                throw new ArgumentException($"context {e.Message}.", e);
            }
        }

        double? Celsius(string key) => Read(key) is not { } text
            ? null
            : double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var c) && c is >= -55 and <= 125
                ? c
                : throw new ArgumentException($"context {key} '{text}' is not a temperature: write °C from -55 to 125, such as 10.");
    }
}
