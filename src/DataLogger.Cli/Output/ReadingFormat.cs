namespace DataLogger.Cli.Output;

/// <summary>How <c>datalogger query</c> prints readings.</summary>
enum ReadingFormat
{
    /// <summary>A table for people.</summary>
    Table,

    /// <summary>CSV with a header: <c>time,timestamp,celsius,fahrenheit</c>.</summary>
    Csv,

    /// <summary>A JSON array of reading objects, as they are stored.</summary>
    Json,
}
