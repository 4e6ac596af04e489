using DataLogger.Charts.Site;
using DataLogger.Ingest;
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
    public SiteLayout Layout => new(Series);

    /// <summary>What each series measures (<c>DATALOGGER_QUANTITIES=humidity=humidity,ph=ph</c>; a series not named is a temperature).</summary>
    public Readings.Station Station { get; init; } = new([Readings.Series.Default]);

    /// <summary>The name on the page of <paramref name="series"/>.</summary>
    public string TitleOf(string series) => Series.Count == 1 && Title is { } title ? title : Readings.SeriesTitles.Default(series);

    /// <summary>The targets and air series (<c>DATALOGGER_TARGETS=pool=28</c>, <c>DATALOGGER_AMBIENT=pool=air</c>).</summary>
    public IReadOnlyDictionary<string, Forecasting.HeatingGoal> Goals { get; init; } = new Dictionary<string, Forecasting.HeatingGoal>();

    /// <summary>Where the queries run.</summary>
    public required AthenaSettings Athena { get; init; }

    /// <summary>The display time zone.</summary>
    public required TimeZoneInfo TimeZone { get; init; }

    /// <summary>
    /// The devices that may post readings to the ingest function, with their tokens' SHA-256
    /// (<c>DATALOGGER_INGEST_DEVICES</c>, JSON as <see cref="IngestDevice.ParseList"/> reads; the stack writes it from its
    /// <c>ingest</c> file); none when the stack has no ingest function.
    /// </summary>
    public IReadOnlyList<IngestDevice> IngestDevices { get; init; } = [];

    /// <summary>The requests a device may make a minute of one warm instance (<c>DATALOGGER_INGEST_PER_MINUTE</c>, 60).</summary>
    public int IngestPerMinute { get; init; } = 60;

    /// <summary>The largest body the ingest function takes (<c>DATALOGGER_INGEST_MAX_BYTES</c>, 256 KB).</summary>
    public int IngestMaxBytes { get; init; } = 256 * 1024;

    /// <summary>
    /// Whether the function URL takes only requests signed with AWS credentials (<c>DATALOGGER_INGEST_AUTH=iam</c>):
    /// then a request may name its device (<c>?device=</c>) instead of sending its token.
    /// </summary>
    public bool IngestSigned { get; init; }

    /// <summary>
    /// How often the page is drawn at most (<c>DATALOGGER_REFRESH</c>, such as <c>10m</c>), or null: with each batch of
    /// new readings. Readings that arrive within one such slot share one query (its idempotency token names the series
    /// and the slot), so the page is at most this far behind and costs a query a slot, not a reading.
    /// </summary>
    public TimeSpan? Refresh { get; init; }

    /// <summary>Where the pages' "Add a note" form posts (the ingest function's URL), or null: no form.</summary>
    public string? NotesUrl { get; init; }

    /// <summary>The SNS topic the pool's fault notices go to (<see cref="CloudAlerts"/>), or null: not watched.</summary>
    public string? AlertTopic { get; init; }

    /// <summary>An S3-compatible endpoint (tests), or null for AWS.</summary>
    public Uri? S3Endpoint { get; init; }

    /// <summary>Reads and checks the settings.</summary>
    /// <exception cref="FunctionConfigurationException">Something is missing or wrong; the message lists it all.</exception>
    public static FunctionSettings FromEnvironment(Func<string, string?>? read = null)
    {
        var variables = new Variables(read ?? Environment.GetEnvironmentVariable);
        var dataBucket = variables.Required(Aws.FunctionVariables.DataBucket);
        var siteBucket = variables.Required(Aws.FunctionVariables.SiteBucket);
        var athena = new AthenaSettings(variables.Required(Aws.FunctionVariables.WorkGroup), variables.Required(Aws.FunctionVariables.Database), variables.Required(Aws.FunctionVariables.Table));
        var series = variables.SeriesList(Aws.FunctionVariables.Series);
        var zone = variables.TimeZone(Aws.FunctionVariables.TimeZone);
        var s3 = variables.Url("AWS_ENDPOINT_URL_S3");
        var goals = variables.Goals(Aws.FunctionVariables.Targets, Aws.FunctionVariables.Ambient, series);
        var devices = variables.Devices(Aws.FunctionVariables.IngestDevices, series);
        var perMinute = variables.Number(Aws.FunctionVariables.IngestPerMinute, 60, 1, 100_000);
        var maxBytes = variables.Number(Aws.FunctionVariables.IngestMaxBytes, 256 * 1024, 1024, 6 * 1024 * 1024);
        var refresh = variables.Refresh(Aws.FunctionVariables.Refresh);
        var quantities = variables.Quantities(Aws.FunctionVariables.Quantities, series);
        if (variables.Problems.Count > 0)
        {
            throw new FunctionConfigurationException("The function is not configured: " + string.Join("; ", variables.Problems) + ".");
        }

        return new FunctionSettings
        {
            DataBucket = dataBucket,
            DataPrefix = variables.Read(Aws.FunctionVariables.DataPrefix)?.Trim('/') ?? string.Empty,
            SiteBucket = siteBucket,
            Series = series,
            Station = new Readings.Station(series, quantities),
            Title = variables.Read(Aws.FunctionVariables.Title) is { Length: > 0 } title ? title : null,
            Athena = athena,
            TimeZone = zone,
            S3Endpoint = s3,
            Goals = goals,
            Refresh = refresh,
            IngestDevices = devices,
            IngestPerMinute = perMinute,
            IngestMaxBytes = maxBytes,
            IngestSigned = string.Equals(variables.Read(Aws.FunctionVariables.IngestAuth), "iam", StringComparison.OrdinalIgnoreCase),
            NotesUrl = variables.Url(Aws.FunctionVariables.NotesUrl)?.ToString(),
            AlertTopic = variables.Read(Aws.FunctionVariables.AlertTopic) is { Length: > 0 } topic ? topic : null,
        };
    }

    // The environment, read variable by variable, with every problem noted (so one message can list them all).
    sealed class Variables(Func<string, string?> read)
    {
        public List<string> Problems { get; } = [];

        public string? Read(string name) => read(name);

        public Dictionary<string, Readings.Quantity> Quantities(string name, IReadOnlyList<string> series)
        {
            try
            {
                var quantities = Readings.Station.Parse(read(name));
                foreach (var other in quantities.Keys.Where(s => !series.Contains(s)))
                {
                    Problems.Add($"{name}: '{other}' is not one of {Aws.FunctionVariables.Series} ({string.Join(", ", series)})");
                }

                return quantities;
            }
            catch (FormatException e)
            {
                Problems.Add($"{name}: {e.Message}");
                return [];
            }
        }

        public string Required(string name)
        {
            var value = read(name);
            if (string.IsNullOrWhiteSpace(value))
            {
                Problems.Add($"{name} is not set");
                return string.Empty;
            }

            return value.Trim();
        }

        public IReadOnlyList<string> SeriesList(string name)
        {
            if (read(name) is not { Length: > 0 } list)
            {
                return [Readings.Series.Default];
            }

            try
            {
                return Readings.Series.ParseList(list);
            }
            catch (ArgumentException)
            {
                Problems.Add($"{name} '{list}' is not a list of series names (lower-case letters, digits, '-', '_', separated by commas)");
                return [Readings.Series.Default];
            }
        }

        public IReadOnlyDictionary<string, Forecasting.HeatingGoal> Goals(string targets, string ambient, IReadOnlyList<string> series)
        {
            try
            {
                return Forecasting.HeatingGoals.Parse(read(targets), read(ambient), series);
            }
            catch (FormatException e)
            {
                Problems.Add($"{targets}/{ambient}: {e.Message}");
                return new Dictionary<string, Forecasting.HeatingGoal>();
            }
        }

        public IReadOnlyList<IngestDevice> Devices(string name, IReadOnlyList<string> series)
        {
            if (read(name) is not { Length: > 0 } json)
            {
                return [];
            }

            try
            {
                using var document = System.Text.Json.JsonDocument.Parse(json);
                var devices = IngestDevice.ParseList(document.RootElement);
                if (devices.SelectMany(d => d.AllSeries).FirstOrDefault(s => !series.Contains(s)) is { } other)
                {
                    Problems.Add($"{name}: a device writes '{other}', which is not one of {Aws.FunctionVariables.Series} ({string.Join(", ", series)})");
                }

                return devices;
            }
            catch (Exception e) when (e is FormatException or System.Text.Json.JsonException)
            {
                Problems.Add($"{name}: {e.Message}");
                return [];
            }
        }

        public TimeSpan? Refresh(string name)
        {
            if (read(name) is not { Length: > 0 } text)
            {
                return null;
            }

            if (Aws.RefreshSlots.TryParse(text, out var refresh, out var problem))
            {
                return refresh;
            }

            Problems.Add($"{name} '{text}': {problem}");
            return null;
        }

        public int Number(string name, int fallback, int least, int most)
        {
            if (read(name) is not { Length: > 0 } text)
            {
                return fallback;
            }

            if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= least && n <= most)
            {
                return n;
            }

            Problems.Add($"{name} '{text}' is not a whole number from {least} to {most}");
            return fallback;
        }

        public TimeZoneInfo TimeZone(string name)
        {
            if (read(name) is not { Length: > 0 } zoneName)
            {
                return TimeZoneInfo.Utc;
            }

            try
            {
                return TimeZoneInfo.FindSystemTimeZoneById(zoneName.Trim());
            }
            catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                Problems.Add($"{name} '{zoneName}' is not a time zone: use an IANA name such as Europe/Berlin");
                return TimeZoneInfo.Utc;
            }
        }

        public Uri? Url(string name)
        {
            if (read(name) is not { Length: > 0 } endpoint)
            {
                return null;
            }

            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var url))
            {
                Problems.Add($"{name} '{endpoint}' is not a URL");
            }

            return url;
        }
    }
}
