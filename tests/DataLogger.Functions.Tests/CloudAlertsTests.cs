using Amazon.Runtime;
using DataLogger.Readings;
using DataLogger.Testing;

namespace DataLogger.Functions.Tests;

/// <summary>
/// The pool's fault rules on AWS: render, after drawing a batch of the water, runs them over the query's readings and
/// publishes each notice to the alarms' topic (a SigV4-checking SNS stand-in) before it keeps the new state in the data
/// bucket (the real S3-compatible server): told once, resolved once, and told again with the next batch when SNS is down.
/// </summary>
[Collection(Cloud.Name)]
public sealed class CloudAlertsTests(CloudStandIns cloud)
{
    [Fact]
    public async Task A_stuck_probe_is_told_to_the_alarms_topic_once_its_end_once_and_again_when_sns_was_down()
    {
        await using var sns = FakeSns.Start();
        using var topic = SnsTopic.Create(sns.TopicArn, sns.Endpoint, new BasicAWSCredentials("S3RVER", "S3RVER"));
        var settings = cloud.Settings(series: "watched");
        using var data = cloud.Bucket(S3Server.Bucket);
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 300 * 300);
        var random = new Random(7);

        // 30 hours of water a DS18B20 reads (its noise, its 1/16 °C steps), warming for the last two hours (the heater
        // on), then stuck at one value: seven readings of it, where the water was moving.
        async Task<string> WriteAsync(DateTimeOffset at, double celsius)
        {
            var reading = Reading.Create(at, celsius);
            var key = ReadingKey.For("watched", reading).ToString();
            await data.PutAsync(key, ReadingJson.Encode(reading), ReadingJson.ContentType);
            return key;
        }

        var warming = now.AddMinutes(-155);
        var value = 0.0;
        for (var at = now.AddHours(-30); at <= now.AddMinutes(-35); at = at.AddMinutes(5))
        {
            var gain = at > warming ? 0.5 * (at - warming).TotalHours : 0;
            value = Math.Round((26 + gain + (0.2 * (random.NextDouble() - 0.5))) * 16) / 16;
            await WriteAsync(at, value);
        }

        string last = string.Empty;
        for (var at = now.AddMinutes(-30); at <= now; at = at.AddMinutes(5))
        {
            last = await WriteAsync(at, value);
        }

        // SNS down: the page is drawn, the notice is not lost.
        sns.Errors.Enqueue(500);
        var down = await cloud.RenderAsync(settings, await cloud.StartQueryAsync(settings, [last], now), topic);
        Assert.Equal("rendered", down.Status);
        Assert.Contains("the alarms' topic did not take a notice", down.Message, StringComparison.Ordinal);
        Assert.Empty(sns.Published);

        var told = await cloud.RenderAsync(settings, await cloud.StartQueryAsync(settings, [last], now), topic);
        Assert.Contains("told stuck firing to the alarms' topic", told.Message, StringComparison.Ordinal);
        var (subject, message) = Assert.Single(sns.Published);
        var stuck = value.ToString("0.0#", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"Watched: the probe may be stuck at {stuck} C", subject);
        Assert.Matches($@"^Watched has read {System.Text.RegularExpressions.Regex.Escape(stuck)} °C [78] times in a row since \d\d:\d\d, where this probe always varies a little: check the probe first", message);
        Assert.NotNull(await data.GetAsync(CloudAlerts.StateKey));

        // The same batch again: nothing new to tell.
        await cloud.RenderAsync(settings, await cloud.StartQueryAsync(settings, [last], now), topic);
        Assert.Single(sns.Published);

        // A new value: resolved, once.
        var next = await WriteAsync(now.AddMinutes(5), value + 0.0625);
        await cloud.RenderAsync(settings, await cloud.StartQueryAsync(settings, [next], now.AddMinutes(5)), topic);
        Assert.Equal([$"Watched: the probe may be stuck at {stuck} C", "Watched: the probe varies again"], sns.Published.Select(p => p.Subject));
        Assert.Empty(sns.Refused);
    }
}
