namespace DataLogger.Readings;

/// <summary>
/// One reading: when it was taken (Unix seconds, UTC), its value, and the unit of the value (the series' <see
/// cref="Readings.Quantity"/>'s). A temperature's value is in Celsius (<see cref="Celsius"/>), and Fahrenheit is derived
/// from it here and nowhere else; any other quantity's value is in its unit (<c>57.3</c> <c>%</c>).
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

    Reading(long timestamp, double value, string unit, string? sensorId)
    {
        Timestamp = timestamp;
        Value = value;
        Unit = unit;
        SensorId = sensorId;
    }

    /// <summary>When the reading was taken, in Unix seconds (UTC).</summary>
    public long Timestamp { get; }

    /// <summary>The number of decimals kept: millidegrees, the resolution the kernel reports.</summary>
    public const int Decimals = 3;

    /// <summary>The value, in <see cref="Unit"/>, rounded to its quantity's decimals.</summary>
    public double Value { get; }

    /// <summary>The unit of <see cref="Value"/>: <c>°C</c> for a temperature, else its quantity's (<c>%</c>, <c>pH</c>, <c>W</c>).</summary>
    public string Unit { get; }

    /// <summary>Whether this is a temperature (°C): stored with <c>celsius</c> and <c>fahrenheit</c>, the original contract.</summary>
    public bool IsTemperature => ReferenceEquals(Unit, Readings.Quantity.Temperature.Unit) || Unit == Readings.Quantity.Temperature.Unit;

    /// <summary>The temperature in degrees Celsius, rounded to 0.001: the <see cref="Value"/> of a temperature.</summary>
    public double Celsius => Value;

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

        return new Reading(timestamp, Math.Round(celsius, Decimals, MidpointRounding.AwayFromZero), Readings.Quantity.Temperature.Unit, string.IsNullOrWhiteSpace(sensorId) ? null : sensorId);
    }

    /// <summary>Creates a validated reading of <paramref name="quantity"/> (a temperature in °C is <see cref="Create(long, double, string?)"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The timestamp or value is outside the accepted range, or not finite.</exception>
    public static Reading Create(Quantity quantity, long timestamp, double value, string? sensorId = null)
    {
        ArgumentNullException.ThrowIfNull(quantity);
        if (quantity.IsTemperature)
        {
            return Create(timestamp, value, sensorId);
        }

        if (Validate(quantity, timestamp, value) is { } problem)
        {
            throw new ArgumentOutOfRangeException(nameof(value), problem);
        }

        return new Reading(timestamp, quantity.Round(value), quantity.Unit, string.IsNullOrWhiteSpace(sensorId) ? null : sensorId);
    }

    /// <summary>Creates a validated reading of <paramref name="quantity"/> from an instant; sub-second parts are dropped.</summary>
    public static Reading Create(Quantity quantity, DateTimeOffset time, double value, string? sensorId = null) =>
        Create(quantity, time.ToUnixTimeSeconds(), value, sensorId);

    /// <summary>
    /// A reading of a stored object in another unit than °C (<c>{"value": 57.3, "unit": "%"}</c>): its value as stored,
    /// checked only to be finite (the range is its series' quantity's, which the object does not name).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The timestamp is outside the accepted range, or the value is not finite.</exception>
    public static Reading Stored(long timestamp, double value, string unit, string? sensorId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(unit);
        if (unit == Readings.Quantity.Temperature.Unit)
        {
            return Create(timestamp, value, sensorId);
        }

        if (Validate(Readings.Quantity.Number(unit), timestamp, value) is { } problem)
        {
            throw new ArgumentOutOfRangeException(nameof(value), problem);
        }

        return new Reading(timestamp, value, unit, string.IsNullOrWhiteSpace(sensorId) ? null : sensorId);
    }

    /// <summary>Says what is wrong with a timestamp and value of <paramref name="quantity"/>, or returns null when both are acceptable.</summary>
    public static string? Validate(Quantity quantity, long timestamp, double value)
    {
        ArgumentNullException.ThrowIfNull(quantity);
        return quantity.IsTemperature ? Validate(timestamp, value) : quantity.Check(value) ?? ValidateTime(timestamp);
    }

    /// <summary>Creates a validated reading from an instant; sub-second parts are dropped.</summary>
    public static Reading Create(DateTimeOffset time, double celsius, string? sensorId = null) =>
        Create(time.ToUnixTimeSeconds(), celsius, sensorId);

    /// <summary>The same value at another time, without its sensor: a reading compared with (yesterday's moved a day later).</summary>
    public Reading MovedTo(long timestamp) => new(timestamp, Value, Unit, null);

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

        return ValidateTime(timestamp);
    }

    static string? ValidateTime(long timestamp)
    {
        if (timestamp < MinTimestamp)
        {
            return FormattableString.Invariant($"timestamp {timestamp} is before 2000-01-01: the clock was probably not set");
        }

        return timestamp > MaxTimestamp ? FormattableString.Invariant($"timestamp {timestamp} is after the year 9999") : null;
    }
}
