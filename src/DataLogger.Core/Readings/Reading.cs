namespace DataLogger.Readings;

/// <summary>
/// One temperature reading: when it was taken (Unix seconds, UTC) and the temperature in Celsius.
/// Fahrenheit is derived from Celsius here and nowhere else.
/// </summary>
/// <remarks>
/// Construct through <see cref="Create(long, double, string?)"/> (or <see cref="Create(DateTimeOffset, double, string?)"/>):
/// it validates the values and rounds Celsius to the contract's precision, the kernel's millidegrees (0.001 °C: a
/// DS18B20's 1/16 °C steps such as 21.875 are kept exactly), so a reading written and read back compares equal.
/// Older objects written at 0.01 °C read as they are.
/// </remarks>
public sealed record Reading
{
    /// <summary>The lowest Celsius value accepted: the DS18B20's lower limit.</summary>
    public const double MinCelsius = -55.0;

    /// <summary>The highest Celsius value accepted: the DS18B20's upper limit.</summary>
    public const double MaxCelsius = 125.0;

    /// <summary>The earliest timestamp accepted, 2000-01-01T00:00:00Z. Earlier means a clock that was never set.</summary>
    public const long MinTimestamp = 946_684_800;

    /// <summary>The latest timestamp accepted, 9999-12-31T23:59:59Z.</summary>
    public const long MaxTimestamp = 253_402_300_799;

    Reading(long timestamp, double celsius, string? sensorId)
    {
        Timestamp = timestamp;
        Celsius = celsius;
        SensorId = sensorId;
    }

    /// <summary>When the reading was taken, in Unix seconds (UTC).</summary>
    public long Timestamp { get; }

    /// <summary>The number of decimals kept: millidegrees, the resolution the kernel reports.</summary>
    public const int Decimals = 3;

    /// <summary>The temperature in degrees Celsius, rounded to 0.001.</summary>
    public double Celsius { get; }

    /// <summary>The temperature in degrees Fahrenheit, derived from <see cref="Celsius"/> and rounded to 0.001.</summary>
    public double Fahrenheit => ToFahrenheit(Celsius);

    /// <summary>The sensor that took the reading (a 1-Wire id such as <c>28-0316a279c4ff</c>), when known.</summary>
    public string? SensorId { get; }

    /// <summary>When the reading was taken, as a UTC instant.</summary>
    public DateTimeOffset Time => DateTimeOffset.FromUnixTimeSeconds(Timestamp);

    /// <summary>Creates a validated reading.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The timestamp or temperature is outside the accepted range, or not finite.</exception>
    public static Reading Create(long timestamp, double celsius, string? sensorId = null)
    {
        if (Validate(timestamp, celsius) is { } problem)
        {
            throw new ArgumentOutOfRangeException(nameof(celsius), problem);
        }

        return new Reading(timestamp, Math.Round(celsius, Decimals, MidpointRounding.AwayFromZero), string.IsNullOrWhiteSpace(sensorId) ? null : sensorId);
    }

    /// <summary>Creates a validated reading from an instant; sub-second parts are dropped.</summary>
    public static Reading Create(DateTimeOffset time, double celsius, string? sensorId = null) =>
        Create(time.ToUnixTimeSeconds(), celsius, sensorId);

    /// <summary>Converts Celsius to Fahrenheit, rounded to 0.001: the one place the conversion is done.</summary>
    public static double ToFahrenheit(double celsius) => Math.Round((celsius * 9.0 / 5.0) + 32.0, Decimals, MidpointRounding.AwayFromZero);

    /// <summary>Says what is wrong with a timestamp and temperature, or returns null when both are acceptable.</summary>
    public static string? Validate(long timestamp, double celsius)
    {
        if (!double.IsFinite(celsius))
        {
            return $"temperature {celsius} °C is not a finite number";
        }

        if (celsius is < MinCelsius or > MaxCelsius)
        {
            return FormattableString.Invariant($"temperature {celsius} °C is outside the supported range {MinCelsius} to {MaxCelsius} °C");
        }

        if (timestamp < MinTimestamp)
        {
            return FormattableString.Invariant($"timestamp {timestamp} is before 2000-01-01: the clock was probably not set");
        }

        return timestamp > MaxTimestamp ? FormattableString.Invariant($"timestamp {timestamp} is after the year 9999") : null;
    }
}
