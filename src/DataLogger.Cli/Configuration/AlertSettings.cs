using System.Globalization;
using DataLogger.Alerts;
using DataLogger.Alerts.Channels;
using DataLogger.Cli.Common;
using DataLogger.Time;

namespace DataLogger.Cli.Configuration;

/// <summary>
/// The <c>alerts</c> settings of <c>datalogger run</c>: thresholds and timings for every series, overridden per probe
/// (<c>"probes": [{"id": ..., "series": "spa", "alerts": {"above": 40}}]</c>) or per series (<c>"series": {"ph":
/// {"below": 7.2, "above": 7.8}}</c>, in the series' unit: the shared thresholds are °C, a temperature's), and the
/// channels notices go to:
/// <code>
/// "alerts": { "below": 10, "above": 32, "hysteresis": 0.5, "for": "15m", "offlineAfter": "30m", "repeat": "6h",
///             "notify": ["ntfy://ntfy.sh/our-pool", "https://example.org/hook", "smtp://me@mail.example.org:587?to=me@example.org"] }
/// </code>
/// With a <c>target</c> (<see cref="GoalSettings"/>) and a channel, the series also says when it has reached it
/// (<c>"reached": "off"</c> turns that off). Where nothing is written there are no threshold alerts; the offline alert is on only when a channel is configured
/// (after three intervals unless <c>offlineAfter</c> says otherwise, <c>off</c> to turn it off). With a channel, the
/// pool's fault rules watch the station's water (<see cref="PoolWatch"/>: stuck, jump, glitches; not heating with a state
/// series for the heater; frost with the water's <c>ambient</c> air), on by default (<c>"watch": "off"</c> turns them
/// off).
/// </summary>
/// <param name="Rules">Every series' rules.</param>
/// <param name="Notify">The channels' URLs, as written.</param>
sealed record AlertSettings(IReadOnlyList<AlertRule> Rules, IReadOnlyList<string> Notify)
{
    /// <summary>The section's name.</summary>
    public const string Key = "alerts";

    /// <summary>What the pool's fault rules watch, or null (no channel, no water, or <c>"watch": "off"</c>).</summary>
    public WatchSettings? Watch { get; init; }

    /// <summary>The hours no notice is sent (<c>"quietHours": "22:00-07:00"</c>), or null.</summary>
    public QuietHours? Quiet { get; init; }

    /// <summary>No alerts.</summary>
    public static AlertSettings None { get; } = new([], []);

    /// <summary>Reads and checks the alerts of <paramref name="series"/> (in the probes' order); each bad value names its source.</summary>
    /// <exception cref="UserErrorException">A value is bad.</exception>
    public static AlertSettings From(LayeredConfiguration config, IReadOnlyList<string> series, TimeSpan interval, IReadOnlyDictionary<string, Forecasting.HeatingGoal>? goals = null, Readings.Station? station = null, TimeZoneInfo? zone = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(series);
        station ??= new Readings.Station(series);
        var notify = Channels(config);
        var rules = new List<AlertRule>();
        var probes = config.Section("probes").GetChildren().ToList();
        for (var i = 0; i < series.Count; i++)
        {
            // A series' own section wins over the shared one, setting by setting: a probe's (probes[i].alerts) or any
            // series' (alerts.series.NAME). The shared thresholds are in °C: another quantity takes only its own.
            var own = i < probes.Count && probes.Count <= series.Count ? $"probes:{probes[i].Key}:{Key}" : $"{Key}:series:{series[i]}";
            rules.AddRange(RulesOf(config, new SeriesAlerts(series[i], own, station.QuantityOf(series[i]), station.IsSparse(series[i])), interval, notify.Count > 0, goals));
        }

        // The water's balance, from the station's tests and its water temperature (alerts.balance: {"below": -0.3, "above": 0.3}).
        if (config.Section($"{Key}:balance").GetChildren().Any())
        {
            var needed = new[] { Readings.Quantity.Ph, Readings.Quantity.TotalAlkalinity, Readings.Quantity.CalciumHardness };
            if (needed.FirstOrDefault(q => !station.Series.Any(s => station.QuantityOf(s) == q)) is { } lacking)
            {
                throw new UserErrorException($"{config.SourceOf($"{Key}:balance")}: the water balance needs a series of {lacking.Title.ToLowerInvariant()} ({lacking.Name}) beside pH, total alkalinity and calcium hardness: name them in \"quantities\", such as \"quantities\": {{\"ph\": \"ph\", \"ta\": \"total_alkalinity\", \"ch\": \"calcium_hardness\"}}.");
            }

            rules.AddRange(RulesOf(config, new SeriesAlerts(Chemistry.WaterBalance.Series, $"{Key}:balance", Chemistry.WaterBalance.Quantity, Sparse: true), interval, notify.Count > 0, goals: null));
        }

        if (rules.Count > 0 && notify.Count == 0)
        {
            throw new UserErrorException($"{config.SourceOf($"{Key}:below")}: alerts are set but \"notify\" names no channel: add one, such as \"notify\": [\"ntfy://ntfy.sh/your-topic\"].");
        }

        var watch = notify.Count > 0 ? WatchOf(config, station, goals) : null;
        var quiet = config.Parse<QuietHours?>($"{Key}:quietHours", string.Empty, text => text.Length == 0 ? null : QuietHours.Parse(text, zone ?? TimeZoneInfo.Local));
        return new AlertSettings([.. rules, .. watch is null ? [] : PoolWatch.Rules(watch)], notify) { Watch = watch, Quiet = quiet };
    }

    // The pool's fault rules as the station has them (WatchSettings.For), unless "watch" is off.
    static WatchSettings? WatchOf(LayeredConfiguration config, Readings.Station station, IReadOnlyDictionary<string, Forecasting.HeatingGoal>? goals) =>
        config.Parse($"{Key}:watch", "on", OnOrOff) ? WatchSettings.For(station, goals) : null;

    // A switch of the alerts: on (or true) or off (or false).
    static bool OnOrOff(string text) => text is "on" or "true" ? true : text is "off" or "false" ? false
        : throw new FormatException($"'{text}' is not on or off");

    // A series, where its own alert settings are, what it measures, and whether its readings come rarely (a state, a
    // series entered by hand), which are not offline when quiet unless its own settings say so.
    sealed record SeriesAlerts(string Series, string Own, Readings.Quantity Quantity, bool Sparse);

    // One series' rules: below and above (in its unit), reached (a target), offline.
    static List<AlertRule> RulesOf(LayeredConfiguration config, SeriesAlerts of, TimeSpan interval, bool channels, IReadOnlyDictionary<string, Forecasting.HeatingGoal>? goals)
    {
        var quantity = of.Quantity;
        string? Where(string name, bool shared) => config[$"{of.Own}:{name}"] is not null ? $"{of.Own}:{name}" : shared ? $"{Key}:{name}" : null;
        T Read<T>(string name, string fallback, Func<string, T> parse, bool shared = true) =>
            Where(name, shared) is { } at ? config.Parse(at, fallback, parse) : parse(fallback);

        var inUnit = quantity.IsTemperature;
        var below = Read<double?>("below", string.Empty, text => ParseIn(quantity, text), inUnit);
        var above = Read<double?>("above", string.Empty, text => ParseIn(quantity, text), inUnit);
        if (below is { } low && above is { } high && low >= high)
        {
            throw new UserErrorException($"{config.SourceOf(Where("below", inUnit)!)}: below {quantity.Format(low)} is not below above {quantity.Format(high)}: an alert would always fire.");
        }

        var hysteresis = Read("hysteresis", quantity.Hysteresis.ToString(CultureInfo.InvariantCulture), text =>
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var h) && h >= 0 && h <= (inUnit ? 20 : (quantity.Max - quantity.Min) / 5)
                ? h
                : throw new FormatException($"'{text}' is not a hysteresis: write {quantity.Unit} from 0 to {(inUnit ? 20 : (quantity.Max - quantity.Min) / 5).ToString(CultureInfo.InvariantCulture)}, such as {quantity.Hysteresis.ToString(CultureInfo.InvariantCulture)}"), inUnit);
        var holdFor = Read("for", "0", text => text is "0" ? TimeSpan.Zero : Durations.Parse(text));
        var repeat = Read<TimeSpan?>("repeat", "off", text => text is "off" or "0" or "" ? null : Durations.Parse(text));
        var offlineAfter = Read<TimeSpan?>("offlineAfter", channels && !of.Sparse ? Durations.Format(Staleness.After(interval)) : "off", text =>
            text is "off" or "0" or "" ? null
                : Durations.Parse(text) is var d && d >= interval ? d
                : throw new FormatException($"'{text}' is shorter than the interval between readings ({Durations.Format(interval)}): every reading would be late"), shared: !of.Sparse);
        var rules = new List<AlertRule>();
        foreach (var (kind, threshold) in new[] { (AlertKind.Below, below), (AlertKind.Above, above) })
        {
            if (threshold is not null)
            {
                rules.Add(new AlertRule(of.Series, kind, threshold) { Hysteresis = hysteresis, For = holdFor, Repeat = repeat, Quantity = quantity });
            }
        }

        // "reached": on when the series has a target and a channel is set ("reached": "off" turns it off).
        var reached = Read("reached", "on", OnOrOff);
        if (reached && channels && goals?.GetValueOrDefault(of.Series) is { } goal)
        {
            rules.Add(new AlertRule(of.Series, AlertKind.Reached, goal.Target) { Hysteresis = hysteresis, For = holdFor });
        }

        if (offlineAfter is { } after)
        {
            rules.Add(new AlertRule(of.Series, AlertKind.Offline, null) { OfflineAfter = after, Repeat = repeat, Quantity = quantity });
        }

        return rules;
    }

    // The channels' URLs, each checked: a list, or one URL (an environment variable).
    static List<string> Channels(LayeredConfiguration config)
    {
        var notify = config.Section($"{Key}:notify").GetChildren().OrderBy(c => int.TryParse(c.Key, CultureInfo.InvariantCulture, out var i) ? i : int.MaxValue)
            .Select(c => config.Parse($"{Key}:notify:{c.Key}", string.Empty, text => Check(text))).ToList();
        if (config[$"{Key}:notify"] is { Length: > 0 } single)
        {
            notify.Insert(0, config.Parse($"{Key}:notify", string.Empty, text => Check(single)));
        }

        return notify;
    }

    // A threshold in the unit of what the series measures: °C from -55 to 125 for a temperature, as the settings always took.
    static double? ParseIn(Readings.Quantity quantity, string text)
    {
        if (text.Length == 0)
        {
            return null;
        }

        if (quantity.IsTemperature)
        {
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var c) && c is >= Readings.Reading.MinCelsius and <= Readings.Reading.MaxCelsius
                ? c
                : throw new FormatException($"'{text}' is not a temperature: write °C from -55 to 125, such as 10 or 31.5");
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && quantity.Check(v) is null
            ? v
            : throw new FormatException($"'{text}' is not a {quantity.Noun} threshold: write {quantity.Unit} from {quantity.Min.ToString(CultureInfo.InvariantCulture)} to {quantity.Max.ToString(CultureInfo.InvariantCulture)}");
    }

    // A channel URL, checked as it will be used (secrets never printed).
    static string Check(string text)
    {
        using var http = new HttpClient();
        _ = ChannelUrls.Parse(text, http);
        return text;
    }
}
