using Microsoft.Extensions.Logging;
using QwenLogFunctions.Alerting;
using QwenLogFunctions.Core.Reports;
using QwenLogFunctions.Core.Telemetry;
using QwenLogFunctions.Storage.Aggregation;
using QwenLogFunctions.Storage.Shards;

namespace QwenLogFunctions.Pipeline.Hourly;

/// <summary>
/// The hourly run's second step, alert evaluation after aggregation (whichever host aggregated): turns the merged hours, the shards' ledgers and the newest
/// request time into an <see cref="AlertEvaluationInput"/> and hands it to the <see cref="AlertEngine"/>, which keeps
/// state and notifies. Runs even when nothing was merged: "no requests for N hours" and notifications that failed
/// last time are judged and retried then too. The engine ignores hours older than what each alert was last judged on,
/// so re-running the timer over the same hours sends nothing twice.
/// </summary>
public sealed class AlertEvaluation
{
    private readonly AlertEngine _engine;
    private readonly ShardStatusService _shards;
    private readonly TimeProvider _time;
    private readonly ILogger<AlertEvaluation> _logger;
    private readonly QwenLogInstrumentation? _instrumentation;

    /// <summary>Creates the step.</summary>
    /// <param name="engine">The alert engine.</param>
    /// <param name="shards">Reads the shard ledgers (line counts for the rejected-line rate).</param>
    /// <param name="time">Clock of the evaluation ("now").</param>
    /// <param name="logger">Logger.</param>
    /// <param name="instrumentation">Spans; null when telemetry is not registered.</param>
    public AlertEvaluation(
        AlertEngine engine,
        ShardStatusService shards,
        TimeProvider time,
        ILogger<AlertEvaluation> logger,
        QwenLogInstrumentation? instrumentation = null)
    {
        _engine = engine;
        _shards = shards;
        _time = time;
        _logger = logger;
        _instrumentation = instrumentation;
    }

    /// <summary>Judges the rules on the hours merged in one aggregation run; keeps alert state and notifies.</summary>
    public async Task<AlertEvaluationResult> EvaluateAsync(AggregationResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var activity = _instrumentation?.ActivitySource.StartActivity("EvaluateAlerts");
        var (ledgers, problems) = await ReadLedgersAsync(result, cancellationToken);
        var input = BuildInput(result, ledgers, _time.GetUtcNow(), problems);
        var evaluation = await _engine.EvaluateAsync(input, cancellationToken);

        int failed = evaluation.Notifications.Count(n => !n.Succeeded);
        activity?.SetTag("qwenlog.alerts.fired", evaluation.Fired.Count);
        activity?.SetTag("qwenlog.alerts.resolved", evaluation.Resolved.Count);
        activity?.SetTag("qwenlog.alerts.firing", evaluation.Firing.Count);
        PipelineLog.AlertsEvaluated(_logger, result.Hours.Count, evaluation.Fired.Count, evaluation.Resolved.Count, evaluation.Firing.Count, failed);
        // Alert keys are joined only when alerts changed state (at most hourly), not per line: a guard would save nothing.
        if (evaluation.Fired.Count > 0)
        {
            PipelineLog.AlertsFired(_logger, string.Join(", ", evaluation.Fired.Select(a => a.Key)));
        }

        if (evaluation.Resolved.Count > 0)
        {
#pragma warning disable CA1873 // see above: rare, and the analyzer does not take an IsEnabled guard around a [LoggerMessage] call
            PipelineLog.AlertsResolved(_logger, string.Join(", ", evaluation.Resolved.Select(a => a.Key)));
#pragma warning restore CA1873
        }

        return evaluation;
    }

    /// <summary>
    /// The engine's input for one aggregation result (pure, so the mapping is testable without storage).
    /// </summary>
    /// <param name="result">The aggregation run.</param>
    /// <param name="ledgerLines">Line counts of each shard's ledger by shard name; a shard missing here (or with null) is left out of the rejected-line rate.</param>
    /// <param name="now">Evaluation time.</param>
    /// <param name="shardProblems">Shard-level problem of each incomplete shard by name (ledger status Incomplete); null leaves the incomplete-shards rule unjudged.</param>
    internal static AlertEvaluationInput BuildInput(AggregationResult result, IReadOnlyDictionary<string, LineCounts?> ledgerLines, DateTimeOffset now, IReadOnlyDictionary<string, string>? shardProblems = null) => new()
    {
        Now = now,
        Hours = [.. result.Hours.SelectMany(ScopedHours)],
        EmptyRuns = EmptyRuns(result.Hours),
        Shards = shardProblems is null ? [] : Completeness(result.Hours, shardProblems),
        Lines = LineHours(result.Hours, ledgerLines),
        LastRequestAt = result.LastRequestAt,
    };

    private static IEnumerable<ScopedHour> ScopedHours(HourAggregate hour)
    {
        yield return new ScopedHour(AlertRuleIds.AllModels, hour.Overall);
        foreach (var (model, statistics) in hour.ByModel)
        {
            // Model names come from the logs: one literally called "all" would share the all-models series, which
            // already covers its requests.
            if (!string.Equals(model, AlertRuleIds.AllModels, StringComparison.Ordinal))
            {
                yield return new ScopedHour(model, statistics);
            }
        }
    }

    /// <summary>
    /// One run per shard: the longest empty run of the shard over the merged hours (the newest on a tie). A shard with
    /// no empty response is still given (length 0, at its newest hour) so a healthy replacement resolves the alert.
    /// </summary>
    private static List<ShardRun> EmptyRuns(IReadOnlyList<HourAggregate> hours)
    {
        var runs = new List<ShardRun>();
        var perShard = hours
            .SelectMany(hour => hour.ShardDetails.Select(detail => (hour.Hour, Detail: detail)))
            .GroupBy(x => x.Detail.Shard, StringComparer.Ordinal);
        foreach (var shard in perShard)
        {
            var worst = shard.OrderByDescending(x => x.Detail.LongestEmptyRun).ThenByDescending(x => x.Hour).First();
            if (worst.Detail.LongestEmptyRun > 0)
            {
                // Shards ingested before run times were kept have none: the hour stands in for both ends.
                runs.Add(new ShardRun(shard.Key, worst.Detail.LongestEmptyRun, worst.Detail.EmptyRunFirstAt ?? worst.Hour, worst.Detail.EmptyRunLastAt ?? worst.Hour));
            }
            else
            {
                var newest = shard.Max(x => x.Hour);
                runs.Add(new ShardRun(shard.Key, 0, newest, newest));
            }
        }

        return runs;
    }

    /// <summary>
    /// Rejected and total lines per hour. Rejected lines have no trusted timestamp, so each shard's ledger counts are
    /// spread over its hours in proportion to its requests there (a shard of one hour gives that hour all of them).
    /// </summary>
    private static List<LineHour> LineHours(IReadOnlyList<HourAggregate> hours, IReadOnlyDictionary<string, LineCounts?> ledgerLines)
    {
        var lines = new List<LineHour>();
        foreach (var hour in hours)
        {
            double total = 0, rejected = 0;
            foreach (var detail in hour.ShardDetails)
            {
                if (detail.Requests <= 0 || !ledgerLines.TryGetValue(detail.Shard, out var counts) || counts is not { Accepted: > 0 })
                {
                    continue;
                }

                double share = (double)detail.Requests / counts.Accepted;
                total += counts.Total * share;
                rejected += counts.Rejected * share;
            }

            if (total > 0)
            {
                lines.Add(new LineHour(hour.Hour, (long)Math.Round(total), (long)Math.Round(rejected)));
            }
        }

        return lines;
    }

    /// <summary>Every shard of the merged hours, at its newest merged hour, with its problem when it is incomplete.</summary>
    private static List<ShardCompleteness> Completeness(IReadOnlyList<HourAggregate> hours, IReadOnlyDictionary<string, string> shardProblems) =>
        [.. hours
            .SelectMany(hour => hour.ShardDetails.Select(detail => (hour.Hour, detail.Shard)))
            .GroupBy(x => x.Shard, StringComparer.Ordinal)
            .Select(g => new ShardCompleteness(g.Key, g.Max(x => x.Hour), shardProblems.GetValueOrDefault(g.Key)))];

    private async Task<(Dictionary<string, LineCounts?> Lines, Dictionary<string, string> Problems)> ReadLedgersAsync(AggregationResult result, CancellationToken cancellationToken)
    {
        // One ledger read per shard of the merged hours: the cost follows the shards, never the requests.
        var lines = new Dictionary<string, LineCounts?>(StringComparer.Ordinal);
        var problems = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var shard in result.Hours.SelectMany(h => h.ShardDetails).Select(d => d.Shard).Distinct(StringComparer.Ordinal))
        {
            var status = await _shards.GetAsync(shard, maxRejects: 0, cancellationToken);
            lines[shard] = status?.Lines;
            if (status is { Status: ShardIngestStatus.Incomplete })
            {
                problems[shard] = status.LastError ?? "incomplete";
            }
        }

        return (lines, problems);
    }
}
