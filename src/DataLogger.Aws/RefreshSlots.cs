using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DataLogger.Aws;

/// <summary>
/// The AWS page's refresh slots: with a refresh of, say, 10 minutes, time is cut into 10-minute slots (on the clock,
/// from the Unix epoch), and every batch of new readings that arrives within one slot asks for the same query, the
/// 48 hours up to the slot's end, under one idempotency token, which Athena answers with the execution it started
/// for the slot's first batch. One owner of the slot rule: the start-query function and the stack's checks.
/// </summary>
public static class RefreshSlots
{
    /// <summary>The shortest refresh: the agent's default interval, a reading every 5 minutes.</summary>
    public static TimeSpan Shortest { get; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The stack's refresh when none is given: the page at most 10 minutes behind. Each drawing costs a series its
    /// partitions' LISTs and its site files, so drawing every other 5-minute reading halves what is paid per series
    /// (bench/RESULTS.md, the README's cost); <c>5m</c> draws every 5-minute reading.
    /// </summary>
    public static TimeSpan Default { get; } = TimeSpan.FromMinutes(10);

    /// <summary>The longest refresh.</summary>
    public static TimeSpan Longest { get; } = TimeSpan.FromHours(1);

    /// <summary>What is wrong with a refresh, or null: whole minutes from 5 to 60 that divide an hour evenly.</summary>
    public static string? Check(TimeSpan refresh) =>
        refresh < Shortest || refresh > Longest || refresh.Ticks % TimeSpan.TicksPerMinute != 0 || 60 % (int)refresh.TotalMinutes != 0
            ? "the page's refresh is whole minutes from 5 to 60 that divide an hour (5m, 10m, 15m, 20m, 30m, 60m)"
            : null;

    /// <summary>A refresh written as a duration (<c>10m</c>), or what is wrong with it.</summary>
    public static bool TryParse(string text, out TimeSpan refresh, out string? problem)
    {
        problem = DataLogger.Time.Durations.TryParse(text, out refresh, out var error) ? Check(refresh) : error;
        return problem is null;
    }

    /// <summary>The end of the slot <paramref name="now"/> falls in.</summary>
    public static DateTimeOffset EndOf(DateTimeOffset now, TimeSpan refresh)
    {
        var seconds = (long)refresh.TotalSeconds;
        var unix = now.ToUnixTimeSeconds();
        return DateTimeOffset.FromUnixTimeSeconds((unix / seconds * seconds) + seconds);
    }

    /// <summary>The idempotency token of a query of <paramref name="series"/> for the slot ending at <paramref name="end"/> (75 characters).</summary>
    public static string Token(IEnumerable<string> series, DateTimeOffset end)
    {
        var text = string.Join(',', series) + "@" + end.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return "datalogger-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
