using DataLogger.Ports;

namespace DataLogger.Device.Sensors;

/// <summary>
/// A DS18B20 probe on the Linux 1-Wire bus, read through sysfs (<c>/sys/bus/w1/devices/28-*/w1_slave</c>).
/// A read that cannot be trusted is retried a few times before the sensor reports itself as failing.
/// </summary>
public sealed class Ds18b20Sensor : ISensor
{
    /// <summary>Where the kernel lists 1-Wire devices.</summary>
    public const string DefaultRoot = "/sys/bus/w1/devices";

    readonly string _path;
    readonly int _attempts;
    readonly TimeSpan _retryDelay;

    /// <summary>Creates a sensor for the probe <paramref name="id"/> under <paramref name="w1Root"/>.</summary>
    /// <param name="id">The probe's 1-Wire id, for example <c>28-0316a279c4ff</c>.</param>
    /// <param name="w1Root">The 1-Wire devices folder (another tree for tests).</param>
    /// <param name="attempts">How many reads to try before giving up.</param>
    /// <param name="retryDelay">The pause between tries (a conversion takes up to 750 ms).</param>
    public Ds18b20Sensor(string id, string w1Root = DefaultRoot, int attempts = 3, TimeSpan? retryDelay = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        Id = id;
        _path = Path.Join(w1Root, id, "w1_slave");
        _attempts = Math.Max(1, attempts);
        _retryDelay = retryDelay ?? TimeSpan.FromMilliseconds(750);
    }

    /// <inheritdoc />
    public string Description => $"DS18B20 {Id}";

    /// <inheritdoc />
    public string? Id { get; }

    /// <summary>The ids of the DS18B20 probes under <paramref name="w1Root"/> (family code 28), sorted.</summary>
    public static IReadOnlyList<string> Discover(string w1Root = DefaultRoot)
    {
        try
        {
            return Directory.Exists(w1Root)
                ? [.. Directory.EnumerateFileSystemEntries(w1Root, "28-*").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)]
                : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <inheritdoc />
    public async Task<double> ReadCelsiusAsync(CancellationToken cancellationToken = default)
    {
        SensorException? last = null;
        for (var attempt = 1; attempt <= _attempts; attempt++)
        {
            try
            {
                var text = await File.ReadAllTextAsync(_path, cancellationToken).ConfigureAwait(false);
                return W1Slave.Parse(text);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                throw new SensorException($"DS18B20 {Id} is not there ({_path} is missing): check that the probe is plugged in and the w1-gpio overlay is enabled", e);
            }
            catch (IOException e)
            {
                last = new SensorException($"DS18B20 {Id} could not be read: {e.Message}", e);
            }
            catch (SensorException e)
            {
                last = new SensorException($"DS18B20 {Id}: {e.Message}", e);
            }

            if (attempt < _attempts)
            {
                await Task.Delay(_retryDelay, cancellationToken).ConfigureAwait(false);
            }
        }

        throw new SensorException($"{last!.Message} (after {_attempts} tries)", last);
    }
}
