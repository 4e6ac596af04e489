using System.Globalization;
using System.Net;
using DataLogger.Charts.Site;
using DataLogger.Cli.Common;
using DataLogger.Cli.Common.Settings;
using DataLogger.Device.Clock;
using DataLogger.Device.Sensors;
using DataLogger.Readings;
using DataLogger.Time;

namespace DataLogger.Cli.Configuration;

/// <summary>The settings of <c>datalogger run</c>, validated: each bad value gets a message that says where it came from.</summary>
sealed record RunSettings(
    DataFolder Folder,
    IReadOnlyList<Probe> Probes,
    TimeSpan Interval,
    SensorKind Sensor,
    string W1Root,
    TimeSpan? Backfill,
    int Port,
    string Bind,
    TimeZoneInfo TimeZone)
{
    /// <summary>Whether readings wait for the clock to be synchronized.</summary>
    public ClockTrust Clock { get; init; }

    /// <summary>How to name the probes, when several were found and none named (for the log).</summary>
    public string? ProbeAdvice { get; init; }

    /// <summary>The alerts and their channels.</summary>
    public AlertSettings Alerts { get; init; } = AlertSettings.None;

    /// <summary>The MQTT broker readings are also published to, or none.</summary>
    public Mqtt.MqttSettings? Mqtt { get; init; }

    /// <summary>Readings over HTTP from devices that are not probes of this machine; off by default.</summary>
    public IngestSettings Ingest { get; init; } = IngestSettings.Off;

    /// <summary>The series shown: one per probe, in the settings' order, then the ones only devices send; the site's layout.</summary>
    public SiteLayout Layout => new(Station.Series);

    /// <summary>The key the page asks for, or none (<see cref="Hosting.ViewerKey"/>).</summary>
    public string? ViewerKey { get; init; }

    /// <summary>The target (and the air's series) of each series that has one.</summary>
    public IReadOnlyDictionary<string, Forecasting.HeatingGoal> Goals { get; init; } = new Dictionary<string, Forecasting.HeatingGoal>();

    /// <summary>The name on the page of each probe's series.</summary>
    public SeriesTitles Titles { get; init; } = SeriesTitles.None;

    /// <summary>The station model: the series of <see cref="Layout"/> and what each measures (set by <see cref="From"/>; else the probes' temperatures).</summary>
    public Station Station
    {
        get => field ??= new Station(Probes.Select(p => p.Series));
        init;
    }

    /// <summary><c>interval</c> / <c>--interval</c>: 10 s to a day.</summary>
    public static Setting<TimeSpan> IntervalSetting { get; } = SharedSettings.Interval(TimeSpan.FromSeconds(10));

    /// <summary><c>backfill</c> / <c>--backfill</c>: simulated history written first.</summary>
    public static Setting<TimeSpan?> BackfillSetting { get; } = new(
        "backfill", "--backfill", "First write this much simulated history, so the chart is full at once (for example 24h).", "DURATION", "0",
        text => text is "0" or "" or "none" ? null : Durations.Parse(text), shownDefault: "none");

    /// <summary><c>port</c> / <c>--port</c>: the port to serve the page on.</summary>
    public static Setting<int> PortSetting { get; } = new(
        "port", "--port", "The port to serve the page on (0: any free port).", "PORT", "8080",
        text => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535
            ? port
            : throw new FormatException($"'{text}' is not a port: use 1 to 65535 (or 0 for any free port)"));

    /// <summary><c>bind</c> / <c>--bind</c>: the address to listen on.</summary>
    public static Setting<string> BindSetting { get; } = new(
        "bind", "--bind", "The address to listen on: 127.0.0.1 is this machine only; 0.0.0.0 is every network.", "ADDRESS", "127.0.0.1",
        text => text == "localhost" || IPAddress.TryParse(text, out _)
            ? text
            : throw new FormatException($"'{text}' is not an address to listen on: use 127.0.0.1 (this machine only), 0.0.0.0 (every network) or one of the machine's addresses"));

    /// <summary>Adds the flags of <c>run</c> to its command, in the order the help lists them.</summary>
    public static void Define(SettingFlags flags)
    {
        flags.Add(SharedSettings.Series);
        flags.Add(SharedSettings.Title);
        flags.Add(GoalSettings.Target);
        flags.Add(GoalSettings.Ambient);
        flags.Add(IntervalSetting);
        SharedSettings.DefineProbes(flags);
        flags.Add(BackfillSetting);
        flags.Add(PortSetting);
        flags.Add(BindSetting);
        flags.Add(Hosting.ViewerKey.Setting);
        flags.Add(SharedSettings.TimeZone);
        SharedSettings.DefineMqtt(flags);
    }

    // A series is written by one place: a device writing a probe's series, its clock a little ahead, would take the keys
    // of the probe's next readings and push them aside (and show its value as the probe's).
    static void OneWriterPerSeries(LayeredConfiguration config, IReadOnlyList<Probe> probes, IngestSettings ingest)
    {
        foreach (var probe in probes)
        {
            var writer = ingest.Devices.FirstOrDefault(d => d.AllSeries.Contains(probe.Series, StringComparer.Ordinal))?.Name is { } device ? $"the device '{device}'"
                : ingest.Mqtt.FirstOrDefault(m => m.AllSeries.Contains(probe.Series, StringComparer.Ordinal))?.Topic is { } topic ? $"the MQTT topic '{topic}'"
                : null;
            if (writer is not null)
            {
                throw new UserErrorException(
                    $"{(config.File is { } file ? $"\"{IngestSettings.Key}\" in {file}" : IngestSettings.Key)}: {writer} writes '{probe.Series}', which this machine's probe ({probe.Sensor.Description}) writes too: a series takes readings from one place. Give the device a series of its own, or set \"sensor\": \"none\" to take '{probe.Series}' from devices only.");
            }
        }
    }

    /// <summary>Reads and checks every setting.</summary>
    /// <exception cref="UserErrorException">A value is bad; the message names its source and what is allowed.</exception>
    public static RunSettings From(LayeredConfiguration config)
    {
        SettingsSchema.Check(config);
        var probes = ProbeSettings.Read(config);
        var interval = IntervalSetting.Read(config);
        var ingest = IngestSettings.From(config);
        if (probes.Probes.Count == 0 && !ingest.Series.Any())
        {
            throw new UserErrorException($"{config.SourceOf(SharedSettings.Sensor.Key)}: with no probe on this machine (sensor none), name the devices readings come from in \"ingest\" (HTTP devices or MQTT topics).");
        }

        var mqtt = SharedSettings.ReadMqtt(config);
        if (ingest.Mqtt.Count > 0 && mqtt is null)
        {
            throw new UserErrorException($"{config.SourceOf($"{IngestSettings.Key}:mqtt:0:topic")}: readings from MQTT need the broker: set \"mqtt\", such as \"mqtt\": \"mqtt://192.168.1.5\".");
        }

        OneWriterPerSeries(config, probes.Probes, ingest);
        var series = probes.Probes.Select(p => p.Series).Concat(ingest.Series).Distinct(StringComparer.Ordinal).ToList();
        var station = StationSettings.Read(config, series, probes.Probes.Select(p => p.Series), probes.Titles);
        StationSettings.CheckMaps(config, station, ingest.MapEntries);
        series = [.. station.Series];
        var goals = GoalSettings.From(config, series);
        return new RunSettings(
            Folder: DataFolder.From(config),
            Probes: probes.Probes,
            Interval: interval,
            Sensor: SharedSettings.Sensor.Read(config),
            W1Root: SharedSettings.W1Root.Read(config),
            Backfill: BackfillSetting.Read(config),
            Port: PortSetting.Read(config),
            Bind: BindSetting.Read(config),
            TimeZone: SharedSettings.TimeZone.Read(config))
        {
            ProbeAdvice = probes.Advice,
            Titles = station.Titles,
            Station = station,
            Clock = SharedSettings.Clock.Read(config),
            Goals = goals,
            Ingest = ingest,
            Alerts = AlertSettings.From(config, series, interval, goals, station, SharedSettings.TimeZone.Read(config)),
            Mqtt = mqtt,
            ViewerKey = Hosting.ViewerKey.Setting.Read(config),
        };
    }
}
