using System.Globalization;
using System.Net;
using DataLogger.CommandLine;
using DataLogger.Device.Sensors;
using DataLogger.Site;
using DataLogger.Time;

namespace DataLogger.Cli.Configuration;

/// <summary>The settings of <c>datalogger run</c>, validated: each bad value gets a message that says where it came from.</summary>
sealed record RunOptions(
    DataFolder Folder,
    string Series,
    string Title,
    TimeSpan Interval,
    SensorKind Sensor,
    string W1Root,
    TimeSpan? Backfill,
    int Port,
    string Bind,
    TimeZoneInfo TimeZone)
{
    /// <summary>The setting names, as they are written in <c>datalogger.json</c> and after <c>DATALOGGER__</c>.</summary>
    public static class Keys
    {
        public const string Data = "data";
        public const string Series = "series";
        public const string Title = "title";
        public const string Interval = "interval";
        public const string Sensor = "sensor";
        public const string W1Root = "w1Root";
        public const string Backfill = "backfill";
        public const string Port = "port";
        public const string Bind = "bind";
        public const string TimeZone = "timeZone";
    }

    /// <summary>Reads and checks every setting.</summary>
    /// <exception cref="UserErrorException">A value is bad; the message names its source and what is allowed.</exception>
    public static RunOptions From(LayeredConfiguration config)
    {
        var series = config.Parse(Keys.Series, Readings.Series.Default, Readings.Series.Validate);
        var interval = config.Parse(Keys.Interval, "5m", text =>
        {
            var value = Durations.Parse(text);
            return value >= TimeSpan.FromSeconds(10) && value <= TimeSpan.FromDays(1)
                ? value
                : throw new FormatException($"'{text}' is outside 10s to 24h: a reading every 5m is usual");
        });
        return new RunOptions(
            Folder: DataFolder.At(config.Parse(Keys.Data, DataFolder.DefaultRoot, text => text.Length > 0 ? text : throw new FormatException("the data folder is empty"))),
            Series: series,
            Title: config.Parse(Keys.Title, SiteSnapshot.TitleFor(series), text => text.Length is > 0 and <= 80 ? text : throw new FormatException("the title must be 1 to 80 characters")),
            Interval: interval,
            Sensor: config.Parse(Keys.Sensor, "auto", text => Enum.TryParse<SensorKind>(text, ignoreCase: true, out var kind) && Enum.IsDefined(kind) && !int.TryParse(text, out _)
                ? kind
                : throw new FormatException($"'{text}' is not a sensor: use auto, simulated, ds18b20 or thermal")),
            W1Root: config.Parse(Keys.W1Root, Ds18b20Sensor.DefaultRoot, text => text),
            Backfill: config.Parse<TimeSpan?>(Keys.Backfill, "0", text => text is "0" or "" or "none" ? null : Durations.Parse(text)),
            Port: config.Parse(Keys.Port, "8080", text => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535
                ? port
                : throw new FormatException($"'{text}' is not a port: use 1 to 65535 (or 0 for any free port)")),
            Bind: config.Parse(Keys.Bind, "127.0.0.1", text => text == "localhost" || IPAddress.TryParse(text, out _)
                ? text
                : throw new FormatException($"'{text}' is not an address to listen on: use 127.0.0.1 (this machine only), 0.0.0.0 (every network) or one of the machine's addresses")),
            TimeZone: config.Parse(Keys.TimeZone, TimeZoneInfo.Local.Id, CommonOptions.FindTimeZone));
    }
}
