namespace DataLogger.Aws;

/// <summary>
/// The functions' environment, each variable's name once: the stack writes them (<c>Parts/Functions</c>) and the
/// functions read them (<c>FunctionSettings</c>), and a message that names one takes it from here.
/// </summary>
public static class FunctionVariables
{
    /// <summary>The bucket the readings are in.</summary>
    public const string DataBucket = "DATALOGGER_DATA_BUCKET";

    /// <summary>A prefix before the series in the data bucket (usually none).</summary>
    public const string DataPrefix = "DATALOGGER_DATA_PREFIX";

    /// <summary>The bucket the site is published to.</summary>
    public const string SiteBucket = "DATALOGGER_SITE_BUCKET";

    /// <summary>The series shown, in the overview's order: <c>pool,spa</c>.</summary>
    public const string Series = "DATALOGGER_SERIES";

    /// <summary>What each series measures, as <see cref="Readings.Station.QuantitiesText"/> writes it: <c>humidity=humidity,ph=ph</c>.</summary>
    public const string Quantities = "DATALOGGER_QUANTITIES";

    /// <summary>The page's title for a single series.</summary>
    public const string Title = "DATALOGGER_TITLE";

    /// <summary>Athena's workgroup.</summary>
    public const string WorkGroup = "DATALOGGER_WORKGROUP";

    /// <summary>The Glue database.</summary>
    public const string Database = "DATALOGGER_DATABASE";

    /// <summary>The table (the view) the queries read.</summary>
    public const string Table = "DATALOGGER_TABLE";

    /// <summary>The page's time zone.</summary>
    public const string TimeZone = "DATALOGGER_TIME_ZONE";

    /// <summary>How often the page is drawn at most (<c>10m</c>), or unset: with each batch.</summary>
    public const string Refresh = "DATALOGGER_REFRESH";

    /// <summary>The targets: <c>pool=28</c>.</summary>
    public const string Targets = "DATALOGGER_TARGETS";

    /// <summary>The air's series of each target: <c>pool=air</c>.</summary>
    public const string Ambient = "DATALOGGER_AMBIENT";

    /// <summary>Where the pages' "Add a note" form posts: the ingest function's URL and <c>api/notes</c> (render's; unset without ingest devices).</summary>
    public const string NotesUrl = "DATALOGGER_NOTES_URL";

    /// <summary>The alarms' SNS topic render publishes the pool's fault notices to (render's; unset: not watched).</summary>
    public const string AlertTopic = "DATALOGGER_ALERT_TOPIC";

    /// <summary>The devices that post to the ingest function, their tokens' SHA-256 only (JSON).</summary>
    public const string IngestDevices = "DATALOGGER_INGEST_DEVICES";

    /// <summary>How the ingest function's URL is authenticated: <c>token</c> or <c>iam</c>.</summary>
    public const string IngestAuth = "DATALOGGER_INGEST_AUTH";

    /// <summary>The requests a device may make a minute.</summary>
    public const string IngestPerMinute = "DATALOGGER_INGEST_PER_MINUTE";

    /// <summary>The largest body the ingest function takes.</summary>
    public const string IngestMaxBytes = "DATALOGGER_INGEST_MAX_BYTES";
}
