using QwenLogFunctions.Storage.Aggregation;
using QwenLogFunctions.Storage.Retention;

namespace QwenLogFunctions.Pipeline.Hourly;

/// <summary>
/// The hourly run: merge the partials of every changed hour (or one given hour), judge the alert rules on what was
/// merged, then apply retention. Called by the Aggregate timer and by <c>qwenlog aggregate</c>, so hours merged by
/// either host are judged by the hour-scoped rules: aggregation clears the dirty marks, and an hour merged without
/// alert evaluation would never be judged. Re-running is harmless: merges replace, and the engine ignores hours
/// older than what each alert was last judged on.
/// </summary>
public sealed class HourlyRun
{
    private readonly AggregationService _aggregation;
    private readonly AlertEvaluation _alerts;
    private readonly RetentionService _retention;

    /// <summary>Creates the use case.</summary>
    public HourlyRun(AggregationService aggregation, AlertEvaluation alerts, RetentionService retention)
    {
        _aggregation = aggregation;
        _alerts = alerts;
        _retention = retention;
    }

    /// <summary>One run.</summary>
    /// <param name="hour">Merge this hour whether it changed or not; null merges every changed hour.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public async Task<HourlyRunResult> RunAsync(DateTimeOffset? hour, CancellationToken cancellationToken)
    {
        var aggregation = await _aggregation.AggregateAsync(hour, cancellationToken);
        var alerts = await _alerts.EvaluateAsync(aggregation, cancellationToken);
        var dropped = await _retention.ApplyAsync(cancellationToken);
        return new HourlyRunResult(aggregation, alerts, dropped);
    }
}
