using DataLogger.Readings;
using Parquet;
using Parquet.Schema;

namespace DataLogger.Compaction;

/// <summary>
/// A compacted day's Parquet object: the data columns of the readings table (<c>timestamp</c> bigint,
/// <c>celsius</c>, <c>celcius</c>, <c>fahrenheit</c> double, <c>sensor</c> string, <c>value</c> double and <c>unit</c>
/// string: another quantity's), one row per reading in time order,
/// one row group, Snappy-compressed. The partition columns are the object's key (<see cref="ReadingKey.CompactedKey"/>),
/// as Athena's partition projection gives them.
/// </summary>
public static class CompactedDay
{
    /// <summary>The media type the objects are stored with.</summary>
    public const string ContentType = "application/vnd.apache.parquet";

    static readonly DataField<long> Timestamp = new("timestamp", nullable: false);
    static readonly DataField<double?> Celsius = new("celsius");
    static readonly DataField<double?> Celcius = new("celcius");
    static readonly DataField<double?> Fahrenheit = new("fahrenheit");
    static readonly DataField<string> Sensor = new("sensor", nullable: true);
    static readonly DataField<double?> Value = new("value");
    static readonly DataField<string> Unit = new("unit", nullable: true);
    static readonly ParquetSchema Schema = new(Timestamp, Celsius, Celcius, Fahrenheit, Sensor, Value, Unit);

    /// <summary>Encodes <paramref name="rows"/> (in the order given) as one Parquet object.</summary>
    public static async Task<byte[]> EncodeAsync(IReadOnlyList<CompactedRow> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        using var stream = new MemoryStream();
        var writer = await ParquetWriter.CreateAsync(Schema, stream, new ParquetOptions { CompressionMethod = CompressionMethod.Snappy }, cancellationToken: cancellationToken).ConfigureAwait(false);
        await using (writer.ConfigureAwait(false))
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync<long>(Timestamp, rows.Select(r => r.Timestamp).ToArray(), cancellationToken: cancellationToken).ConfigureAwait(false);
            await group.WriteAsync<double>(Celsius, rows.Select(r => r.Celsius).ToArray(), cancellationToken: cancellationToken).ConfigureAwait(false);
            await group.WriteAsync<double>(Celcius, rows.Select(r => r.Celcius).ToArray(), cancellationToken: cancellationToken).ConfigureAwait(false);
            await group.WriteAsync<double>(Fahrenheit, rows.Select(r => r.Fahrenheit).ToArray(), cancellationToken: cancellationToken).ConfigureAwait(false);
            await group.WriteAsync(Sensor, rows.Select(r => r.Sensor!).ToArray()).ConfigureAwait(false);
            await group.WriteAsync<double>(Value, rows.Select(r => r.Value).ToArray(), cancellationToken: cancellationToken).ConfigureAwait(false);
            await group.WriteAsync(Unit, rows.Select(r => r.Unit!).ToArray()).ConfigureAwait(false);
        }

        return stream.ToArray();
    }

    /// <summary>Decodes a Parquet object written by <see cref="EncodeAsync"/>.</summary>
    /// <exception cref="InvalidDataException">The object is not such a Parquet object.</exception>
    public static async Task<List<CompactedRow>> DecodeAsync(byte[] body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        var rows = new List<CompactedRow>();
        try
        {
            using var stream = new MemoryStream(body, writable: false);
            var reader = await ParquetReader.CreateAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            await using var scope = reader.ConfigureAwait(false);
            for (var i = 0; i < reader.RowGroupCount; i++)
            {
                using var group = reader.OpenRowGroupReader(i);
                var count = checked((int)group.RowCount);
                var timestamps = new long[count];
                double?[] celsius = new double?[count], celcius = new double?[count], fahrenheit = new double?[count];
                var sensors = new string?[count];
                await group.ReadAsync(Timestamp, timestamps.AsMemory(), cancellationToken: cancellationToken).ConfigureAwait(false);
                await group.ReadAsync(Celsius, celsius.AsMemory(), cancellationToken: cancellationToken).ConfigureAwait(false);
                await group.ReadAsync(Celcius, celcius.AsMemory(), cancellationToken: cancellationToken).ConfigureAwait(false);
                await group.ReadAsync(Fahrenheit, fahrenheit.AsMemory(), cancellationToken: cancellationToken).ConfigureAwait(false);
                await group.ReadAsync(Sensor, sensors.AsMemory(), cancellationToken: cancellationToken).ConfigureAwait(false);

                // Days compacted before other quantities were stored have no value and unit columns.
                double?[] values = new double?[count];
                var units = new string?[count];
                if (reader.Schema.DataFields.Any(f => f.Name == Value.Name))
                {
                    await group.ReadAsync(Value, values.AsMemory(), cancellationToken: cancellationToken).ConfigureAwait(false);
                    await group.ReadAsync(Unit, units.AsMemory(), cancellationToken: cancellationToken).ConfigureAwait(false);
                }

                for (var row = 0; row < count; row++)
                {
                    rows.Add(new CompactedRow(timestamps[row], celsius[row], celcius[row], fahrenheit[row], sensors[row]) { Value = values[row], Unit = units[row] });
                }
            }
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ArgumentException or NotSupportedException)
        {
            throw new InvalidDataException($"not a compacted day ({e.Message})", e);
        }

        return rows;
    }
}
