namespace DataLogger.Forecasting;

/// <summary>
/// What a series' owner waits for: a temperature (<c>"target": 28</c>) and, when an air probe is logged too, the series
/// of the air around it (<c>"ambient": "air"</c>), which lets the forecast follow Newton's law of heating and cooling
/// instead of a straight line.
/// </summary>
/// <param name="Target">The temperature waited for, in °C.</param>
/// <param name="Ambient">The series of the surrounding air, or null.</param>
public sealed record HeatingGoal(double Target, string? Ambient = null);
