namespace DataLogger.Ports;

/// <summary>A sensor gave no trustworthy value (missing probe, CRC failure, power-on value). The message says what to check.</summary>
public sealed class SensorException : Exception
{
    /// <summary>Creates the exception with a message that says what went wrong and what to check.</summary>
    public SensorException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a short reason for the counts (<see cref="Reason"/>).</summary>
    public SensorException(string message, string reason)
        : base(message) => Reason = reason;

    /// <summary>Creates the exception with a message, a reason and the error that caused it.</summary>
    public SensorException(string message, string reason, Exception innerException)
        : base(message, innerException) => Reason = reason;

    /// <summary>The value a 1-Wire thermometer reports before a conversion finished (its power-on value), °C.</summary>
    public const double PowerOnCelsius = 85.0;

    /// <summary>How near <see cref="PowerOnCelsius"/> the probe's previous good reading must be for it to be a real reading.</summary>
    public const double PowerOnTolerance = 5.0;

    /// <summary>
    /// Every <see cref="Reason"/>: a bad CRC, an empty file, an all-zero scratchpad, the power-on value, a
    /// thermocouple fault, a damaged line, a probe missing or unreadable, a value outside -55 to 125 °C, or other.
    /// </summary>
    public static IReadOnlyList<string> Reasons { get; } = ["crc", "empty", "all_zero", "power_on", "fault", "damaged", "missing", "unreadable", "out_of_range", "other"];

    /// <summary>Why, in one word of <see cref="Reasons"/>, for counting failed reads (the metrics' <c>reason</c> label).</summary>
    public string Reason { get; init; } = "other";

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public SensorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public SensorException()
        : base("The sensor gave no reading.")
    {
    }
}
