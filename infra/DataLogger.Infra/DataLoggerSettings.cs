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

    /// <summary>
    /// What each series measures, as <see cref="DataLogger.Readings.Station.Parse(string?)"/> reads it. Context
    /// <c>quantities</c> (<c>-c quantities=humidity=humidity,ph=ph,heater=state</c>); a series not named is a temperature.
    /// </summary>
    public IReadOnlyDictionary<string, DataLogger.Readings.Quantity> Quantities { get; init; } = new Dictionary<string, DataLogger.Readings.Quantity>();

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
    /// <summary>
    /// The devices that post readings to the ingest function (context <c>ingest</c>: a JSON file, the <c>ingest</c>
    /// section of a <c>datalogger.json</c> or its <c>devices</c> list alone); none, and no ingest function, without it.
    /// </summary>
    public IReadOnlyList<DataLogger.Ingest.IngestDevice> IngestDevices { get; init; } = [];

    /// <summary>
    /// How often the page is drawn at most (context <c>refresh</c>, such as <c>15m</c>; <see cref="DataLogger.Aws.RefreshSlots"/>),
    /// <see cref="DataLogger.Aws.RefreshSlots.Default"/> without it.
    /// </summary>
    public TimeSpan Refresh { get; init; } = DataLogger.Aws.RefreshSlots.Default;

    /// <summary>Whether the ingest function's URL takes only requests signed with AWS credentials (context <c>ingestAuth=iam</c>).</summary>
    public bool IngestSigned { get; init; }

    public static DataLoggerSettings FromContext(Construct scope, string defaultZip)
    {
        string? Read(string key) => scope.Node.TryGetContext(key) is { } value && value.ToString() is { Length: > 0 } text ? text : null;
        var series = DataLogger.Readings.Series.ParseList(Read("series") ?? DataLogger.Readings.Series.Default);
        var settings = new DataLoggerSettings
        {
            Series = series,
            Goals = Goals(Read("targets"), Read("ambient"), series),
            Quantities = QuantitiesOf(Read("quantities"), series),
            TimeZone = Read("timeZone") ?? "UTC",
            DomainName = Read("domainName"),
            CertificateArn = Read("certificateArn"),
            AlarmEmail = Read("alarmEmail"),
            AlarmBelow = Celsius("alarmBelow"),
            AlarmAbove = Celsius("alarmAbove"),
            OfflineAfter = Read("offlineAfter") is { } offline ? DataLogger.Time.Durations.Parse(offline) : TimeSpan.FromMinutes(15),
            FunctionsZip = Read("functionsZip") ?? defaultZip,
            Refresh = Read("refresh") is { } refresh ? Refreshed(refresh) : DataLogger.Aws.RefreshSlots.Default,
            IngestDevices = Read("ingest") is { } file ? IngestDevicesOf(file, series) : [],
            IngestSigned = Read("ingestAuth") switch
            {
                null or "token" => false,
                "iam" => true,
                var other => throw new ArgumentException($"context ingestAuth '{other}' is not token (a device's token, the default) or iam (requests signed with AWS credentials)."),
            },
        };
        Check(settings);
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

    // The settings that depend on each other or have a shape to keep, each refused with what to write.
    static void Check(DataLoggerSettings settings)
    {
        if (settings.OfflineAfter < TimeSpan.FromMinutes(5) || settings.OfflineAfter > TimeSpan.FromDays(1) || settings.OfflineAfter.TotalMinutes % 1 != 0)
        {
            throw new ArgumentException($"context offlineAfter {DataLogger.Time.Durations.Format(settings.OfflineAfter)} must be whole minutes from 5m to 24h (a CloudWatch alarm's period).");
        }

        if (settings.OfflineAfter <= settings.Refresh)
        {
            throw new ArgumentException($"context offlineAfter {DataLogger.Time.Durations.Format(settings.OfflineAfter)} must be longer than the page's refresh ({DataLogger.Time.Durations.Format(settings.Refresh)}, context refresh): the temperature metric is logged once a refresh.");
        }

        if (settings.AlarmEmail is { } email && !email.Contains('@', StringComparison.Ordinal))
        {
            throw new ArgumentException($"context alarmEmail '{email}' is not an e-mail address.");
        }

        if ((settings.DomainName is null) != (settings.CertificateArn is null))
        {
            throw new ArgumentException("context domainName and certificateArn go together: give both (an ACM certificate in us-east-1 for the domain) or neither.");
        }
    }

    static TimeSpan Refreshed(string text) =>
        DataLogger.Aws.RefreshSlots.TryParse(text, out var refresh, out var problem)
            ? refresh
            : throw new ArgumentException($"context refresh '{text}': {problem}.");

    // The devices of an ingest file, read with the rules run's settings follow; each may write only the stack's series.
    static IReadOnlyList<DataLogger.Ingest.IngestDevice> IngestDevicesOf(string file, IReadOnlyList<string> series)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(file), new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var root = document.RootElement;
            var section = root.ValueKind == System.Text.Json.JsonValueKind.Object && root.TryGetProperty("ingest", out var ingest) ? ingest : root;
            var list = section.ValueKind == System.Text.Json.JsonValueKind.Object && section.TryGetProperty("devices", out var devices) ? devices : section;
            var parsed = DataLogger.Ingest.IngestDevice.ParseList(list);
            return parsed.SelectMany(d => d.AllSeries).FirstOrDefault(s => !series.Contains(s)) is { } other
                ? throw new ArgumentException($"context ingest {file}: a device writes '{other}', which is not a series of the stack: add it (-c series={string.Join(',', series.Append(other))}).")
                : parsed;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or FormatException)
        {
            throw new ArgumentException($"context ingest {file}: {e.Message}", e);
        }
    }

    // What each series measures (context quantities), each a series of the stack.
    static Dictionary<string, DataLogger.Readings.Quantity> QuantitiesOf(string? text, IReadOnlyList<string> series)
    {
        try
        {
            var quantities = DataLogger.Readings.Station.Parse(text);
            return quantities.Keys.FirstOrDefault(s => !series.Contains(s)) is { } other
                ? throw new ArgumentException($"context quantities names '{other}', which is not one of the series ({string.Join(", ", series)}).")
                : quantities;
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"context quantities: {e.Message}.", e);
        }
    }
}
