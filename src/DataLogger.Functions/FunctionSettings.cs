using DataLogger.Query.Athena;

namespace DataLogger.Functions;

/// <summary>
/// The functions' settings, from environment variables, checked once at cold start with one message that lists every
/// problem. Endpoints follow the AWS SDK convention (<c>AWS_ENDPOINT_URL_S3</c>, <c>AWS_ENDPOINT_URL_ATHENA</c>).
/// </summary>
public sealed record FunctionSettings
{
    /// <summary>The bucket of the readings.</summary>
    public required string DataBucket { get; init; }

    /// <summary>A prefix before the series in the data bucket (usually empty).</summary>
    public string DataPrefix { get; init; } = string.Empty;

    /// <summary>The bucket the site is published to.</summary>
    public required string SiteBucket { get; init; }

    /// <summary>The series shown, in the overview's order (<c>DATALOGGER_SERIES=pool,spa</c>).</summary>
    public IReadOnlyList<string> Series { get; init; } = [Readings.Series.Default];

    /// <summary>The page's title, for a single series (<c>DATALOGGER_TITLE</c>); several are titled by their names.</summary>
    public string? Title { get; init; }

    /// <summary>The site's layout: one series at the top, or an overview and a folder per series.</summary>
    public DataLogger.Site.SiteLayout Layout => new(Series);

    /// <summary>The name on the page of <paramref name="series"/>.</summary>
    public string TitleOf(string series) => Series.Count == 1 && Title is { } title ? title : Readings.SeriesTitles.Default(series);

    /// <summary>Where the queries run.</summary>
    public required AthenaSettings Athena { get; init; }

    /// <summary>The display time zone.</summary>
    public required TimeZoneInfo TimeZone { get; init; }

    /// <summary>An S3-compatible endpoint (tests), or null for AWS.</summary>
    public Uri? S3Endpoint { get; init; }

    /// <summary>Reads and checks the settings.</summary>
    /// <exception cref="FunctionConfigurationException">Something is missing or wrong; the message lists it all.</exception>
    public static FunctionSettings FromEnvironment(Func<string, string?>? read = null)
    {
        read ??= Environment.GetEnvironmentVariable;
        var problems = new List<string>();
        string Required(string name)
        {
            var value = read(name);
            if (string.IsNullOrWhiteSpace(value))
            {
                problems.Add($"{name} is not set");
                return string.Empty;
            }

            return value.Trim();
        }

        var dataBucket = Required("DATALOGGER_DATA_BUCKET");
        var siteBucket = Required("DATALOGGER_SITE_BUCKET");
        var workGroup = Required("DATALOGGER_WORKGROUP");
        var database = Required("DATALOGGER_DATABASE");
        var table = Required("DATALOGGER_TABLE");
        IReadOnlyList<string> series = [Readings.Series.Default];
        if (read("DATALOGGER_SERIES") is { Length: > 0 } list)
        {
            try
            {
                series = Readings.Series.ParseList(list);
            }
            catch (ArgumentException)
            {
                problems.Add($"DATALOGGER_SERIES '{list}' is not a list of series names (lower-case letters, digits, '-', '_', separated by commas)");
            }
        }

        TimeZoneInfo zone = TimeZoneInfo.Utc;
        if (read("DATALOGGER_TIME_ZONE") is { Length: > 0 } zoneName)
        {
            try
            {
                zone = TimeZoneInfo.FindSystemTimeZoneById(zoneName.Trim());
            }
            catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                problems.Add($"DATALOGGER_TIME_ZONE '{zoneName}' is not a time zone: use an IANA name such as Europe/Berlin");
            }
        }

        Uri? s3 = null;
        if (read("AWS_ENDPOINT_URL_S3") is { Length: > 0 } endpoint && !Uri.TryCreate(endpoint, UriKind.Absolute, out s3))
        {
            problems.Add($"AWS_ENDPOINT_URL_S3 '{endpoint}' is not a URL");
        }

        if (problems.Count > 0)
        {
            throw new FunctionConfigurationException("The function is not configured: " + string.Join("; ", problems) + ".");
        }

        return new FunctionSettings
        {
            DataBucket = dataBucket,
            DataPrefix = read("DATALOGGER_DATA_PREFIX")?.Trim('/') ?? string.Empty,
            SiteBucket = siteBucket,
            Series = series,
            Title = read("DATALOGGER_TITLE") is { Length: > 0 } title ? title : null,
            Athena = new AthenaSettings(workGroup, database, table),
            TimeZone = zone,
            S3Endpoint = s3,
        };
    }
}
