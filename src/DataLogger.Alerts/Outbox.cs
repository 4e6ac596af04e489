using System.Globalization;
using System.Text.Json;
using DataLogger.Alerts.Channels;
using DataLogger.Files;
using DataLogger.Time;

namespace DataLogger.Alerts;

/// <summary>
/// Every notice not yet delivered, one file per notice and channel (<c>{notice id}.{channel key}.json</c>), written
/// atomically before any delivery is tried, like a reading in the spool: a server that is down, a restart, a power cut
/// loses nothing. A file leaves when its channel has the notice; a temporary failure is retried with backoff (30 s,
/// doubling, at most an hour apart) for up to three days; a refusal (a 4xx, a bad address) moves it to
/// <c>failed/</c>, kept and logged, never retried forever. The same notice added twice is one file.
/// </summary>
public sealed class Outbox
{
    /// <summary>How long a notice is retried before it is given up (and kept in <c>failed/</c>).</summary>
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromDays(3);

    // 30 s doubling to an hour between tries of a notice.
    static readonly Backoff Retry = new(TimeSpan.FromSeconds(30), TimeSpan.FromHours(1));

    readonly string _folder;
    readonly TimeProvider _time;

    /// <summary>The outbox in <paramref name="folder"/>.</summary>
    public Outbox(string folder, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        _folder = Path.GetFullPath(folder);
        _time = time ?? TimeProvider.System;
        Directory.CreateDirectory(_folder);
        AtomicFile.RemoveLeftovers(_folder);
    }

    /// <summary>The folder of notices given up or refused.</summary>
    public string FailedFolder => Path.Join(_folder, "failed");

    /// <summary>The hours a notice made then waits through (kept, sent at their end), or null.</summary>
    public QuietHours? Quiet { get; init; }

    /// <summary>How many deliveries wait.</summary>
    public int Count => Directory.EnumerateFiles(_folder, "*.json").Count();

    /// <summary>Keeps <paramref name="notice"/> for each of <paramref name="channels"/>, durably; one already kept stays as it is.</summary>
    public async Task AddAsync(AlertNotice notice, IEnumerable<Channel> channels, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notice);
        ArgumentNullException.ThrowIfNull(channels);
        foreach (var channel in channels)
        {
            var path = Path.Join(_folder, $"{Safe(notice.Id)}.{channel.Key}.json");
            if (!File.Exists(path))
            {
                var now = _time.GetUtcNow();
                var entry = new Entry(notice, channel.Key, channel.Name, 0, now, Quiet?.EndOf(now) ?? now, null);
                await AtomicFile.WriteAsync(path, entry.Encode(), cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Tries every delivery that is due, oldest first; returns what happened to each.</summary>
    public async Task<IReadOnlyList<DeliveryAttempt>> DeliverAsync(IReadOnlyList<Channel> channels, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channels);
        var byKey = channels.ToDictionary(c => c.Key, StringComparer.Ordinal);
        var attempts = new List<DeliveryAttempt>();
        var now = _time.GetUtcNow();
        foreach (var (path, entry) in Entries().Where(e => e.Entry.NextAttempt <= now).OrderBy(e => e.Entry.Added))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!byKey.TryGetValue(entry.ChannelKey, out var channel))
            {
                await FailAsync(path, entry, $"{entry.ChannelName} is no longer in the notify setting", cancellationToken).ConfigureAwait(false);
                attempts.Add(new DeliveryAttempt(entry.Notice, entry.ChannelName, Delivery.Refused("no longer configured")));
                continue;
            }

            var delivery = await channel.SendAsync(entry.Notice, cancellationToken).ConfigureAwait(false);
            attempts.Add(new DeliveryAttempt(entry.Notice, channel.Name, delivery));
            switch (delivery.Outcome)
            {
                case DeliveryOutcome.Delivered:
                    File.Delete(path);
                    break;
                case DeliveryOutcome.Refused:
                    await FailAsync(path, entry, delivery.Reason!, cancellationToken).ConfigureAwait(false);
                    break;
                case DeliveryOutcome.Retry when now - entry.Added >= GiveUpAfter:
                    await FailAsync(path, entry, $"gave up after {entry.Attempts + 1} tries over three days: {delivery.Reason}", cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    var wait = Retry.Ceiling(entry.Attempts);
                    var next = entry with { Attempts = entry.Attempts + 1, NextAttempt = now + wait, LastError = delivery.Reason };
                    await AtomicFile.WriteAsync(path, next.Encode(), cancellationToken: cancellationToken).ConfigureAwait(false);
                    break;
            }
        }

        return attempts;
    }

    /// <summary>When the next delivery is due, or null when nothing waits.</summary>
    public DateTimeOffset? NextAttempt => Entries().Select(e => (DateTimeOffset?)e.Entry.NextAttempt).Min();

    async Task FailAsync(string path, Entry entry, string reason, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(FailedFolder);
        await AtomicFile.WriteAsync(Path.Join(FailedFolder, Path.GetFileName(path)), (entry with { LastError = reason }).Encode(), cancellationToken: cancellationToken).ConfigureAwait(false);
        File.Delete(path);
    }

    IEnumerable<(string Path, Entry Entry)> Entries()
    {
        foreach (var path in Directory.EnumerateFiles(_folder, "*.json"))
        {
            Entry? entry;
            try
            {
                entry = Entry.Decode(File.ReadAllBytes(path));
            }
            catch (Exception e) when (e is FormatException or IOException)
            {
                entry = null; // a damaged file is left where it is for a person to look at
            }

            if (entry is not null)
            {
                yield return (path, entry);
            }
        }
    }

    static string Safe(string id) => string.Concat(id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));

    sealed record Entry(AlertNotice Notice, string ChannelKey, string ChannelName, int Attempts, DateTimeOffset Added, DateTimeOffset NextAttempt, string? LastError)
    {
        public byte[] Encode()
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            {
                json.WriteStartObject();
                json.WriteString("channel", ChannelName);
                json.WriteString("channelKey", ChannelKey);
                json.WriteNumber("attempts", Attempts);
                json.WriteString("added", Added);
                json.WriteString("nextAttempt", NextAttempt);
                if (LastError is not null)
                {
                    json.WriteString("lastError", LastError);
                }

                json.WritePropertyName("notice");
                NoticeJson.Write(json, Notice);
                json.WriteEndObject();
            }

            return buffer.ToArray();
        }

        public static Entry Decode(byte[] bytes)
        {
            try
            {
                using var document = JsonDocument.Parse(bytes);
                var root = document.RootElement;
                return new Entry(
                    NoticeJson.Read(root.GetProperty("notice")),
                    root.GetProperty("channelKey").GetString()!,
                    root.GetProperty("channel").GetString()!,
                    root.GetProperty("attempts").GetInt32(),
                    root.GetProperty("added").GetDateTimeOffset(),
                    root.GetProperty("nextAttempt").GetDateTimeOffset(),
                    root.TryGetProperty("lastError", out var error) ? error.GetString() : null);
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"not an outbox entry: {e.Message}"), e);
            }
        }
    }
}

/// <summary>One try to deliver a notice through a channel, and what came of it.</summary>
/// <param name="Notice">The notice.</param>
/// <param name="Channel">The channel's name.</param>
/// <param name="Delivery">What came of it.</param>
public sealed record DeliveryAttempt(AlertNotice Notice, string Channel, Delivery Delivery);
