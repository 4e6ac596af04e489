using DataLogger.Ports;

namespace DataLogger.Device.Sensors;

/// <summary>
/// A 1-Wire thermometer of any family the kernel's <c>w1_therm</c> driver serves (DS18S20, DS1822, DS18B20, DS1825,
/// MAX31850, DS28EA00; see <see cref="OneWireFamily"/>), read through sysfs (<c>/sys/bus/w1/devices/28-*/w1_slave</c>) at
/// the kernel's millidegree resolution. A read that cannot be trusted is retried a few times before the sensor reports
/// itself as failing. Exactly 85.000 °C, the power-on value, is believed only when the probe's previous good reading
/// was within <see cref="PowerOnTolerance"/> of it: otherwise it is a read before a conversion finished, whatever
/// the scratchpad's other bytes say (clones differ), and a false spike on the chart and a false "above" alert.
/// </summary>
public sealed class OneWireSensor : ISensor
{
    /// <summary>Where the kernel lists 1-Wire devices.</summary>
    public const string DefaultRoot = "/sys/bus/w1/devices";

    readonly string _path;
    readonly int _attempts;
    readonly TimeSpan _retryDelay;
    double? _lastGood;

    /// <summary>How near 85 °C the previous good reading must be for the power-on value to be taken as a real reading.</summary>
    public const double PowerOnTolerance = SensorException.PowerOnTolerance;

    /// <summary>Creates a sensor for the probe <paramref name="id"/> under <paramref name="w1Root"/>.</summary>
    /// <param name="id">The probe's 1-Wire id, for example <c>28-0316a279c4ff</c>; its first two digits name its family.</param>
    /// <param name="w1Root">The 1-Wire devices folder (another tree for tests).</param>
    /// <param name="attempts">How many reads to try before giving up.</param>
    /// <param name="retryDelay">The pause between tries (a conversion takes up to 750 ms).</param>
    /// <exception cref="ArgumentException">The id is no thermometer's (its family is not one the driver serves).</exception>
    public OneWireSensor(string id, string w1Root = DefaultRoot, int attempts = 3, TimeSpan? retryDelay = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        Family = OneWireFamily.Of(id) ?? throw new ArgumentException(
            $"'{id}' is not a 1-Wire thermometer's id: it starts with its family code, one of {string.Join(", ", OneWireFamily.All.Select(f => $"{f.Code} ({f.Name})"))}, then '-'", nameof(id));
        Id = id;
        _path = Path.Join(w1Root, id, "w1_slave");
        _attempts = Math.Max(1, attempts);
        _retryDelay = retryDelay ?? TimeSpan.FromMilliseconds(750);
    }

    /// <summary>The probe's family.</summary>
    public OneWireFamily Family { get; }

    /// <inheritdoc />
    public string Description => $"{Family.Name} {Id}";

    /// <inheritdoc />
    public string? Id { get; }

    /// <summary>The ids of the thermometers under <paramref name="w1Root"/>, of every family the driver serves, sorted.</summary>
    public static IReadOnlyList<string> Discover(string w1Root = DefaultRoot)
    {
        try
        {
            return Directory.Exists(w1Root)
                ? [.. Directory.EnumerateFileSystemEntries(w1Root).Select(Path.GetFileName).OfType<string>().Where(id => OneWireFamily.Of(id) is not null).Order(StringComparer.Ordinal)]
                : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <inheritdoc />
    public async Task<double> ReadValueAsync(CancellationToken cancellationToken = default)
    {
        SensorException? last = null;
        for (var attempt = 1; attempt <= _attempts; attempt++)
        {
            try
            {
                var text = await File.ReadAllTextAsync(_path, cancellationToken).ConfigureAwait(false);
                var millidegrees = OneWireSlave.Parse(text, Family, out var powerOnValue);
                var celsius = millidegrees / 1000.0;
                if (powerOnValue && millidegrees == 85_000 && !(_lastGood is { } previous && Math.Abs(previous - celsius) <= PowerOnTolerance))
                {
                    throw new SensorException(
                        FormattableString.Invariant($"the probe returned 85.000 °C, its power-on value, and its previous reading was {(_lastGood is { } p ? $"{p:0.000} °C" : "none yet")}: a read before a conversion finished (often a power glitch)"),
                        "power_on");
                }

                _lastGood = celsius;
                return celsius;
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                throw new SensorException($"{Description} is not there ({_path} is missing): check that the probe is plugged in and the w1-gpio overlay is enabled", "missing", e);
            }
            catch (IOException e)
            {
                last = new SensorException($"{Description} could not be read: {e.Message}", "unreadable", e);
            }
            catch (SensorException e)
            {
                last = new SensorException($"{Description}: {e.Message}", e.Reason, e);
            }

            if (attempt < _attempts)
            {
                await Task.Delay(_retryDelay, cancellationToken).ConfigureAwait(false);
            }
        }

        throw new SensorException($"{last!.Message} (after {_attempts} tries)", last.Reason, last);
    }
}
