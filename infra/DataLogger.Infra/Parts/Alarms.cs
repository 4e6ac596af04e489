using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.CloudWatch.Actions;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.SNS;
using Amazon.CDK.AWS.SNS.Subscriptions;
using DataLogger.Aws;
using DataLogger.Readings;

namespace DataLogger.Infra.Parts;

/// <summary>
/// The alarms: each series' newest reading is a metric (render logs it in the Embedded Metric Format); below, above
/// and offline per series, and the functions' errors and the dead-letter queue, each into one topic (TLS only), ALARM
/// and OK, mailed when an address is given.
/// </summary>
sealed class Alarms
{
    readonly Stack _stack;
    readonly SnsAction _notify;

    public Alarms(Stack stack, DataLoggerSettings settings, Functions functions, Events events)
    {
        _stack = stack;
        Topic = new Topic(stack, "Alarms", new TopicProps { DisplayName = "DataLogger alarms" });
        Topic.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "AlarmsPublish",
            Effect = Effect.ALLOW,
            Principals = [new ServicePrincipal("cloudwatch.amazonaws.com")],
            Actions = ["sns:Publish"],
            Resources = [Topic.TopicArn],
            Conditions = new Dictionary<string, object> { ["StringEquals"] = new Dictionary<string, object> { ["aws:SourceAccount"] = stack.Account } },
        }));
        Topic.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "TlsOnly",
            Effect = Effect.DENY,
            Principals = [new AnyPrincipal()],
            Actions = ["sns:Publish"],
            Resources = [Topic.TopicArn],
            Conditions = new Dictionary<string, object> { ["Bool"] = new Dictionary<string, object> { ["aws:SecureTransport"] = "false" } },
        }));
        if (settings.AlarmEmail is { } email)
        {
            Topic.AddSubscription(new EmailSubscription(email));
        }

        _notify = new SnsAction(Topic);
        // The temperatures' alarms (°C thresholds, offline); another quantity's readings may come rarely (a state, a test
        // taken by hand), so they are not missing when quiet.
        foreach (var each in settings.Series.Where(s => !settings.Quantities.ContainsKey(s)))
        {
            WatchTemperature(each, settings);
        }

        foreach (var (name, function) in functions.All)
        {
            Watch($"{name}Errors", function.MetricErrors(new MetricOptions { Period = Duration.Minutes(5), Statistic = "Sum" }), 1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                TreatMissingData.NOT_BREACHING, $"the {name} function failed");
        }

        Watch("DeadLettersWaiting", events.DeadLetters.MetricApproximateNumberOfMessagesVisible(new MetricOptions { Period = Duration.Minutes(5), Statistic = "Maximum" }), 1,
            ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, TreatMissingData.NOT_BREACHING, "new readings that start-query could not take are in the dead-letter queue");
    }

    /// <summary>Where every alarm goes, ALARM and OK.</summary>
    public Topic Topic { get; }

    // Below and above (when set) and offline, for one series, named by its title as the page names it.
    void WatchTemperature(string series, DataLoggerSettings settings)
    {
        var title = SeriesTitles.Default(series);
        var alarm = title.Replace(" ", string.Empty, StringComparison.Ordinal);
        Metric Temperature(string statistic, Duration period) => new(new MetricProps
        {
            Namespace = ReadingMetric.Namespace,
            MetricName = ReadingMetric.Name,
            DimensionsMap = new Dictionary<string, string> { [ReadingMetric.Dimension] = series },
            Statistic = statistic,
            Period = period,
        });
        if (settings.AlarmBelow is { } below)
        {
            Watch($"{alarm}Below", Temperature("Minimum", Duration.Minutes(5)), below, ComparisonOperator.LESS_THAN_THRESHOLD, TreatMissingData.NOT_BREACHING,
                $"{title} below {below} °C");
        }

        if (settings.AlarmAbove is { } above)
        {
            Watch($"{alarm}Above", Temperature("Maximum", Duration.Minutes(5)), above, ComparisonOperator.GREATER_THAN_THRESHOLD, TreatMissingData.NOT_BREACHING,
                $"{title} above {above} °C");
        }

        Watch($"{alarm}Offline", Temperature("SampleCount", Duration.Minutes(settings.OfflineAfter.TotalMinutes)), 1, ComparisonOperator.LESS_THAN_THRESHOLD, TreatMissingData.BREACHING,
            $"{title}: no reading for {DataLogger.Time.Durations.Format(settings.OfflineAfter)}");
    }

    void Watch(string id, IMetric metric, double threshold, ComparisonOperator comparison, TreatMissingData missing, string description)
    {
        var alarm = new Alarm(_stack, id, new AlarmProps
        {
            Metric = metric,
            Threshold = threshold,
            ComparisonOperator = comparison,
            EvaluationPeriods = 1,
            TreatMissingData = missing,
            AlarmDescription = description,
        });
        alarm.AddAlarmAction(_notify);
        alarm.AddOkAction(_notify);
    }
}
