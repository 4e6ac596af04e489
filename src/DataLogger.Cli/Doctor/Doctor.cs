using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DataLogger.Cli.Common;
using DataLogger.Cli.Common.Commands;
using DataLogger.Cli.Common.Settings;
using DataLogger.Cli.Configuration;
using DataLogger.Device.Clock;
using DataLogger.Device.Sensors;
using DataLogger.Ports;
using DataLogger.Readings;

namespace DataLogger.Cli.Doctor;

/// <summary>
/// <c>datalogger doctor</c>'s checks, each from the settings the service reads: the 1-Wire bus and its probes (each
/// read now), the clock, the data folder, the store (a test object put, read back and deleted under
/// <see cref="ReadingKey.DoctorPrefix"/>), the MQTT broker, each alert channel's server, and the page's port. A check
/// that does not apply (no store, no broker) says so and does not fail.
/// </summary>
/// <param name="config">The layered settings.</param>
/// <param name="timeout">How long a network check waits.</param>
sealed class Doctor(LayeredConfiguration config, TimeSpan timeout)
{
    /// <summary>Runs every check, handing each line over as it is known.</summary>
    public async Task<IReadOnlyList<DoctorCheck>> RunAsync(Func<DoctorCheck, Task> report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var checks = new List<DoctorCheck>();
        async Task Add(DoctorCheck check)
        {
            checks.Add(check);
            await report(check).ConfigureAwait(false);
        }

        RunSettings? settings = null;
        try
        {
            settings = RunSettings.From(config);
            await Add(DoctorCheck.Ok("settings", config.File is { } file ? $"{file} read" : "no settings file: the defaults and flags")).ConfigureAwait(false);
        }
        catch (UserErrorException e)
        {
            await Add(DoctorCheck.Failed("settings", e.Message.TrimEnd('.'), $"correct it in {config.File ?? LayeredConfiguration.DefaultFile}")).ConfigureAwait(false);
        }

        foreach (var check in await ProbesAsync(settings, cancellationToken).ConfigureAwait(false))
        {
            await Add(check).ConfigureAwait(false);
        }

        await Add(Clock(settings)).ConfigureAwait(false);
        await Add(DataFolderCheck()).ConfigureAwait(false);
        await Add(await StoreAsync(settings, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        await Add(await MqttAsync(settings, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        foreach (var url in settings?.Alerts.Notify ?? [])
        {
            await Add(await ChannelAsync(url, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        }

        if (settings is not null)
        {
            await Add(await PortAsync(settings, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        }

        return checks;
    }

    // The 1-Wire bus (for the onewire and auto sensors) and every thermometer on it, each read now.
    async Task<List<DoctorCheck>> ProbesAsync(RunSettings? settings, CancellationToken cancellationToken)
    {
        var kind = SafeRead(() => SharedSettings.Sensor.Read(config), SensorKind.Auto);
        var root = SafeRead(() => SharedSettings.W1Root.Read(config), OneWireSensor.DefaultRoot);
        if (kind is not (SensorKind.OneWire or SensorKind.Auto))
        {
            return [DoctorCheck.Skipped("1-Wire", $"sensor {kind.ToString().ToLowerInvariant()}: no probe to find")];
        }

        var orNone = kind == SensorKind.Auto ? " (a machine without a probe: set \"sensor\" to simulated, or none for devices only)" : string.Empty;
        if (!Directory.Exists(root))
        {
            return [DoctorCheck.Failed("1-Wire", $"no 1-Wire bus at {root}",
                "add dtoverlay=w1-gpio to /boot/firmware/config.txt and reboot (data on GPIO 4, a 4.7 kΩ pull-up to 3.3 V)" + orNone)];
        }

        var ids = OneWireSensor.Discover(root);
        if (ids.Count == 0)
        {
            return [DoctorCheck.Failed("1-Wire", $"the bus at {root} lists no thermometer", "check the probe's three wires and the 4.7 kΩ pull-up between data and 3.3 V")];
        }

        var checks = new List<DoctorCheck> { DoctorCheck.Ok("1-Wire", $"{ids.Count} thermometer{(ids.Count == 1 ? string.Empty : "s")} at {root}") };
        foreach (var id in ids)
        {
            var series = settings?.Probes.FirstOrDefault(p => p.Sensor is OneWireSensor s && s.Id == id || p.Sensor is CalibratedSensor { Inner: OneWireSensor c } && c.Id == id)?.Series;
            var name = $"probe {id}{(series is null ? string.Empty : $" ({series})")}";
            try
            {
                var celsius = await new OneWireSensor(id, root, attempts: 2, retryDelay: TimeSpan.FromMilliseconds(200)).ReadValueAsync(cancellationToken).ConfigureAwait(false);
                checks.Add(DoctorCheck.Ok(name, string.Create(CultureInfo.InvariantCulture, $"{celsius:0.0##} °C now")));
            }
            catch (Exception e) when (e is SensorException or IOException or UnauthorizedAccessException)
            {
                checks.Add(DoctorCheck.Failed(name, e.Message.TrimEnd('.'), "check its wiring (a bad CRC or an all-zero read is a loose wire or a missing pull-up)"));
            }
        }

        checks.AddRange(AbsentProbes(root, ids));
        return checks;
    }

    // A probe the settings name that the bus does not list: its readings would never come.
    IEnumerable<DoctorCheck> AbsentProbes(string root, IReadOnlyCollection<string> ids)
    {
        foreach (var probe in config.Section(ProbeSettings.Key).GetChildren())
        {
            if (probe["id"] is { Length: > 0 } id && !ids.Contains(id, StringComparer.OrdinalIgnoreCase))
            {
                var series = probe["series"] is { Length: > 0 } named ? $" ({named})" : string.Empty;
                yield return DoctorCheck.Failed($"probe {id}{series}", $"set in the settings, but the bus at {root} does not list it (it lists {string.Join(", ", ids)})",
                    "check its wiring, or its id in the settings (a probe's id is the name of its folder on the bus)");
            }
        }
    }

    static DoctorCheck Clock(RunSettings? settings)
    {
        if (settings?.Clock == ClockTrust.Trusted)
        {
            return DoctorCheck.Ok("clock", "trusted by the clock setting (a real-time clock)");
        }

        return KernelClock.Ask() switch
        {
            ClockState.Synchronized => DoctorCheck.Ok("clock", $"synchronized ({DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ss} UTC)"),
            ClockState.Unsynchronized => DoctorCheck.Failed("clock", "not synchronized: no reading is taken until it is", "sudo timedatectl set-ntp true, and check the network (timedatectl timesync-status)"),
            ClockState.Refused => DoctorCheck.Failed("clock", "cannot be asked (ntp_adjtime: operation not permitted): no reading is taken while it cannot", "allow clock_adjtime in the unit's SystemCallFilter (the package's units do), or set \"clock\": \"trusted\" on a machine with a real-time clock"),
            _ => DoctorCheck.Skipped("clock", "this system cannot say whether its clock is synchronized"),
        };
    }

    // The data folder: made if missing, a file written, flushed and removed, and room for the readings.
    DoctorCheck DataFolderCheck()
    {
        var root = SafeRead(() => DataFolder.From(config).Root, DataFolder.DefaultRoot);
        try
        {
            Directory.CreateDirectory(root);
            var probe = Path.Join(root, $".doctor-{Environment.ProcessId}");
            using (var file = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.WriteThrough))
            {
                file.WriteByte(1);
            }

            File.Delete(probe);
            var free = new DriveInfo(root).AvailableFreeSpace;
            const long least = 100L * 1024 * 1024;
            return free < least
                ? DoctorCheck.Failed("data folder", string.Create(CultureInfo.InvariantCulture, $"{root} has {free / 1024 / 1024} MB free"), "free some space (a year of readings is about 3 MB, the site 1 MB) or set \"data\" elsewhere")
                : DoctorCheck.Ok("data folder", string.Create(CultureInfo.InvariantCulture, $"{root} is writable, {free / 1024 / 1024:N0} MB free"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return DoctorCheck.Failed("data folder", $"{root} cannot be written: {e.Message.TrimEnd('.')}", $"sudo chown -R datalogger: {root} (the service's user), or set \"data\" to a folder it may write");
        }
    }

    // The store of the agent's "store" setting: a test object put, read back and deleted under a series' doctor/.
    async Task<DoctorCheck> StoreAsync(RunSettings? settings, CancellationToken cancellationToken)
    {
        var store = SafeRead(() => AgentSettings.StoreSetting.Read(config), null);
        if (store is null)
        {
            return DoctorCheck.Skipped("store", "no \"store\" set: run keeps the readings in the data folder");
        }

        var series = settings?.Probes is [var first, ..] ? first.Series : SafeRead(() => SharedSettings.Series.Read(config), Series.Default);
        var key = ReadingKey.DoctorPrefix(series) + $"{Dns.GetHostName()}-{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}.txt";
        try
        {
            var bucket = StoreLocation.Open(store, SafeRead(() => AgentSettings.S3EndpointSetting.Read(config), null));
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout * 3);
            var body = "written by datalogger doctor, and deleted at once\n"u8.ToArray();
            await bucket.PutAsync(key, body, "text/plain", deadline.Token).ConfigureAwait(false);
            var back = await bucket.GetAsync(key, deadline.Token).ConfigureAwait(false);
            await bucket.DeleteAsync(key, deadline.Token).ConfigureAwait(false);
            return back is not null && back.AsSpan().SequenceEqual(body)
                ? DoctorCheck.Ok("store", $"{bucket.Location}: a test object put, read back and deleted ({key})")
                : DoctorCheck.Failed("store", $"{bucket.Location} did not give back the test object {key}", "check that nothing else rewrites the bucket");
        }
        catch (Exception e) when (e is StoreException or UserErrorException or OperationCanceledException or Amazon.Runtime.AmazonClientException or IOException or UnauthorizedAccessException)
        {
            var why = e is OperationCanceledException ? $"no answer within {(timeout * 3).TotalSeconds:0} s" : e.Message.TrimEnd('.');
            return DoctorCheck.Failed("store", $"{store}: {why}", "check the bucket's name, the network, and the keys in /etc/datalogger/aws.env (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION)");
        }
    }

    async Task<DoctorCheck> MqttAsync(RunSettings? settings, CancellationToken cancellationToken)
    {
        if (settings?.Mqtt is not { } mqtt)
        {
            return DoctorCheck.Skipped("mqtt", "no \"mqtt\" broker set");
        }

        return await mqtt.TryConnectAsync(timeout, cancellationToken).ConfigureAwait(false) is { } problem
            ? DoctorCheck.Failed("mqtt", $"{mqtt.Name}: {problem.TrimEnd('.')}", "check the broker's host and port, that it runs (systemctl status mosquitto), and the user and DATALOGGER_MQTT_PASSWORD")
            : DoctorCheck.Ok("mqtt", $"{mqtt.Name} took a connection");
    }

    // An alert channel: its URL (checked when the settings were read), and its server taking a connection.
    async Task<DoctorCheck> ChannelAsync(string text, CancellationToken cancellationToken)
    {
        var url = new Uri(text);
        var shown = Alerts.Channels.ChannelUrls.Redact(url);
        var port = url.IsDefaultPort || url.Port < 0
            ? url.Scheme switch { "http" => 80, "smtp" => 587, "smtps" => 465, _ => 443 }
            : url.Port;
        var host = url.Host.Length > 0 ? url.Host : "ntfy.sh";
        var problem = await ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
        return problem is null
            ? DoctorCheck.Ok("alerts", $"{shown}: {host}:{port} takes connections")
            : DoctorCheck.Failed("alerts", $"{shown}: {host}:{port} {problem}", "check the channel's URL and the network; datalogger alerts test sends a test notice");
    }

    // The page's port: free, or already serving this site (datalogger run as the service).
    async Task<DoctorCheck> PortAsync(RunSettings settings, CancellationToken cancellationToken)
    {
        var address = IPAddress.TryParse(settings.Bind, out var bind) ? bind : IPAddress.Loopback;
        try
        {
            using var listener = new TcpListener(address, settings.Port);
            listener.Start();
            listener.Stop();
            return DoctorCheck.Ok("port", $"{address}:{settings.Port} is free for the page");
        }
        catch (SocketException)
        {
            var local = address.Equals(IPAddress.Any) ? IPAddress.Loopback : address;
            using var http = new HttpClient { Timeout = timeout };
            try
            {
                var latest = await http.GetStringAsync(new Uri($"http://{local}:{settings.Port}/{DataLogger.Site.SiteFiles.Latest}"), cancellationToken).ConfigureAwait(false);
                if (latest.Contains("\"generatedAt\"", StringComparison.Ordinal))
                {
                    return DoctorCheck.Ok("port", $"{address}:{settings.Port} serves this site already (datalogger run is running)");
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not a datalogger site: in use by another program.
            }

            return DoctorCheck.Failed("port", $"{address}:{settings.Port} is in use by another program", "stop it (sudo ss -ltnp shows which), or set \"port\" to another");
        }
    }

    async Task<string?> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await client.ConnectAsync(host, port, deadline.Token).ConfigureAwait(false);
            return null;
        }
        catch (SocketException e)
        {
            return $"refused the connection or cannot be found ({e.SocketErrorCode})";
        }
        catch (OperationCanceledException)
        {
            return $"did not answer within {timeout.TotalSeconds:0} s";
        }
    }

    // A setting read for a check even when the whole settings did not read (its own problem is reported once, above).
    static T SafeRead<T>(Func<T> read, T fallback)
    {
        try
        {
            return read();
        }
        catch (UserErrorException)
        {
            return fallback;
        }
    }
}
