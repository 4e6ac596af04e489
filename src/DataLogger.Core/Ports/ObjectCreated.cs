namespace DataLogger.Ports;

/// <summary>An object was stored: the local stand-in for an S3 "object created" notification.</summary>
/// <param name="Key">The key of the object.</param>
/// <param name="Size">The size of the object in bytes.</param>
public sealed record ObjectCreated(string Key, long Size);
