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

    /// <summary>Where alarms will be mailed (reserved for the alarms issue). Context <c>alarmEmail</c>.</summary>
    public string? AlarmEmail { get; init; }

    /// <summary>The functions' deployment package. Context <c>functionsZip</c>, default <c>artifacts/functions.zip</c>.</summary>
    public required string FunctionsZip { get; init; }

    /// <summary>Reads the settings from the app's context, checking them.</summary>
    /// <exception cref="ArgumentException">A value is bad; the message says which and what is allowed.</exception>
    public static DataLoggerSettings FromContext(Construct scope, string defaultZip)
    {
        string? Read(string key) => scope.Node.TryGetContext(key) is { } value && value.ToString() is { Length: > 0 } text ? text : null;
        var settings = new DataLoggerSettings
        {
            Series = DataLogger.Readings.Series.ParseList(Read("series") ?? DataLogger.Readings.Series.Default),
            TimeZone = Read("timeZone") ?? "UTC",
            DomainName = Read("domainName"),
            CertificateArn = Read("certificateArn"),
            AlarmEmail = Read("alarmEmail"),
            FunctionsZip = Read("functionsZip") ?? defaultZip,
        };
        if ((settings.DomainName is null) != (settings.CertificateArn is null))
        {
            throw new ArgumentException("context domainName and certificateArn go together: give both (an ACM certificate in us-east-1 for the domain) or neither.");
        }

        return settings;
    }
}
