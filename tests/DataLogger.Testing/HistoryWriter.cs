using DataLogger.Readings;
using DataLogger.Simulation;

namespace DataLogger.Testing;

/// <summary>Writes reading files straight into a bucket folder, as the local store lays them out.</summary>
public static class HistoryWriter
{
    public static List<Reading> WriteHistory(string bucket, string series, DateTimeOffset end, TimeSpan length, TimeSpan? interval = null, int seed = 1)
    {
        var readings = History.Generate(new PoolModel(seed: seed), end, length, interval ?? TimeSpan.FromMinutes(5)).ToList();
        foreach (var reading in readings)
        {
            Write(bucket, series, reading);
        }

        return readings;
    }

    public static string Write(string bucket, string series, Reading reading) =>
        WriteRaw(bucket, ReadingKey.For(series, reading).ToString(), ReadingJson.Encode(reading));

    public static string WriteRaw(string bucket, string key, byte[] body)
    {
        var path = Path.Join(bucket, key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, body);
        return path;
    }

    public static string WriteRaw(string bucket, string key, string body) => WriteRaw(bucket, key, System.Text.Encoding.UTF8.GetBytes(body));
}
