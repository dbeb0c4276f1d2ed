using Microsoft.Azure.Functions.Worker;
using QwenLogFunctions.Pipeline.Hourly;
using QwenLogFunctions.Storage.Shards;

namespace QwenLogFunctions.Functions.Triggers;

/// <summary>
/// Hourly timer (schedule from QwenLogs__AggregateSchedule, default five past every hour): first re-enqueues purges
/// that stopped moving (a lost queue message must not leave a shard purging for ever), then the <see cref="HourlyRun"/>
/// (merge every hour changed since the last run, judge the alert rules, apply retention).
/// The timer trigger holds a singleton lock, so runs never overlap.
/// </summary>
public sealed class AggregateFunction
{
    private readonly HourlyRun _run;
    private readonly ShardPurgeService _purge;

    /// <summary>Creates the function.</summary>
    public AggregateFunction(HourlyRun run, ShardPurgeService purge)
    {
        _run = run;
        _purge = purge;
    }

    /// <summary>One hourly run.</summary>
    [Function(nameof(Aggregate))]
    public async Task Aggregate([TimerTrigger("%QwenLogs:AggregateSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        await _purge.ResumeStalledAsync(cancellationToken);
        await _run.RunAsync(null, cancellationToken);
    }
}
